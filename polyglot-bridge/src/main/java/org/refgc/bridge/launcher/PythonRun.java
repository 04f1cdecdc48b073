package org.refgc.bridge.launcher;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.refgc.bridge.Refgc;

/**
 * One run of a Python program: builds the context the way {@code python3} would set up its
 * interpreter, installs refgc (unless {@code --stock}), runs the program and turns the outcome into
 * CPython's exit status.
 *
 * <p>Exit status, as CPython's {@code Py_RunMain}: 0 after a normal end; {@code sys.exit(n)} gives
 * n, {@code sys.exit("msg")} prints msg to stderr and gives 1; an uncaught exception prints
 * CPython's traceback (GraalPy runs {@code sys.excepthook} for it because the launcher sets
 * {@code python.AlwaysRunExcepthook}) and gives 1; an uncaught {@code KeyboardInterrupt} gives 130,
 * what a shell reports for CPython re-raising SIGINT; a script that cannot be opened gives 2.
 */
final class PythonRun {

    /** The status a shell shows for a process killed by SIGINT (CPython's KeyboardInterrupt exit). */
    static final int SIGINT_STATUS = 128 + 2;

    private final CommandLine commandLine;
    private final String executable;
    private final Map<String, String> environment;
    private final PrintStream err;

    /**
     * @param executable absolute path of {@code ./refgc}, what {@code sys.executable} reports
     */
    PythonRun(CommandLine commandLine, String executable, Map<String, String> environment, PrintStream err) {
        this.commandLine = commandLine;
        this.executable = executable;
        this.environment = environment;
        this.err = err;
    }

    /**
     * Environment variable equivalent to {@code --stock}. The {@code ./refgc} script exports it for
     * a {@code --stock} run, so that {@code [sys.executable, ...]} started from a stock run is stock
     * too.
     */
    static final String STOCK_VARIABLE = "REFGC_STOCK";

    /** {@code --stock}, or {@value #STOCK_VARIABLE} set (by a stock parent process or the user). */
    boolean stock() {
        String variable = environment.get(STOCK_VARIABLE);
        return commandLine.stock || variable != null && !variable.isEmpty();
    }

    /** Runs the program and returns the process exit status. */
    int run() {
        if (commandLine.mode == CommandLine.Mode.SCRIPT) {
            Path script = Path.of(commandLine.program).toAbsolutePath();
            if (!Files.isReadable(script) || Files.isDirectory(script) && !Files.exists(script.resolve("__main__.py"))) {
                err.println(executable + ": can't open file '" + script + "': [Errno 2] No such file or directory");
                return 2;
            }
        }
        Context context;
        try {
            context = contextBuilder().build();
        } catch (IllegalArgumentException e) {
            err.println("refgc: " + e.getMessage());
            return 1;
        }
        int status;
        Timing timing = Timing.fromEnvironment(environment, err);
        try {
            context.initialize("python");
            timing.phase("python start (context, site)");
            if (!stock()) {
                Refgc.install(context);
                timing.phase("refgc install");
            }
            context.eval(programSource());
            timing.phase("program");
            status = 0;
        } catch (PolyglotException e) {
            status = statusOf(context, e);
        } catch (IOException e) {
            err.println("refgc: " + e.getMessage());
            status = 1;
        }
        status = close(context, status);
        timing.phase("close (atexit)");
        return status;
    }

    /** With {@code REFGC_TIMING=1}: the wall time of each phase of the run, on stderr. */
    static final class Timing {
        private final PrintStream out;
        private long last = System.nanoTime();

        private Timing(PrintStream out) {
            this.out = out;
        }

        static Timing fromEnvironment(Map<String, String> environment, PrintStream err) {
            String flag = environment.get("REFGC_TIMING");
            return new Timing(flag != null && !flag.isEmpty() ? err : null);
        }

        void phase(String name) {
            if (out != null) {
                long now = System.nanoTime();
                out.printf("refgc: timing: %-30s %6d ms%n", name, (now - last) / 1_000_000);
                last = now;
            }
        }
    }

    /**
     * Closes the context, which runs {@code atexit} handlers (the last of them closes refgc's
     * runtime, see {@link Refgc#install}) and flushes Python's streams. A
     * {@code sys.exit} inside an atexit handler does not change the status in CPython either.
     */
    private int close(Context context, int status) {
        try {
            context.close();
        } catch (PolyglotException e) {
            if (!e.isExit()) {
                err.println("refgc: error while closing the context: " + e.getMessage());
                return status == 0 ? 1 : status;
            }
        }
        return status;
    }

