package org.refgc.bridge.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The {@code _weakref} replacement and the stdlib weakref code on top of it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WeakrefModuleTest {
    static final String PRELUDE = GcModuleTest.PRELUDE + """
            import weakref, _weakref
            class Obj:
                def __init__(self, name=''):
                    self.name = name
                def __repr__(self):
                    return 'Obj(%s)' % self.name
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
    void checkHeap() {
        py.run("import gc; gc.collect()");
        assertEquals("", py.drainStderr());
        assertEquals(java.util.List.of(), py.heap().validator().problems());
    }

    private String run(String body) {
        return py.text(PRELUDE + body);
    }

    @Test
    void stdlibWeakrefUsesTheReplacement() {
        assertEquals("True True True <class 'weakref.ReferenceType'> True True", run("""
                import _weakrefset, importlib
                ref = _weakref.ref
                importlib.reload(_weakref)
                out(weakref.ref is _weakref.ref, _weakrefset.ref is _weakref.ref,
                    weakref.ProxyType is _weakref.ProxyType, weakref.ref, _weakref.__spec__.origin == 'built-in',
                    _weakref.ref is ref)
                """));
    }

    @Test
    void callbackFiresWhenTheHeapFreesTheReferent() {
        assertEquals("alive True 1\ncallback dead None\nafter", run("""
                o = new(Obj, 'a')
                r = weakref.ref(o, lambda w: out('callback', 'dead' if w() is None else 'alive', w()))
                out('alive', r() is o, weakref.getweakrefcount(o))
                _refgc.decref(o)
                out('after')
                """));
    }

    @Test
    void callbackNeverFiresAtJvmGcTime() {
        // The heap still counts one reference to the referent, so dropping every Python name and
        // running JVM collections must neither clear the weak reference nor call its callback.
        py.run(PRELUDE + """
                fired = []
                o = new(Obj)
                sys._refgc_test_stash = (weakref.ref(o, fired.append), fired)
                del o
                """);
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        assertEquals("alive 0\nfreed 1", run("""
                r, fired = sys._refgc_test_stash
                del sys._refgc_test_stash
                out('alive' if r() is not None else 'cleared', len(fired))
                _refgc.decref(r())
                out('freed', len(fired))
                """));
    }

    @Test
    void callbacksRunNewestFirstAndDelRunsBeforeThem() {
        assertEquals("del\ncb2\ncb1", run("""
                class D(Obj):
                    def __del__(self):
                        out('del')
                o = new(D)
                r1 = weakref.ref(o, lambda w: out('cb1'))
                r2 = weakref.ref(o, lambda w: out('cb2'))
                _refgc.decref(o)
                """));
    }

    @Test
    void cycleCollectionClearsWeakrefsAndRunsCallbacks() {
        assertEquals("cb a\n2 None", run("""
                a = new(Obj, 'a'); b = new(Obj, 'b')
                link(a, 'b', b); link(b, 'a', a)
                r = weakref.ref(a, lambda w: out('cb a'))
                _refgc.decref(a); _refgc.decref(b)
                n = gc.collect()
                out(n, r())
                """));
    }

    @Test
    void basicRefIsReusedAndCompareAndHashFollowTheReferent() {
        assertEquals("True False True True True dead-eq False", run("""
                o = new(Obj)
                r1 = weakref.ref(o); r2 = weakref.ref(o); r3 = weakref.ref(o, lambda w: None)
                h = hash(r1) == hash(o)
                same = r1 is r2
                o2 = new(Obj)
                q = weakref.ref(o2)
                _refgc.decref(o2)
                out(same, r1 is r3, r1 == r3, h, q != r1, 'dead-eq' if q == q else 'x', q == r1)
                _refgc.decref(o)
                """));
    }

    @Test
    void reprMatchesCPython() {
        String text = run("""
                o = new(Obj)
                r = weakref.ref(o)
                out(repr(r)); out(hex(id(r)), hex(id(o)))
                def f(): pass
                _refgc.track(f)
                rf = weakref.ref(f)
                out(repr(rf))
                _refgc.decref(o)
                out(repr(r))
                """);
        String[] lines = text.split("\n");
        String[] ids = lines[1].split(" ");
        assertEquals("<weakref at " + ids[0] + "; to 'Obj' at " + ids[1] + ">", lines[0]);
        assertTrue(lines[2].matches("<weakref at 0x[0-9a-f]+; to 'function' at 0x[0-9a-f]+ \\(f\\)>"), lines[2]);
        assertEquals("<weakref at " + ids[0] + "; dead>", lines[3]);
    }

    @Test
    void deadRefHashRaisesIfNeverHashed() {
        assertEquals("TypeError weak object has gone away", run("""
                o = new(Obj)
                r = weakref.ref(o)
                _refgc.decref(o)
                try:
                    hash(r)
                except TypeError as e:
                    out('TypeError', e)
                """));
    }

    @Test
    void weakValueDictionaryEntryDisappearsAtFree() {
        assertEquals("1 0 False", run("""
                d = weakref.WeakValueDictionary()
                o = new(Obj)
                d['k'] = o
                n1 = len(d)
                _refgc.decref(o)
                out(n1, len(d), 'k' in d)
                """));
    }

    @Test
    void weakKeyDictionaryAndWeakSetDropFreedObjects() {
        assertEquals("1 1 0 0", run("""
                wk = weakref.WeakKeyDictionary(); ws = weakref.WeakSet()
                o = new(Obj)
                wk[o] = 'v'; ws.add(o)
                n = len(wk), len(ws)
                _refgc.decref(o)
                out(*n, len(wk), len(ws))
                """));
    }

    @Test
    void finalizeRunsAtFreeAndOnlyOnce() {
        assertEquals("True\nfinalized x\nFalse False", run("""
                o = new(Obj)
                f = weakref.finalize(o, out, 'finalized', 'x')
                out(f.alive)
                _refgc.decref(o)
                out(f.alive, f() is None and False)
                """));
    }

    @Test
    void weakMethodDiesWithItsInstance() {
        assertEquals("True cb True", run("""
                class C:
                    def m(self): return 1
                c = new(C)
                wm = weakref.WeakMethod(c.m, lambda w: out_cb.append('cb'))
                out_cb = []
                alive = wm()() == 1
                _refgc.decref(c)
                out(alive, *out_cb, wm() is None)
                """));
    }

    @Test
    void proxyForwardsAndRaisesReferenceErrorWhenDead() {
        assertEquals("p 3 True ReferenceError weakly-referenced object no longer exists", run("""
                o = new(Obj, 'p')
                p = weakref.proxy(o)
                name = p.name
                p.extra = 3
                isp = isinstance(p, weakref.ProxyType)
                _refgc.decref(o)
                try:
                    p.name
                except ReferenceError as e:
                    out(name, o.extra, isp, 'ReferenceError', e)
                """));
    }

    @Test
    void callbackErrorsAreReportedAsUnraisable() {
        String text = run("""
                def cb(w):
                    raise KeyError('cb')
                o = new(Obj)
                r = weakref.ref(o, cb)
                out(capture_stderr(lambda: _refgc.decref(o)))
                """);
        assertTrue(text.startsWith("Exception ignored in: <function cb at 0x"), text);
        assertTrue(text.endsWith("KeyError: 'cb'\n"), text);
    }

    @Test
    void refIsSubclassableWithSlots() {
        assertEquals("KeyedRef k True", run("""
                class KeyedRef(weakref.ref):
                    __slots__ = ('key',)
                    def __new__(cls, ob, callback, key):
                        self = weakref.ref.__new__(cls, ob, callback)
                        self.key = key
                        return self
                    def __init__(self, ob, callback, key):
                        super().__init__(ob, callback)
                o = new(Obj)
                k = KeyedRef(o, None, 'k')
                out(type(k).__name__, k.key, k() is o)
                _refgc.decref(o)
                """));
    }
}
