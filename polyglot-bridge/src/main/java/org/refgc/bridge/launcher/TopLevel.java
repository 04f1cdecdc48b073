package org.refgc.bridge.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * What CPython's top level does with an exception that ends the program ({@code Py_RunMain}'s
 * {@code _Py_HandleSystemExit} and {@code PyErr_Print}): report it and choose the exit status.
 *
 * <ul>
 *   <li>{@code sys.exit(n)}, {@code SystemExit(n)}: status n ({@code None} gives 0);</li>
 *   <li>{@code sys.exit("msg")} (any non-int code): {@code str(code)} and a newline on
 *       {@code sys.stderr}, status 1;</li>
 *   <li>any other exception: {@code sys.excepthook(type, value, traceback)}, which prints CPython's
 *       {@code Traceback (most recent call last):} report, status 1;</li>
 *   <li>{@code KeyboardInterrupt}: reported the same way, status 130, what a shell shows for
 *       CPython, which re-raises SIGINT.</li>
 * </ul>
 *
 * <p>The launcher builds contexts with {@code python.AlwaysRunExcepthook=false}, so exceptions
 * reach Java unreported and this class reports them.
 */
final class TopLevel {

    /** The status a shell shows for a process killed by SIGINT (CPython's KeyboardInterrupt exit). */
    static final int SIGINT_STATUS = 128 + 2;

    private final PrintStream err;

    TopLevel(PrintStream err) {
        this.err = err;
    }

    /** Reports {@code e}, which ended the program run in {@code context}, and returns the exit status. */
    int exitStatus(Context context, PolyglotException e) {
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
     * PyErr_Print: calls {@code sys.excepthook(type, value, traceback)}. Under the default hook the
     * report comes from {@code toplevel.py} instead, which prints what CPython's default hook prints
     * (see there); if that fails, GraalPy's own hook is used.
     */
    private void printException(Context context, Value exception) {
        try {
            if (context.eval(HAS_DEFAULT_HOOK).asBoolean()) {
                context.eval(LOAD_REPORT).execute(resource("toplevel.py")).execute(exception);
                return;
            }
        } catch (PolyglotException | IllegalStateException reportFailed) {
            if (System.getenv("REFGC_DEBUG") != null) {
                reportFailed.printStackTrace();
            }
        }
        context.eval(PRINT_WITH_EXCEPTHOOK).execute(exception);
    }

    private static final Source HAS_DEFAULT_HOOK = internalExpression(
            "__import__('sys').excepthook is __import__('sys').__excepthook__");
    /** Runs a module's source in a private namespace (nothing leaks into __main__), gives its report. */
    private static final Source LOAD_REPORT = internalExpression(
            "lambda src: (lambda ns: (exec(compile(src, '<refgc toplevel>', 'exec'), ns), ns['report'])[1])"
            + "({'__name__': '_refgc_toplevel'})");

    private static String resource(String name) {
        try (InputStream in = TopLevel.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + name, e);
        }
    }

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
}