    /**
     * CPython's top level ({@code _Py_HandleSystemExit} and {@code PyErr_Print}): the exit status
     * for an exception that ended the program, after reporting it the way CPython does. The
     * context is built with {@code python.AlwaysRunExcepthook=false}, so Python exceptions reach
     * this method unreported.
     */
    private int statusOf(Context context, PolyglotException e) {
        if (e.isExit()) {
            // SystemExit: an int code is the status; any other code is printed to sys.stderr
            // followed by a newline, and the status is 1. GraalPy gives the latter as
            // "SystemExit: " + str(code).
            String message = e.getMessage();
            if (message != null && message.startsWith(SYSTEM_EXIT_PREFIX)) {
                reportOnStderr(context, message.substring(SYSTEM_EXIT_PREFIX.length()));
            }
            return e.getExitStatus();
        }
        Value exception = e.isGuestException() ? e.getGuestObject() : null;
        try {
            if (exception != null && isPythonException(context, exception)) {
                printException(context, exception);
                return isKeyboardInterrupt(context, exception) ? SIGINT_STATUS : 1;
            }
        } catch (PolyglotException reportFailed) {
            // The context could not report it (e.g. interrupted during start-up): fall through.
        }
        if (e.isCancelled() || e.isInterrupted()) {
            return SIGINT_STATUS;
        }
        // Not a Python exception (an internal or host error): report it in traceback form.
        err.println("Traceback (most recent call last):");
        List<PolyglotException.StackFrame> frames = new ArrayList<>();
        e.getPolyglotStackTrace().forEach(frames::add);
        for (int i = frames.size() - 1; i >= 0; i--) {
            PolyglotException.StackFrame f = frames.get(i);
            if (f.isGuestFrame() && f.getSourceLocation() != null) {
                err.println("  File \"" + f.getSourceLocation().getSource().getName() + "\", line "
                        + f.getSourceLocation().getStartLine() + ", in " + f.getRootName());
            }
        }
        err.println(e.getMessage());
        return 1;
    }

    private static final String SYSTEM_EXIT_PREFIX = "SystemExit: ";

    /**
     * PyErr_Print: calls {@code sys.excepthook(type, value, traceback)}. When the hook is the
     * default one, {@code traceback.print_exception} is used instead: CPython 3.12 defines the two
     * to print the same text, and on GraalPy only the latter prints the {@code ^^^^} markers under
     * the failing part of a line.
     */
    private static void printException(Context context, Value exception) {
        try {
            context.eval(PRINT_WITH_TRACEBACK_MODULE).execute(exception);
        } catch (PolyglotException tracebackModuleFailed) {
            context.eval(PRINT_WITH_EXCEPTHOOK).execute(exception);
        }
    }

    private static final Source PRINT_WITH_TRACEBACK_MODULE = internalExpression(
            "lambda e: __import__('sys').excepthook(type(e), e, e.__traceback__)"
            + " if __import__('sys').excepthook is not __import__('sys').__excepthook__"
            + " else __import__('traceback').print_exception(type(e), e, e.__traceback__)");
    private static final Source PRINT_WITH_EXCEPTHOOK = internalExpression(
            "lambda e: __import__('sys').excepthook(type(e), e, e.__traceback__)");
    private static final Source IS_EXCEPTION = internalExpression(
            "lambda e: isinstance(e, BaseException)");
    private static final Source IS_KEYBOARD_INTERRUPT = internalExpression(
            "lambda e: isinstance(e, KeyboardInterrupt)");
    private static final Source WRITE_STDERR = internalExpression(
            "lambda m: (__import__('sys').stderr.write(m + '\\n'), __import__('sys').stderr.flush())");

    private static boolean isPythonException(Context context, Value exception) {
        return context.eval(IS_EXCEPTION).execute(exception).asBoolean();
    }

    private static boolean isKeyboardInterrupt(Context context, Value exception) {
        return context.eval(IS_KEYBOARD_INTERRUPT).execute(exception).asBoolean();
    }

    private void reportOnStderr(Context context, String message) {
        try {
            context.eval(WRITE_STDERR).execute(message);
        } catch (PolyglotException writeFailed) {
            err.println(message);
        }
    }

    /** An internal (hidden from tracebacks) expression; binds no names in {@code __main__}. */
    private static Source internalExpression(String code) {
        return Source.newBuilder("python", code, "<refgc>").internal(true).buildLiteral();
    }

