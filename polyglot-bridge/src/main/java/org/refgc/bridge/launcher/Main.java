package org.refgc.bridge.launcher;

import java.io.PrintStream;
import java.nio.file.Path;

import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Language;

/**
 * Entry point of {@code ./refgc}: {@code java ... org.refgc.bridge.launcher.Main [args]}.
 *
 * <p>The shell script passes its own absolute path in the system property
 * {@value #EXECUTABLE_PROPERTY}; it becomes {@code sys.executable}, so a script can start
 * {@code ./refgc} again as a subprocess. Without it (started by hand) the JVM command is not
 * re-runnable and {@code sys.executable} is the current directory's {@code refgc}.
 */
public final class Main {

    /** System property naming the launcher script, the value of {@code sys.executable}. */
    public static final String EXECUTABLE_PROPERTY = "refgc.executable";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns the exit status (without exiting). */
    static int run(String[] args) {
        PrintStream err = PythonRun.stderr();
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
        } catch (CommandLine.UsageException e) {
            err.println(e.getMessage());
            return 2;
        }
        return switch (commandLine.action) {
            case HELP -> {
                System.out.print(CommandLine.HELP);
                System.out.flush();
                yield 0;
            }
            case VERSION -> {
                System.out.println("Python " + pythonVersion());
                System.out.flush();
                yield 0;
            }
            case RUN -> new PythonRun(commandLine, executable(), System.getenv(), err).run();
        };
    }

    /** GraalPy's Python language version (e.g. 3.12.8), read from the engine without starting Python. */
    static String pythonVersion() {
        try (Engine engine = Engine.newBuilder("python").option("engine.WarnInterpreterOnly", "false").build()) {
            Language python = engine.getLanguages().get("python");
            return python.getVersion();
        }
    }

    private static String executable() {
        String property = System.getProperty(EXECUTABLE_PROPERTY);
        Path path = Path.of(property != null && !property.isEmpty() ? property : "refgc");
        return path.toAbsolutePath().normalize().toString();
    }
}
