package org.refgc.bridge.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.io.IOAccess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.refgc.bridge.runtime.RefgcRuntime;
import org.refgc.testing.CPythonOracle;

/**
 * Scenarios of the instrumenting compiler's suite ({@code polyglot-bridge/src/test/python/scenarios})
 * about CPython 3.12's object graph, run instrumented on the Java heap (a fresh context each, zombie
 * detector on): each must print exactly what CPython 3.12 prints. These pin down the objects
 * CPython creates behind classes (dict, MRO and bases tuples, descriptors), functions (defaults,
 * kwdefaults and closure tuples, {@code __dict__}), exceptions (args, tracebacks, frame objects),
 * and the release order of lists, tuples and dicts, through {@code gc.collect()} counts and
 * {@code __del__} order.
 */
class InstrumentedScenariosTest {
    private static final Path SCENARIOS = Path.of("..", "polyglot-bridge", "src", "test", "python", "scenarios");

    @ParameterizedTest
    @ValueSource(strings = {"gc_class_objects", "gc_function_objects", "gc_exception_frames",
            "gc_traversal_order", "gc_cycles_lesson", "gc_cycles_more"})
    void printsWhatCPythonPrints(String name) throws IOException, InterruptedException {
        Path script = SCENARIOS.resolve(name + ".py").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(script), "missing scenario " + script);

        Process p = new ProcessBuilder(oracle(), script.toString()).redirectErrorStream(true).start();
        String expected = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "oracle timed out");
        assertEquals(0, p.exitValue(), expected);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Context context = Context.newBuilder("python")
                .option("engine.WarnInterpreterOnly", "false")
                .allowIO(IOAccess.ALL)
                .out(out)
                .build()) {
            RefgcRuntime runtime = RefgcRuntime.install(context);
            try {
                Instrumented.runScript(context, runtime, script, true, false);
                assertEquals(expected, out.toString(StandardCharsets.UTF_8), "instrumented output of " + name);
                assertEquals(0, runtime.adapter().zombieUses(), "uses of objects refgc freed");
            } finally {
                runtime.close();
            }
        }
    }

    private static String oracle() {
        String python = CPythonOracle.find();
        assertNotNull(python, "CPython 3.12 oracle not found (refgc.python312, pyenv 3.12.1 or python3.12 on PATH)");
        return python;
    }
}
