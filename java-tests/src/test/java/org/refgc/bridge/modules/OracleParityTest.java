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
import org.refgc.testing.CPythonOracle;

/**
 * Parity with the CPython 3.12 oracle ({@code /root/.pyenv/versions/3.12.1/bin/python3.12}, else
 * {@code python3.12} on PATH; without it the tests fail, they never skip). Each test runs its script
 * once in the oracle (one subprocess) and once under refgc:
 * <ul>
 *   <li>bad-argument calls of every gc, sys and weakref function: exception type and message must
 *       be identical;</li>
 *   <li>memory-management scenarios: the printed output must be identical. Objects live only in an
 *       {@code env} dict; the scenarios create, link and drop them through an {@code api} that is
 *       plain Python on CPython (assignment, {@code setattr}, {@code del}) and counts references
 *       through {@code _refgc} under refgc, the way instrumented code will. Output never includes
 *       addresses.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OracleParityTest {

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
            gc.collect(_m=1)
            sys.getsizeof(1, _m=2)
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

    static final String SCENARIOS = """
            import gc, sys, weakref

            class CPythonApi:
                def new(self, env, name, cls, *args):
                    env[name] = cls(*args)
                def link(self, obj, attr, value):
                    setattr(obj, attr, value)
                def append(self, lst, value):
                    lst.append(value)
                def drop(self, env, name):
                    del env[name]
                def unlink(self, obj, attr):
                    setattr(obj, attr, None)
                def setitem(self, d, key, value):
                    d[key] = value
                def new_tuple(self, env, name, items):
                    env[name] = tuple(items)

            class RefgcApi:
                def new(self, env, name, cls, *args):
                    o = cls(*args)
                    __import__('_refgc').track(o)
                    env[name] = o
                def link(self, obj, attr, value):
                    setattr(obj, attr, value)
                    __import__('_refgc').incref(value)
                def append(self, lst, value):
                    lst.append(value)
                    __import__('_refgc').incref(value)
                def drop(self, env, name):
                    __import__('_refgc').decref(env.pop(name))
                def unlink(self, obj, attr):
                    old = getattr(obj, attr)
                    setattr(obj, attr, None)
                    __import__('_refgc').decref(old)
                def setitem(self, d, key, value):
                    d[key] = value
                    r = __import__('_refgc')
                    r.incref(value)
                    r.gc_track(d)  # MAINTAIN_TRACKING: storing a container tracks the dict
                def new_tuple(self, env, name, items):
                    r = __import__('_refgc')
                    t = tuple(items)
                    for x in t:
                        r.incref(x)  # the tuple's references to its items
                    r.track(t)
                    env[name] = t

            class Named:
                def __init__(self, name, log):
                    self.name = name
                    self.log = log
                def __del__(self):
                    self.log.append('del ' + self.name)

            class Plain:
                pass

            def del_at_last_reference(api, env, log):
                api.new(env, 'a', Named, 'a', log)
                api.new(env, 'l', list)
                api.append(env['l'], env['a'])
                log.append('refcount %d' % sys.getrefcount(env['a']))
                api.drop(env, 'a')
                log.append('a dropped')
                api.drop(env, 'l')
                log.append('list dropped')

            def two_cycle_with_del(api, env, log):
                gc.collect()
                api.new(env, 'a', Named, 'a', log)
                api.new(env, 'b', Named, 'b', log)
                api.link(env['a'], 'peer', env['b'])
                api.link(env['b'], 'peer', env['a'])
                api.drop(env, 'a')
                api.drop(env, 'b')
                log.append('collected %d' % gc.collect())
                log.append('again %d' % gc.collect())

            def self_cycles(api, env, log):
                gc.collect()
                api.new(env, 'l', list)
                api.append(env['l'], env['l'])
                api.drop(env, 'l')
                log.append('list cycle %d' % gc.collect())
                api.new(env, 'p', Plain)
                api.link(env['p'], 'me', env['p'])
                api.drop(env, 'p')
                log.append('instance cycle %d' % gc.collect())

            def weakref_callbacks(api, env, log):
                api.new(env, 'o', Named, 'o', log)
                env['r1'] = weakref.ref(env['o'], lambda w: log.append('cb1 %s' % (w() is None)))
                env['r2'] = weakref.ref(env['o'], lambda w: log.append('cb2 %s' % (w() is None)))
                log.append('count %d' % weakref.getweakrefcount(env['o']))
                api.drop(env, 'o')
                log.append('r1 %s' % (env['r1']() is None))

            def weak_containers(api, env, log):
                wvd = weakref.WeakValueDictionary()
                ws = weakref.WeakSet()
                api.new(env, 'o', Plain)
                wvd['k'] = env['o']
                ws.add(env['o'])
                log.append('before %d %d' % (len(wvd), len(ws)))
                api.drop(env, 'o')
                log.append('after %d %d %s' % (len(wvd), len(ws), 'k' in wvd))

            def gc_callbacks_and_stats(api, env, log):
                gc.collect()
                def cb(phase, info):
                    log.append('%s %s' % (phase, sorted(info.items())))
                gc.callbacks.append(cb)
                try:
                    api.new(env, 'a', Plain)
                    api.new(env, 'b', Plain)
                    api.link(env['a'], 'b', env['b'])
                    api.link(env['b'], 'a', env['a'])
                    api.drop(env, 'a')
                    api.drop(env, 'b')
                    gc.collect(1)
                finally:
                    gc.callbacks.remove(cb)

            def saveall_garbage(api, env, log):
                gc.collect()
                api.new(env, 'a', Plain)
                api.new(env, 'b', Plain)
                api.link(env['a'], 'b', env['b'])
                api.link(env['b'], 'a', env['a'])
                api.drop(env, 'a')
                api.drop(env, 'b')
                gc.set_debug(gc.DEBUG_SAVEALL)
                try:
                    n = gc.collect()
                finally:
                    gc.set_debug(0)
                log.append('collected %d garbage %d %s' % (n, len(gc.garbage), sorted(type(x).__name__ for x in gc.garbage)))
                del gc.garbage[:]
                log.append('freed %d' % gc.collect())

            def resurrection(api, env, log):
                gc.collect()
                keep = []
                class Phoenix:
                    def __del__(self):
                        log.append('del phoenix')
                        api.append(keep, self)
                env['keep'] = keep
                api.new(env, 'p', Phoenix)
                api.link(env['p'], 'me', env['p'])
                api.drop(env, 'p')
                log.append('collected %d' % gc.collect())
                log.append('alive %d finalized %s' % (len(keep), gc.is_finalized(keep[0])))
                api.unlink(keep[0], 'me')
                log.append('second collect %d' % gc.collect())
                log.append('refcount %d' % sys.getrefcount(keep[0]))

            def dict_and_tuple_cycles(api, env, log):
                gc.collect()
                api.new(env, 'd', dict)
                log.append('empty dict tracked %s' % gc.is_tracked(env['d']))
                api.setitem(env['d'], 'me', env['d'])
                log.append('dict tracked %s' % gc.is_tracked(env['d']))
                api.drop(env, 'd')
                log.append('dict cycle %d' % gc.collect())
                api.new(env, 'inner', list)
                api.new_tuple(env, 't', [env['inner']])
                api.append(env['inner'], env['t'])
                api.drop(env, 'inner')
                api.drop(env, 't')
                log.append('tuple cycle %d' % gc.collect())

            def weakref_to_cyclic_trash(api, env, log):
                gc.collect()
                api.new(env, 'a', Plain)
                api.new(env, 'b', Plain)
                api.link(env['a'], 'b', env['b'])
                api.link(env['b'], 'a', env['a'])
                env['r'] = weakref.ref(env['a'], lambda w: log.append('callback, dead=%s' % (w() is None)))
                api.drop(env, 'a')
                api.drop(env, 'b')
                log.append('before collect %s' % (env['r']() is not None))
                log.append('collected %d' % gc.collect())
                log.append('after %s' % (env['r']() is None))

            def referrers_and_referents(api, env, log):
                api.new(env, 'holder', Plain)
                api.new(env, 'item', list)
                api.link(env['holder'], 'item', env['item'])
                log.append('holder refers %s' % any(r is env['holder'] for r in gc.get_referrers(env['item'])))
                log.append('referents %s' % [type(x).__name__ for x in gc.get_referents(env['holder'])])
                log.append('refcount %d' % sys.getrefcount(env['item']))
                api.drop(env, 'holder')
                log.append('refcount after %d' % sys.getrefcount(env['item']))
                api.drop(env, 'item')

            def finalize_objects(api, env, log):
                api.new(env, 'o', Plain)
                f = weakref.finalize(env['o'], log.append, 'finalizer ran')
                log.append('alive %s' % f.alive)
                api.drop(env, 'o')
                log.append('alive %s' % f.alive)

            SCENARIOS = [dict_and_tuple_cycles, weakref_to_cyclic_trash, referrers_and_referents,
                         finalize_objects, del_at_last_reference, two_cycle_with_del, self_cycles, weakref_callbacks,
                         weak_containers, gc_callbacks_and_stats, saveall_garbage, resurrection]

            def run_all(api):
                lines = []
                for s in SCENARIOS:
                    log = []
                    env = {}
                    try:
                        s(api, env, log)
                    except Exception as e:
                        log.append('error %s: %s' % (type(e).__name__, e))
                    lines.append(s.__name__ + ': ' + ' | '.join(log))
                return '\\n'.join(lines)
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

    @Test
    void scenariosPrintWhatCPython312Prints() throws Exception {
        String expected = runScenarioOracle();
        String actual = py.context.eval("python", SCENARIOS + "\nrun_all(RefgcApi())\n").asString();
        System.out.println("scenarios (CPython 3.12 = refgc):\n" + actual);
        assertEquals(expected, actual);
        assertEquals(java.util.List.of(), py.heap().validator().problems());
    }

    private static String runScenarioOracle() throws Exception {
        Path script = Files.createTempFile("refgc-scenarios", ".py");
        try {
            Files.writeString(script, SCENARIOS + "\nprint(run_all(CPythonApi()))\n");
            Process p = new ProcessBuilder(oraclePath(), script.toString()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "oracle finished");
            assertEquals(0, p.exitValue(), "oracle failed: " + err);
            return out.strip();
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static String oraclePath() {
        String python = CPythonOracle.find();
        return python != null ? python : fail("CPython 3.12 oracle not found (refgc.python312, pyenv 3.12.1 or python3.12 on PATH)");
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
