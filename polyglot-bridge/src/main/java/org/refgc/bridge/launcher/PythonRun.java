package org.refgc.bridge.launcher;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.IOAccess;
import org.refgc.bridge.Refgc;
import org.refgc.bridge.instrument.Instrumented;
import org.refgc.bridge.runtime.RefgcRuntime;

/**
 * One run of a Python program: builds the context the way {@code python3} would set up its
 * interpreter, installs refgc (unless {@code --stock}), runs the program and turns the outcome into
 * CPython's exit status.
 *
 * <p>The exit status is CPython's: 0 after a normal end, 2 for a script that cannot be opened, and
 * for a program ended by an exception what {@link TopLevel} decides.
 */
final class PythonRun {

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

    /**
     * Whether the program goes through the instrumenting compiler: yes (the default) unless
     * {@code --no-instrument}, or {@value Instrumented#VARIABLE}{@code =0} without
     * {@code --instrument}.
     */
    boolean instrument() {
        if (commandLine.instrument) {
            return true;
        }
        return !commandLine.noInstrument && !"0".equals(environment.get(Instrumented.VARIABLE));
    }

    /** {@code --stats}, or {@value Instrumented#STATS_VARIABLE} set to something other than 0. */
    boolean stats() {
        return commandLine.stats || flag(Instrumented.STATS_VARIABLE);
    }

    private boolean flag(String variable) {
        String value = environment.get(variable);
        return value != null && !value.isEmpty() && !value.equals("0");
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
        PhaseTiming timing = PhaseTiming.fromEnvironment(environment, err);
        try {
            context.initialize("python");
            timing.phase("python start (context, site)");
            RefgcRuntime runtime = null;
            if (!stock()) {
                runtime = install(context);
                if (runtime == null) {
                    return close(context, 1);
                }
                timing.phase("refgc install");
            }
            status = 0;
            if (runtime != null && instrument()) {
                status = Instrumented.run(context, runtime, kind(), program(), flag(Instrumented.ZOMBIE_VARIABLE),
                        stats()).orElse(0);
            } else {
                context.eval(programSource());
            }
            timing.phase("program");
        } catch (PolyglotException e) {
            status = new TopLevel(err).exitStatus(context, e);
        } catch (IOException e) {
            err.println("refgc: " + e.getMessage());
            status = 1;
        }
        status = close(context, status);
        timing.phase("close (atexit)");
        return status;
    }

    private Instrumented.Kind kind() {
        return switch (commandLine.mode) {
            case SCRIPT -> Instrumented.Kind.SCRIPT;
            case COMMAND -> Instrumented.Kind.COMMAND;
            case MODULE -> Instrumented.Kind.MODULE;
            case STDIN -> Instrumented.Kind.STDIN;
        };
    }

    private String program() {
        return commandLine.mode == CommandLine.Mode.SCRIPT
                ? Path.of(commandLine.program).toAbsolutePath().toString()
                : commandLine.program;
    }

    /** Installs refgc into the context; null (after saying why on stderr) if that failed. */
    private RefgcRuntime install(Context context) {
        try {
            return Refgc.install(context);
        } catch (RuntimeException e) {
            err.println("refgc: installing refgc failed (./refgc --stock runs without it): " + e);
            if (environment.get("REFGC_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return null;
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
                .option("python.OrigArgv", origArgv())
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

    /** GraalPy's separator for list-valued options. */
    private static final String LIST_DELIMITER = "\uD83C\uDFC6";

    /** {@code sys.orig_argv}: the launcher, then the arguments as given. */
    private String origArgv() {
        StringBuilder b = new StringBuilder(executable);
        for (String arg : commandLine.original) {
            b.append(LIST_DELIMITER).append(arg);
        }
        return b.toString();
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
