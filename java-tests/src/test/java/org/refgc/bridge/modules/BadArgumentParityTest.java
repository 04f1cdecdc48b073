package org.refgc.bridge.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad-argument parity: every case below runs in the CPython 3.12 oracle (one subprocess) and under
 * refgc, and the exception type and message must be identical. The oracle is
 * {@code /root/.pyenv/versions/3.12.1/bin/python3.12}, else {@code python3.12} on PATH; without it
 * the test fails (it never skips).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadArgumentParityTest {
    static final String ORACLE = "/root/.pyenv/versions/3.12.1/bin/python3.12";

    /** One call per line; each must raise. */
    static final String CASES = """
            gc.enable(1)
            gc.enable(x=1)
            gc.enable(1, x=2)
            gc.disable(1)
            gc.disable(x=1)
            gc.isenabled(1)
            gc.isenabled(x=1)
            gc.collect(3)
            gc.collect(-1)
            gc.collect("x")
            gc.collect(1.5)
            gc.collect(2**100)
            gc.collect(-2**100)
            gc.collect(2**31)
            gc.collect(None)
            gc.collect(1, 2)
            gc.collect(gen=1)
            gc.collect(generation="x")
            gc.collect(generation=3)
            gc.collect(1, generation=1)
            gc.collect(generation=2, x=1)
            gc.collect(Index(7))
            gc.collect(BadIndex())
            gc.get_count(1)
            gc.get_count(x=1)
            gc.get_threshold(1)
            gc.set_threshold()
            gc.set_threshold(1, 2, 3, 4)
            gc.set_threshold("x")
            gc.set_threshold(1.0)
            gc.set_threshold(None)
            gc.set_threshold(2**40)
            gc.set_threshold(-2**40)
            gc.set_threshold(2**100)
            gc.set_threshold(700, "x")
            gc.set_threshold(700, 10, 2**40)
            gc.set_threshold(threshold0=1)
            gc.set_threshold(700, x=1)
            gc.get_debug(1)
            gc.set_debug()
            gc.set_debug("x")
            gc.set_debug(1.0)
            gc.set_debug(None)
            gc.set_debug(1, 2)
            gc.set_debug(flags=1)
            gc.set_debug(2**40)
            gc.set_debug(BadIndex())
            gc.get_objects(5)
            gc.get_objects(3)
            gc.get_objects(-2)
            gc.get_objects(generation=-5)
            gc.get_objects("x")
            gc.get_objects(1, 2)
            gc.get_objects(gen=1)
            gc.get_objects(2**100)
            gc.get_objects(1.0)
            gc.get_objects(generation=1, gen=2)
            gc.get_objects(Index(9))
            gc.get_stats(1)
            gc.get_stats(x=1)
            gc.get_referrers(x=1)
            gc.get_referrers(1, x=1)
            gc.get_referents(x=1)
            gc.is_tracked()
            gc.is_tracked(1, 2)
            gc.is_tracked(obj=1)
            gc.is_finalized()
            gc.is_finalized(1, 2)
            gc.is_finalized(obj=1)
            gc.freeze(1)
            gc.freeze(x=1)
            gc.unfreeze(1)
            gc.get_freeze_count(1)
            sys.getrefcount()
            sys.getrefcount(1, 2)
            sys.getrefcount(object=1)
            sys.getrefcount(1, x=2)
            sys.getsizeof()
            sys.getsizeof(1, 2, 3)
            sys.getsizeof(x=1)
            sys.getsizeof(1, x=2)
            sys.getsizeof(1, default=2, object=3)
            sys.getsizeof(object=1, default=2, x=3)
            sys.getsizeof(BadSize())
            sys.getsizeof(NegSize())
            sys.getsizeof(FloatSize())
            sys.getsizeof(HugeSize())
            sys.getsizeof(NoSize())
            sys.getsizeof(RaiseSize())
            sys.getsizeof(NegSize(), 7)
            sys.getsizeof(RaiseSize(), 7)
            sys.getallocatedblocks(1)
            sys.getallocatedblocks(x=1)
            weakref.ref()
            weakref.ref(1)
            weakref.ref([])
            weakref.ref("abc")
            weakref.ref(Plain(), None, 3)
            weakref.ref(Plain())(1)
            weakref.ref(Plain())(x=1)
            weakref.proxy()
            weakref.proxy(1)
            weakref.proxy(Plain(), None, 3)
            weakref.proxy(Plain(), callback=None)
            weakref.getweakrefcount()
            weakref.getweakrefs(1, 2)
            _weakref._remove_dead_weakref({})
            _weakref._remove_dead_weakref(1, 2)
            _weakref._remove_dead_weakref({1: 2}, 1)
            """;

    static final String SCRIPT = """
            import gc, sys, json, weakref, _weakref
            class Index:
                def __init__(self, v): self.v = v
                def __index__(self): return self.v
            class BadIndex:
                def __index__(self): return "x"
            class BadSize:
                def __sizeof__(self): return "x"
            class NegSize:
                def __sizeof__(self): return -1
            class FloatSize:
                def __sizeof__(self): return 1.0
            class HugeSize:
                def __sizeof__(self): return 2**70
            class RaiseSize:
                def __sizeof__(self): raise KeyError("k")
            class NoSize:
                __sizeof__ = None
            class Plain:
                pass
            def _parity(cases):
                results = []
                saved = gc.get_threshold(), gc.get_debug()
                for case in cases.strip().splitlines():
                    try:
                        eval(case)
                        results.append(["no error", ""])
                    except BaseException as e:
                        results.append([type(e).__name__, str(e)])
                gc.set_threshold(*saved[0]); gc.set_debug(saved[1])
                return json.dumps(results)
            """;

    private PythonContext py;

    @BeforeAll
    void start() {
        py = new PythonContext();
    }

    @AfterAll
    void stop() {
        py.close();
    }

    @Test
    void badArgumentErrorsMatchCPython312() throws Exception {
        List<String> cases = CASES.strip().lines().toList();
        List<String[]> expected = parse(runOracle());
        Value fn = py.context.eval("python", SCRIPT + "\n_parity\n");
        List<String[]> actual = parse(fn.execute(CASES).asString());
        assertEquals(cases.size(), expected.size(), "oracle answered every case");
        assertEquals(cases.size(), actual.size(), "refgc answered every case");
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            String[] e = expected.get(i);
            String[] a = actual.get(i);
            assertTrue(!e[0].equals("no error"), "oracle raised for " + cases.get(i));
            if (!e[0].equals(a[0]) || !e[1].equals(a[1])) {
                mismatches.add(cases.get(i) + "\n    CPython: " + e[0] + ": " + e[1] + "\n    refgc:   " + a[0] + ": " + a[1]);
            }
        }
        System.out.println("bad-argument parity: " + (cases.size() - mismatches.size()) + "/" + cases.size() + " cases match CPython 3.12");
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " of " + cases.size() + " cases differ from CPython 3.12:\n" + String.join("\n", mismatches));
        }
    }

    private static String oraclePath() {
        if (Files.isExecutable(Path.of(ORACLE))) {
            return ORACLE;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "python3.12");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return fail("CPython 3.12 oracle not found at " + ORACLE + " nor as python3.12 on PATH");
    }

    private static String runOracle() throws IOException, InterruptedException {
        Path script = Files.createTempFile("refgc-parity", ".py");
        try {
            Files.writeString(script, SCRIPT + "\nprint(_parity(sys.stdin.read()))\n");
            Process p = new ProcessBuilder(oraclePath(), script.toString()).redirectErrorStream(false).start();
            p.getOutputStream().write(CASES.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "oracle finished");
            assertEquals(0, p.exitValue(), "oracle failed: " + err);
            return out.strip();
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** Parses the JSON list of [type, message] pairs the script prints (strings only). */
    private static List<String[]> parse(String json) {
        List<String[]> out = new ArrayList<>();
        int i = json.indexOf('[') + 1;
        while (true) {
            int open = json.indexOf('[', i);
            if (open < 0) {
                break;
            }
            int[] pos = {open + 1};
            String type = readString(json, pos);
            String msg = readString(json, pos);
            out.add(new String[] {type, msg});
            i = json.indexOf(']', pos[0]) + 1;
        }
        return out;
    }

    private static String readString(String s, int[] pos) {
        int i = s.indexOf('"', pos[0]) + 1;
        StringBuilder b = new StringBuilder();
        while (s.charAt(i) != '"') {
            char c = s.charAt(i++);
            if (c == '\\') {
                char n = s.charAt(i++);
                switch (n) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(n);
                }
            } else {
                b.append(c);
            }
        }
        pos[0] = i + 1;
        return b.toString();
    }
}
