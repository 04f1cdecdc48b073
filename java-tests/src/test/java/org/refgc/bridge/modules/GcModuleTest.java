package org.refgc.bridge.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The {@code gc} module and {@code __del__}, driven through {@code _refgc}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GcModuleTest {
    /** Tracks objects and counts stored references the way instrumented code will. */
    static final String PRELUDE = """
            import gc, sys, _refgc
            def new(cls, *args):
                o = cls(*args)
                _refgc.track(o)
                return o
            def link(obj, name, value):
                setattr(obj, name, value)
                _refgc.incref(value)
            def append(lst, value):
                lst.append(value)
                _refgc.incref(value)
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

    @AfterEach
    void restoreGcState() {
        py.run("""
                import gc
                gc.set_debug(0); gc.enable(); gc.callbacks.clear(); del gc.garbage[:]
                gc.set_threshold(700, 10, 10); gc.unfreeze(); gc.collect()
                """);
        assertEquals("", py.drainStderr());
        assertEquals(java.util.List.of(), py.heap().validator().problems());
    }

    private String run(String body) {
        return py.text(PRELUDE + body);
    }

    @Test
    void moduleIsServedAsBuiltinAndReloads() {
        assertEquals("<module 'gc' (built-in)> built-in True True <built-in function collect>", run("""
                import importlib
                cb = gc.callbacks
                g = importlib.reload(gc)
                out(repr(gc), gc.__spec__.origin, g is gc, gc.callbacks is cb, gc.collect)
                """));
    }

    @Test
    void everyNameOfCPythonsGcModuleIsPresent() {
        assertEquals("callbacks collect DEBUG_COLLECTABLE DEBUG_LEAK DEBUG_SAVEALL DEBUG_STATS "
                + "DEBUG_UNCOLLECTABLE disable enable freeze garbage get_count get_debug get_freeze_count "
                + "get_objects get_referents get_referrers get_stats get_threshold is_finalized is_tracked "
                + "isenabled set_debug set_threshold unfreeze", run("""
                out(*sorted((n for n in dir(gc) if not n.startswith('_')), key=str.lower))
                """));
        assertEquals("1 2 4 32 38 True", run("""
                out(gc.DEBUG_STATS, gc.DEBUG_COLLECTABLE, gc.DEBUG_UNCOLLECTABLE, gc.DEBUG_SAVEALL,
                    gc.DEBUG_LEAK, type(gc.garbage) is list and type(gc.callbacks) is list)
                """));
    }

    @Test
    void thresholdsAndEnableState() {
        assertEquals("(700, 10, 10) True (5, 10, 10) (5, 6, 7) False True", run("""
                a = gc.get_threshold(); e = gc.isenabled()
                gc.set_threshold(5); b = gc.get_threshold()
                gc.set_threshold(5, 6, 7); c = gc.get_threshold()
                gc.disable(); d = gc.isenabled(); gc.enable()
                out(a, e, b, c, d, gc.isenabled())
                """));
    }

    @Test
    void setThresholdStoresArgumentsConvertedBeforeAnError() {
        // PyArg_ParseTuple writes each threshold as it converts it.
        assertEquals("(9, 10, 10)", run("""
                try:
                    gc.set_threshold(9, 'x')
                except TypeError:
                    pass
                out(gc.get_threshold())
                """));
    }

    @Test
    void delRunsAtOnceOnLastDecref() {
        assertEquals("before\ndel a\nafter", run("""
                class A:
                    def __del__(self):
                        out('del', self.name)
                a = new(A); a.name = 'a'
                _refgc.incref(a)
                _refgc.decref(a)
                out('before')
                _refgc.decref(a)
                out('after')
                """));
    }

    @Test
    void delRunsAtMostOnceEvenAfterResurrection() {
        assertEquals("del 1\nresurrected True 2\ngone", run("""
                keep = []
                class A:
                    def __del__(self):
                        out('del', len(keep) + 1)
                        keep.append(self)
                        _refgc.incref(self)
                a = new(A)
                _refgc.decref(a)
                out('resurrected', gc.is_finalized(keep[0]), sys.getrefcount(keep[0]))
                _refgc.decref(keep.pop())
                out('gone')
                """));
    }

    @Test
    void twoInstanceCycleWithDelIsCollected() {
        assertEquals("0\ndel a\ndel b\n2\n0", run("""
                class A:
                    def __del__(self):
                        out('del', self.name)
                a = new(A); a.name = 'a'
                b = new(A); b.name = 'b'
                link(a, 'other', b); link(b, 'other', a)
                _refgc.decref(a); _refgc.decref(b)
                out(gc.collect(0) if False else 0)
                out(gc.collect())
                out(gc.collect())
                """));
    }

    @Test
    void selfReferencingListAndDictAreCollected() {
        assertEquals("1 1 2", run("""
                l = new(list); append(l, l); _refgc.decref(l); a = gc.collect()
                d = new(dict); d['me'] = d; _refgc.incref(d); _refgc.gc_track(d); _refgc.decref(d); b = gc.collect()
                t = new(tuple, ([],))
                inner = t[0]; _refgc.track(inner); _refgc.incref(inner)
                append(inner, t); _refgc.decref(inner); _refgc.decref(t)
                c = gc.collect()
                out(a, b, c)
                """));
    }

    @Test
    void callbacksSeeStartAndStopWithInfo() {
        assertEquals("start {'generation': 2, 'collected': 0, 'uncollectable': 0}\n"
                + "stop {'generation': 2, 'collected': 2, 'uncollectable': 0}\n"
                + "start {'generation': 1, 'collected': 0, 'uncollectable': 0}\n"
                + "stop {'generation': 1, 'collected': 0, 'uncollectable': 0}", run("""
                class N: pass
                a = new(N); b = new(N); link(a, 'b', b); link(b, 'a', a)
                _refgc.decref(a); _refgc.decref(b)
                gc.callbacks.append(lambda phase, info: out(phase, info))
                gc.collect(); gc.collect(1)
                """));
    }

    @Test
    void callbackErrorsAreReportedAsUnraisable() {
        String text = run("""
                def bad(phase, info):
                    raise RuntimeError('cb ' + phase)
                gc.callbacks.append(bad)
                out(capture_stderr(gc.collect))
                """);
        assertTrue(text.startsWith("Exception ignored in: <function bad at 0x"), text);
        assertTrue(text.contains("RuntimeError: cb start\n"), text);
        assertTrue(text.contains("RuntimeError: cb stop\n"), text);
    }

    @Test
    void delErrorsAreReportedAsCPythonDoes() {
        String text = run("""
                class A:
                    def __del__(self):
                        raise ValueError('boom')
                a = new(A)
                out(capture_stderr(lambda: _refgc.decref(a)))
                """);
        assertTrue(text.startsWith("Exception ignored in: <function A.__del__ at 0x"), text);
        assertTrue(text.contains("Traceback (most recent call last):\n"), text);
        assertTrue(text.endsWith("ValueError: boom\n"), text);
    }

    @Test
    void saveAllPutsCollectedCycleIntoGarbageAndDelOfGarbageReleasesIt() {
        assertEquals("2 2 True 0 1", run("""
                class N: pass
                a = new(N); b = new(N); link(a, 'b', b); link(b, 'a', a)
                _refgc.decref(a); _refgc.decref(b)
                gc.set_debug(gc.DEBUG_SAVEALL)
                n = gc.collect()
                g = len(gc.garbage)
                ok = gc.garbage[0] is a or gc.garbage[0] is b
                gc.set_debug(0)
                del gc.garbage[:]
                m = gc.collect()
                out(n, g, ok, len(gc.garbage), m // 2)
                """));
    }

    @Test
    void legacyFinalizerMakesCycleUncollectable() {
        assertEquals("2 True 0", run("""
                @_refgc.with_tp_del
                class Legacy:
                    def __tp_del__(self):
                        out('tp_del')
                a = new(Legacy); b = new(Legacy); link(a, 'b', b); link(b, 'a', a)
                _refgc.decref(a); _refgc.decref(b)
                n = gc.collect()
                inside = any(x is a for x in gc.garbage)
                for x in gc.garbage:
                    x.__dict__.clear()
                _refgc.decref(a); _refgc.decref(b)
                del gc.garbage[:]
                out(n, inside, len(gc.garbage))
                """).replace("tp_del\n", ""));
    }

    @Test
    void debugOutputGoesToSysStderrInCPythonsFormat() {
        String text = run("""
                class Node: pass
                a = new(Node); b = new(Node); link(a, 'b', b); link(b, 'a', a)
                _refgc.decref(a); _refgc.decref(b)
                ids = sorted([hex(id(a)), hex(id(b))])
                gc.set_debug(gc.DEBUG_STATS | gc.DEBUG_COLLECTABLE)
                err = capture_stderr(gc.collect)
                gc.set_debug(0)
                out(ids[0], ids[1])
                out(err)
                """);
        String[] lines = text.split("\n");
        String[] ids = lines[0].split(" ");
        assertEquals("gc: collecting generation 2...", lines[1]);
        assertTrue(lines[2].startsWith("gc: objects in each generation: "), text);
        assertTrue(text.contains("gc: collectable <Node " + ids[0] + ">") || text.contains("gc: collectable <Node " + ids[1] + ">"), text);
        assertTrue(text.contains("gc: done, 2 unreachable, 0 uncollectable, "), text);
        assertTrue(text.contains("s elapsed"), text);
    }

    @Test
    void getObjectsReferrersAndReferents() {
        // list_traverse visits the items last to first
        assertEquals("True True True ['x', 1] True True False", run("""
                class N: pass
                a = new(N); b = new(list)
                link(a, 'b', b)
                objs = gc.get_objects()
                out(any(o is a for o in objs), any(o is b for o in gc.get_objects(0)),
                    any(r is a for r in gc.get_referrers(b)), gc.get_referents([1, 'x']),
                    gc.get_referents(a)[0] is b, gc.get_referents(a)[-1] is N, any(o is b for o in gc.get_objects(2)))
                _refgc.decref(a)
                """));
    }

    @Test
    void isTrackedAndIsFinalized() {
        assertEquals("True False False True False True False", run("""
                class A:
                    def __del__(self):
                        keep.append(self); _refgc.incref(self)
                keep = []
                a = new(A)
                d = new(dict)
                t1 = gc.is_tracked(a); t2 = gc.is_tracked(d); t3 = gc.is_tracked(1)
                f1 = gc.is_finalized(a)
                _refgc.decref(a)
                out(t1, t2, t3, gc.is_tracked([]), f1, gc.is_finalized(keep[0]), gc.is_tracked({}))
                _refgc.decref(keep.pop()); _refgc.decref(d)
                """));
    }

    @Test
    void countsStatsAndFreeze() {
        assertEquals("1 True 3 True 0", run("""
                gc.collect()
                c0 = gc.get_count()[0]
                x = new(list)
                c1 = gc.get_count()[0]
                s = gc.get_stats()
                gc.freeze(); fc = gc.get_freeze_count(); gc.unfreeze()
                out(c1 - c0, fc >= 1, len(s), set(s[0]) == {'collections', 'collected', 'uncollectable'},
                    gc.get_freeze_count())
                _refgc.decref(x)
                """));
    }

    @Test
    void automaticCollectionRunsAtSafePoint() {
        assertEquals("True", run("""
                gc.collect()
                gc.set_threshold(3)
                seen = []
                gc.callbacks.append(lambda p, i: seen.append(p))
                objs = [new(list) for _ in range(5)]
                _refgc.safepoint()
                out('start' in seen)
                for o in objs: _refgc.decref(o)
                """));
    }

    @Test
    void tuplesOfAtomicValuesAreUntrackedByACollection() {
        assertEquals("True False True", run("""
                t = new(tuple, (1, 'a', None))
                holder = new(list)
                u = new(tuple, (holder,)); _refgc.incref(holder)
                before = gc.is_tracked(t)
                gc.collect()
                out(before, gc.is_tracked(t), gc.is_tracked(u))
                _refgc.decref(t); _refgc.decref(u); _refgc.decref(holder)
                """));
    }

    @Test
    void uncollectableDebugOutputNamesLegacyObjects() {
        String text = run("""
                @_refgc.with_tp_del
                class Legacy:
                    def __tp_del__(self): pass
                a = new(Legacy); b = new(Legacy); link(a, 'b', b); link(b, 'a', a)
                _refgc.decref(a); _refgc.decref(b)
                gc.set_debug(gc.DEBUG_UNCOLLECTABLE)
                out(capture_stderr(gc.collect))
                gc.set_debug(0)
                for x in gc.garbage:
                    x.__dict__.clear()
                _refgc.decref(a); _refgc.decref(b)
                """);
        assertTrue(text.contains("gc: uncollectable <Legacy 0x"), text);
    }

    @Test
    void zombieDetectorReportsUseOfFreedObjects() {
        assertEquals("False True 1 RuntimeError", run("""
                _refgc.set_zombie_detection(True)
                try:
                    class A: pass
                    a = new(A)
                    before = _refgc.is_zombie(a)
                    _refgc.decref(a)
                    z = _refgc.is_zombie(a)
                    n0 = _refgc.zombie_uses()
                    try:
                        _refgc.check(a)
                        kind = 'none'
                    except RuntimeError:
                        kind = 'RuntimeError'
                    out(before, z, _refgc.zombie_uses() - n0, kind)
                finally:
                    _refgc.set_zombie_detection(False)
                """));
    }

    @Test
    void refgcModuleRejectsMisuse() {
        assertEquals("TypeError ValueError ValueError", run("""
                l = new(list)
                res = []
                for call in (lambda: _refgc.track(5), lambda: _refgc.decref([]), lambda: _refgc.track(l)):
                    try:
                        call()
                        res.append('ok')
                    except Exception as e:
                        res.append(type(e).__name__)
                _refgc.decref(l)
                out(*res)
                """));
    }

    @Test
    void javaDrivesTheHeapThroughTheAdapter() {
        org.graalvm.polyglot.Value ns = py.run("""
                import gc
                log = []
                class J:
                    def __del__(self):
                        log.append('del')
                a, b = J(), J()
                result = {'a': a, 'b': b, 'log': log, 'id': id, 'type': type, 'setattr': setattr}
                """);
        org.graalvm.polyglot.Value id = ns.getHashValue("id");
        org.graalvm.polyglot.Value type = ns.getHashValue("type");
        org.refgc.bridge.adapter.ObjectAdapter adapter = py.runtime.adapter();
        org.refgc.core.Heap heap = py.heap();
        int[] h = new int[2];
        String[] names = {"a", "b"};
        for (int i = 0; i < 2; i++) {
            org.graalvm.polyglot.Value o = ns.getHashValue(names[i]);
            org.graalvm.polyglot.Value t = type.execute(o);
            h[i] = adapter.track(o, id.execute(o).asLong(), t, id.execute(t).asLong());
        }
        // a.peer = b and b.peer = a, each reference counted: a two-object cycle.
        ns.getHashValue("setattr").execute(ns.getHashValue("a"), "peer", ns.getHashValue("b"));
        heap.incref(h[1]);
        ns.getHashValue("setattr").execute(ns.getHashValue("b"), "peer", ns.getHashValue("a"));
        heap.incref(h[0]);
        heap.decref(h[0]);
        heap.decref(h[1]);
        assertEquals(0, ns.getHashValue("log").getArraySize());
        assertEquals(2, heap.collect(2));
        assertEquals(2, ns.getHashValue("log").getArraySize());
        assertEquals(false, heap.isAlive(h[0]) && adapter.handleOf(id.execute(ns.getHashValue("a")).asLong()) == h[0]);
    }

    @Test
    void unraisableHookReceivesFinalizerAndCallbackErrorsDuringCollection() {
        // CPython 3.12 gives the same: weakref callbacks (handle_weakrefs) run before finalizers.
        assertEquals("KeyError cb | ValueError A.__del__ | 2", run("""
                import weakref
                seen = []
                def hook(args):
                    seen.append('%s %s' % (args.exc_type.__name__, getattr(args.object, '__qualname__', args.object)))
                old = sys.unraisablehook
                sys.unraisablehook = hook
                try:
                    class A:
                        def __del__(self):
                            raise ValueError('boom')
                    class B: pass
                    a = new(A); b = new(B); link(a, 'b', b); link(b, 'a', a)
                    def cb(w):
                        raise KeyError('x')
                    keep = new(B)
                    r = weakref.ref(b, cb)
                    _refgc.decref(a); _refgc.decref(b)
                    n = gc.collect()
                finally:
                    sys.unraisablehook = old
                out(seen[0], '|', seen[1], '|', n)
                _refgc.decref(keep)
                """));
    }
}
