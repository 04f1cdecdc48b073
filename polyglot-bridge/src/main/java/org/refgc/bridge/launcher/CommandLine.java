package org.refgc.bridge.launcher;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code ./refgc} command line, in CPython 3.12's syntax:
 * {@code refgc [--stock] [option] ... [-c cmd | -m mod | file | -] [arg] ...}.
 *
 * <p>Interpreter options come first; the first of {@code -c}, {@code -m}, a file name or
 * {@code -} ends them, and everything after it goes to {@code sys.argv[1:]} untouched (as in
 * CPython, {@code ./refgc script.py --stock} passes {@code --stock} to the script).
 * {@code sys.argv[0]} is {@code "-c"} for a command, {@code "-m"} for a module (runpy then
 * replaces it with the module's path), the file name as given for a script, and {@code ""} or
 * {@code "-"} for standard input, as in CPython.
 */
final class CommandLine {

    /** What the command line asks for. */
    enum Action { RUN, HELP, VERSION }

    /** Where the program comes from. */
    enum Mode { COMMAND, MODULE, SCRIPT, STDIN }

    static final String SHORT_USAGE =
            "usage: refgc [--stock] [option] ... [-c cmd | -m mod | file | -] [arg] ...\n"
            + "Try `refgc -h' for more information.";

    static final String HELP = """
            usage: refgc [--stock] [option] ... [-c cmd | -m mod | file | -] [arg] ...
            Runs Python 3.12 on GraalPy with refgc: CPython's reference counting and cycle
            collector, served as the gc module and the sys memory functions.

            Options (a subset of python3's; the rest of the command line goes to sys.argv):
            --stock : run the same GraalPy without refgc (for side-by-side comparisons)
            --no-instrument : refgc's gc, sys and _weakref without the instrumenting compiler
                     (the program's objects do not enter refgc's heap by themselves)
            --instrument : the default: the program (script, -c, -m or stdin) and every
                     module it imports go through refgc's instrumenting compiler, so its
                     objects get CPython's reference counts, __del__ timing and cycles
            --stats : print at exit how many objects refgc tracked, freed, collected and
                     pinned (externally referenced), on stderr
            -B     : don't write .pyc files on import
            -c cmd : program passed in as string (terminates option list)
            -E     : ignore PYTHON* environment variables (such as PYTHONPATH)
            -h     : print this help message and exit (also -? or --help)
            -I     : isolate Python from the user's environment (implies -E, -P and -s)
            -m mod : run library module as a script (terminates option list)
            -P     : don't prepend a potentially unsafe path to sys.path
            -q     : don't print version and copyright messages on interactive startup
            -s     : don't add user site directory to sys.path
            -S     : don't imply 'import site' on initialization
            -u     : force the stdout and stderr streams to be unbuffered
            -v     : verbose (trace import statements)
            -V     : print the Python version number and exit (also --version)
            -W arg : warning control; arg is action:message:category:module:lineno
            -X opt : implementation-specific option (accepted and ignored, as CPython does
                     for unknown ones)
            file   : program read from script file
            -      : program read from stdin (default; interactive mode if a tty)
            arg ...: arguments passed to program in sys.argv[1:]

            Environment:
            JAVA_HOME       : a JDK 21+ to run on (else the newest under /usr/lib/jvm)
            REFGC_STOCK=1   : same as --stock (set for the subprocesses of a --stock run)
            REFGC_INSTRUMENT=0 : same as --no-instrument (set for the subprocesses of such a run)
            REFGC_ZOMBIE_CHECK=1 : report uses of objects refgc freed, at exit
            REFGC_ZOMBIE_TRACE=1 : with REFGC_ZOMBIE_CHECK=1, name each use (type, line)
            REFGC_STATS=1   : same as --stats
            REFGC_NO_JIT=1  : run without the Truffle JIT (interpreter only)
            REFGC_JAVA_OPTS : extra JVM options
            REFGC_TIMING=1  : print how long each start-up phase took
            REFGC_DEBUG=1   : print Java stack traces of launcher-internal failures
            PYTHONPATH, PYTHONWARNINGS, PYTHONUNBUFFERED, PYTHONDONTWRITEBYTECODE,
            PYTHONSAFEPATH, PYTHONNOUSERSITE, PYTHONIOENCODING, PYTHONHASHSEED: as in python3
            """;

    final Action action;
    final Mode mode;
    /** The arguments as given (for {@code sys.orig_argv}). */
    final List<String> original;
    /** The command (-c), module name (-m) or file name (script); null for stdin. */
    final String program;
    /** sys.argv as the program will see it (before runpy rewrites argv[0] for -m). */
    final List<String> argv;
    final boolean stock;
    /** {@code --instrument}: the instrumenting compiler (the default, unless turned off). */
    final boolean instrument;
    /** {@code --no-instrument}: refgc's heap and modules without the compiler. */
    final boolean noInstrument;
    /** {@code --stats}: print refgc's counters at exit. */
    final boolean stats;
    final boolean ignoreEnvironment;
    final boolean isolate;
    final boolean safePath;
    final boolean noUserSite;
    final boolean noSite;
    final boolean unbuffered;
    final boolean verbose;
    final boolean quiet;
    final boolean dontWriteBytecode;
    final List<String> warnOptions;

    private CommandLine(Builder b) {
        this.action = b.action;
        this.mode = b.mode;
        this.original = List.copyOf(b.original);
        this.program = b.program;
        this.argv = List.copyOf(b.argv);
        this.stock = b.stock;
        this.instrument = b.instrument;
        this.noInstrument = b.noInstrument;
        this.stats = b.stats;
        this.ignoreEnvironment = b.ignoreEnvironment;
        this.isolate = b.isolate;
        this.safePath = b.safePath;
        this.noUserSite = b.noUserSite;
        this.noSite = b.noSite;
        this.unbuffered = b.unbuffered;
        this.verbose = b.verbose;
        this.quiet = b.quiet;
        this.dontWriteBytecode = b.dontWriteBytecode;
        this.warnOptions = List.copyOf(b.warnOptions);
    }

    /** Thrown for a malformed command line; the launcher prints the message and exits with 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Parses {@code args} (the arguments after {@code ./refgc}).
     *
     * @throws UsageException for an unknown option or a missing option argument, with CPython's
     *         message
     */
    static CommandLine parse(String[] args) throws UsageException {
        Builder b = new Builder();
        b.original.addAll(List.of(args));
        int i = 0;
        while (i < args.length && b.mode == null && b.action == Action.RUN) {
            String arg = args[i++];
            if (arg.equals("-") || !arg.startsWith("-")) {
                b.mode = arg.equals("-") ? Mode.STDIN : Mode.SCRIPT;
                b.program = arg.equals("-") ? null : arg;
                b.argv.add(arg);
                break;
            }
            if (arg.startsWith("--")) {
                switch (arg) {
                    case "--" -> {
                        // CPython: "--" ends the options; the next word is the script (or nothing).
                        if (i < args.length) {
                            String next = args[i++];
                            b.mode = next.equals("-") ? Mode.STDIN : Mode.SCRIPT;
                            b.program = next.equals("-") ? null : next;
                            b.argv.add(next);
                        }
                        continue;
                    }
                    case "--stock" -> b.stock = true;
                    case "--instrument" -> {
                        b.instrument = true;
                        b.noInstrument = false;
                    }
                    case "--no-instrument" -> {
                        b.noInstrument = true;
                        b.instrument = false;
                    }
                    case "--stats" -> b.stats = true;
                    case "--help" -> b.action = Action.HELP;
                    case "--version" -> b.action = Action.VERSION;
                    default -> throw new UsageException("unknown option " + arg + "\n" + SHORT_USAGE);
                }
                continue;
            }
            // A cluster of short options, e.g. -uB or -c'print(1)'.
            for (int k = 1; k < arg.length() && b.mode == null; k++) {
                char option = arg.charAt(k);
                String rest = arg.substring(k + 1);
                switch (option) {
                    case 'c', 'm', 'W', 'X' -> {
                        String value;
                        if (!rest.isEmpty()) {
                            value = rest;
                        } else if (i < args.length) {
                            value = args[i++];
                        } else {
                            throw new UsageException("Argument expected for the -" + option + " option\n" + SHORT_USAGE);
                        }
                        if (option == 'c') {
                            b.mode = Mode.COMMAND;
                            b.program = value;
                            b.argv.add("-c");
                        } else if (option == 'm') {
                            b.mode = Mode.MODULE;
                            b.program = value;
                            b.argv.add("-m");
                        } else if (option == 'W') {
                            b.warnOptions.add(value);
                        }
                        k = arg.length(); // the value consumed the rest of the cluster
                    }
                    case 'B' -> b.dontWriteBytecode = true;
                    case 'E' -> b.ignoreEnvironment = true;
                    case 'h', '?' -> b.action = Action.HELP;
                    case 'I' -> {
                        b.isolate = true;
                        b.ignoreEnvironment = true;
                        b.safePath = true;
                        b.noUserSite = true;
                    }
                    case 'P' -> b.safePath = true;
                    case 'q' -> b.quiet = true;
                    case 's' -> b.noUserSite = true;
                    case 'S' -> b.noSite = true;
                    case 'u' -> b.unbuffered = true;
                    case 'v' -> b.verbose = true;
                    case 'V' -> b.action = Action.VERSION;
                    // Accepted for compatibility, no effect on GraalPy (as in GraalPy's own launcher).
                    case 'b', 'd', 'O', 'R', 't' -> { }
                    default -> throw new UsageException("Unknown option: -" + option + "\n" + SHORT_USAGE);
                }
            }
        }
        while (i < args.length) {
            b.argv.add(args[i++]);
        }
        if (b.mode == null) {
            b.mode = Mode.STDIN;
            b.argv.add("");
        }
        return new CommandLine(b);
    }

    private static final class Builder {
        Action action = Action.RUN;
        Mode mode;
        String program;
        final List<String> argv = new ArrayList<>();
        final List<String> original = new ArrayList<>();
        final List<String> warnOptions = new ArrayList<>();
        boolean stock;
        boolean instrument;
        boolean noInstrument;
        boolean stats;
        boolean ignoreEnvironment;
        boolean isolate;
        boolean safePath;
        boolean noUserSite;
        boolean noSite;
        boolean unbuffered;
        boolean verbose;
        boolean quiet;
        boolean dontWriteBytecode;
    }
}
