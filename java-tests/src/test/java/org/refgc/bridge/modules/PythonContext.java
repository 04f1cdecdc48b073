package org.refgc.bridge.modules;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.refgc.bridge.runtime.RefgcRuntime;
import org.refgc.core.Heap;

/**
 * One GraalPy context with refgc installed, shared by the tests of a class.
 *
 * <p>{@link #run} executes a snippet in a fresh namespace and returns its {@code result} variable.
 * Snippets see {@code out(*args)}, which records text that {@link #run} returns when there is no
 * {@code result}, and {@code capture_stderr(fn)}, which returns what {@code fn()} wrote to
 * {@code sys.stderr}.
 */
final class PythonContext implements AutoCloseable {
    private static final String HELPERS = """
            def _refgc_test_run(src):
                import sys, io
                lines = []
                def out(*args):
                    lines.append(' '.join(str(a) for a in args))
                def capture_stderr(fn):
                    old = sys.stderr
                    sys.stderr = buf = io.StringIO()
                    try:
                        fn()
                    finally:
                        sys.stderr = old
                    return buf.getvalue()
                ns = {'__name__': '__refgc_test__', 'out': out, 'capture_stderr': capture_stderr}
                exec(compile(src, '<test>', 'exec'), ns)
                if 'result' in ns:
                    return ns['result']
                return '\\n'.join(lines)
            _refgc_test_run
            """;

    final Context context;
    final RefgcRuntime runtime;
    private final Value runner;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    PythonContext() {
        context = Context.newBuilder("python")
                .option("engine.WarnInterpreterOnly", "false")
                .allowIO(IOAccess.ALL) // tracebacks read source lines, as the launcher's contexts can
                .err(err)
                .build();
        runtime = RefgcRuntime.install(context, Heap.builder().validating(true));
        runner = context.eval("python", HELPERS);
    }

    /** Runs a snippet in a fresh namespace; see class doc. */
    Value run(String src) {
        return runner.execute(src);
    }

    /** Runs a snippet and returns its result (or recorded output) as a string. */
    String text(String src) {
        Value v = run(src);
        return v.isString() ? v.asString() : v.toString();
    }

    /** @return what the context wrote to its own stderr stream since the last call */
    String drainStderr() {
        String s = err.toString(StandardCharsets.UTF_8);
        err.reset();
        return s;
    }

    Heap heap() {
        return runtime.heap();
    }

    @Override
    public void close() {
        runtime.close();
        context.close();
    }
}
