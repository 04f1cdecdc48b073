package org.refgc.bridge.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.io.IOAccess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.refgc.bridge.runtime.RefgcRuntime;
import org.refgc.testing.CPythonOracle;

/**
 * The lesson's examples, run instrumented (one GraalPy context for the class, the script run once
 * through {@link Instrumented#runScript} with the zombie detector on) and by the CPython 3.12
 * oracle: each section must print what CPython prints, and what the issue states.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstrumentedLessonTest {
    static final String SCRIPT = """
            import gc
            import sys
            gc.disable()

            class Noisy:
                def __init__(self, name):
                    self.name = name
                def __del__(self):
                    print("__del__", self.name)

            def inside(o):
                return sys.getrefcount(o)

            print("## getrefcount")
            a = []
            print(sys.getrefcount(a))
            b = a
            print(sys.getrefcount(a))
            del b
            print(sys.getrefcount(a), inside([]), inside(a))
            print("## del")
            x = Noisy("x")
            print("before")
            del x
            print("after")
            y = Noisy("y1")
            y = Noisy("y2")
            del y
            print("## cycle")
            a = Noisy("a")
            b = Noisy("b")
            a.partner = b
            b.partner = a
            del a, b
            print("no __del__ yet")
            print(gc.collect())
            print("## list")
            l = []
            l.append(l)
            del l
            print(gc.collect())
            print("## dict")
            d = {}
            d["self"] = d
            del d
            print(gc.collect())
            print("## tuple")
            t = ([],)
            t[0].append(t)
            del t
            print(gc.collect())
            print("## empty")
            print(gc.collect())
            """;

    private Context context;
    private RefgcRuntime runtime;
    private Map<String, String> refgc;
    private Map<String, String> cpython;

    @BeforeAll
    void runBoth() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("refgc-instrument-test");
        Path script = dir.resolve("lesson_examples.py");
        Files.writeString(script, SCRIPT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        context = Context.newBuilder("python")
                .option("engine.WarnInterpreterOnly", "false")
                .allowIO(IOAccess.ALL)
                .out(out)
                .build();
        runtime = RefgcRuntime.install(context);
        Instrumented.runScript(context, runtime, script, true, false);
        refgc = sections(out.toString(StandardCharsets.UTF_8));

        Process p = new ProcessBuilder(oracle(), script.toString()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "oracle timed out");
        assertEquals(0, p.exitValue(), text);
        cpython = sections(text);
    }

    @AfterAll
    void close() {
        if (runtime != null) {
            runtime.close();
        }
        if (context != null) {
            context.close();
        }
    }

    private static Map<String, String> sections(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        String name = null;
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("## ")) {
                if (name != null) {
                    out.put(name, b.toString().strip());
                }
                name = line.substring(3);
                b.setLength(0);
            } else if (name != null) {
                b.append(line).append('\n');
            }
        }
        if (name != null) {
            out.put(name, b.toString().strip());
        }
        return out;
    }

    private void section(String name, String expected) {
        assertEquals(expected, cpython.get(name), "the oracle disagrees with the stated expectation");
        assertEquals(expected, refgc.get(name), "instrumented run, section " + name);
    }

    @Test
    void getrefcountOfANewListIsTwo() {
        section("getrefcount", "2\n3\n2 2 3");
    }

    @Test
    void delRunsDelAtOnce() {
        section("del", "before\n__del__ x\nafter\n__del__ y1\n__del__ y2");
    }

    @Test
    void twoInstanceCycleIsCollectedWithBothFinalizers() {
        section("cycle", "no __del__ yet\n__del__ a\n__del__ b\n2");
    }

    @Test
    void selfContainingListDictAndTupleListCycle() {
        section("list", "1");
        section("dict", "1");
        section("tuple", "2");
        section("empty", "0");
    }

    @Test
    void wholeOutputIsTheOraclesAndNoZombies() {
        assertEquals(cpython, refgc);
        assertEquals(0, runtime.adapter().zombieUses(), "uses of objects refgc freed");
    }

    private static String oracle() {
        String python = CPythonOracle.find();
        assertNotNull(python, "CPython 3.12 oracle not found (refgc.python312, pyenv 3.12.1 or python3.12 on PATH)");
        return python;
    }
}