    private Source programSource() throws IOException {
        return switch (commandLine.mode) {
            case COMMAND -> Source.newBuilder("python", commandLine.program, "<string>").build();
            case MODULE -> internal("import runpy; runpy._run_module_as_main(" + pythonString(commandLine.program) + ")");
            case SCRIPT -> internal("__graalpython__.run_path()");
            // No program and a terminal: the interactive prompt (code.interact, not GraalPy's REPL).
            case STDIN -> commandLine.argv.get(0).isEmpty()
                    ? internal("__import__('code').interact(exitmsg='') if __import__('sys').stdin.isatty()"
                            + " else __graalpython__.run_path()")
                    : internal("__graalpython__.run_path()");
        };
    }

    private static Source internal(String code) throws IOException {
        return Source.newBuilder("python", code, "<internal>").internal(true).build();
    }

    /** A Python string literal for {@code s} (module names are identifiers, but be safe). */
    static String pythonString(String s) {
        StringBuilder b = new StringBuilder("'");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.append('\'').toString();
    }

    /** The context python3 would give this command line; refgc's own settings come from {@link Refgc}. */
    Context.Builder contextBuilder() {
        CommandLine cl = commandLine;
        Context.Builder builder = Context.newBuilder("python")
                .apply(Refgc::configure)
                .allowIO(IOAccess.ALL)
                .allowCreateThread(true)
                .allowCreateProcess(true)
                .allowNativeAccess(true)
                .allowEnvironmentAccess(EnvironmentAccess.INHERIT)
                .allowExperimentalOptions(true)
                .useSystemExit(false)
                // Raw file descriptors: no Java-side buffering, so Python's own buffering decides
                // when output appears (as in CPython) and stdout/stderr interleave as they would there.
                .in(new FileInputStream(FileDescriptor.in))
                .out(new FileOutputStream(FileDescriptor.out))
                .err(new FileOutputStream(FileDescriptor.err))
                .arguments("python", cl.argv.toArray(String[]::new))
                .option("python.Executable", executable)
                .option("python.ExecutableList", executable)
                .option("python.RunViaLauncher", "true")
                .option("python.AlwaysRunExcepthook", "false")
                .option("python.PosixModuleBackend", "native")
                .option("python.Sha3ModuleBackend", "native")
                .option("python.InstallSignalHandlers", "true")
                .option("python.NoSiteFlag", Boolean.toString(cl.noSite))
                .option("python.ForceImportSite", Boolean.toString(!cl.noSite))
                .option("python.IgnoreEnvironmentFlag", Boolean.toString(cl.ignoreEnvironment))
                .option("python.IsolateFlag", Boolean.toString(cl.isolate))
                .option("python.QuietFlag", Boolean.toString(cl.quiet))
                .option("python.VerboseFlag", Boolean.toString(cl.verbose || envFlag("PYTHONVERBOSE")))
                .option("python.UnbufferedIO", Boolean.toString(cl.unbuffered || envFlag("PYTHONUNBUFFERED")))
                .option("python.SafePathFlag", Boolean.toString(cl.safePath || envFlag("PYTHONSAFEPATH")))
                .option("python.NoUserSiteFlag", Boolean.toString(cl.noUserSite || envFlag("PYTHONNOUSERSITE")))
                .option("python.DontWriteBytecodeFlag",
                        Boolean.toString(cl.dontWriteBytecode || envFlag("PYTHONDONTWRITEBYTECODE")))
                .option("python.WarnOptions", warnOptions());
        if (cl.mode == CommandLine.Mode.SCRIPT) {
            builder.option("python.InputFilePath", Path.of(cl.program).toAbsolutePath().toString());
        }
        envOption(builder, "PYTHONPATH", "python.PythonPath");
        envOption(builder, "PYTHONHASHSEED", "python.HashSeed");
        envOption(builder, "PYTHONIOENCODING", "python.StandardStreamEncoding");
        envOption(builder, "PYTHONPYCACHEPREFIX", "python.PyCachePrefix");
        return builder;
    }

    private String warnOptions() {
        String fromEnv = env("PYTHONWARNINGS");
        StringBuilder b = new StringBuilder(fromEnv == null ? "" : fromEnv);
        for (String w : commandLine.warnOptions) {
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(w);
        }
        return b.toString();
    }

    private String env(String name) {
        if (commandLine.ignoreEnvironment) {
            return null;
        }
        String value = environment.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    private boolean envFlag(String name) {
        return env(name) != null;
    }

    private void envOption(Context.Builder builder, String variable, String option) {
        String value = env(variable);
        if (value != null) {
            builder.option(option, value);
        }
    }

    /** A stream on standard error that is not closed with the context. */
    static PrintStream stderr() {
        return new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8) {
            @Override
            public void close() {
                flush();
            }
        };
    }
}
