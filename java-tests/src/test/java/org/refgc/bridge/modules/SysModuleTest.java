package org.refgc.bridge.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code sys.getrefcount}, {@code sys.getsizeof} and {@code sys.getallocatedblocks}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SysModuleTest {
    private PythonContext py;

    @BeforeAll
    void start() {
        py = new PythonContext();
    }

    @AfterAll
    void stop() {
        py.close();
    }

    private String run(String body) {
        return py.text(GcModuleTest.PRELUDE + body);
    }

    @Test
    void getsizeofGivesCPython312SizesForBuiltinTypes() {
        // Values measured on CPython 3.12.1, 64-bit.
        assertEquals("56 88 64 40 56 48 48 216 28 36 24 41 44 33 16 28", run("""
                class Empty: pass
                class TwoSlots:
                    __slots__ = ('a', 'b')
                out(*[sys.getsizeof(o) for o in ([], [1, 2, 3], {}, (), (1, 2), Empty(), TwoSlots(),
                                                 set(), 0, 2**64, 1.0, "", "abc", b"", None, True)])
                """));
    }

    @Test
    void getsizeofModelsGrowthOfDictsSetsAndWideStrings() {
        // Also CPython 3.12.1's values: dict key tables, set tables, UCS-2/UCS-4 strings, bigger ints.
        assertEquals("184 224 352 632 216 728 60 64 32 40 72 56 56 32", run("""
                class L(list): pass
                class SD:
                    __slots__ = ('a', '__dict__')
                class Empty:
                    __slots__ = ()
                out(sys.getsizeof({'a': 1}), sys.getsizeof(dict.fromkeys(range(3))),
                    sys.getsizeof(dict.fromkeys(range(6))), sys.getsizeof(dict.fromkeys(range(11))),
                    sys.getsizeof(set(range(4))), sys.getsizeof(set(range(5))),
                    sys.getsizeof("\\u20ac"), sys.getsizeof("\\U0001F600"), sys.getsizeof(2**30),
                    sys.getsizeof(2**100), sys.getsizeof(L()), sys.getsizeof(SD()), sys.getsizeof(slice(1, 2)),
                    sys.getsizeof(Empty()))
                """));
    }

    @Test
    void getsizeofCallsUserSizeofAndAddsHeaders() {
        assertEquals("100 132 7 7", run("""
                class S:
                    __slots__ = ()
                    def __sizeof__(self): return 100 - 16
                class D:
                    def __sizeof__(self): return 100
                class Bad:
                    def __sizeof__(self): return 'x'
                out(sys.getsizeof(S()), sys.getsizeof(D()), sys.getsizeof(Bad(), 7),
                    sys.getsizeof(Bad(), default=7))
                """));
    }

    @Test
    void getrefcountIsTheHeapCountPlusTheArgument() {
        assertEquals("2 3 2", run("""
                a = new(list)
                r1 = sys.getrefcount(a)
                holder = new(list); append(holder, a)
                r2 = sys.getrefcount(a)
                _refgc.decref(holder)
                out(r1, r2, sys.getrefcount(a))
                _refgc.decref(a)
                """));
    }

    @Test
    void getrefcountReportsCPythonsImmortalValue() {
        assertEquals("4294967295 4294967295 4294967295 4294967295 4294967295 4294967295 4294967295 "
                + "4294967295 4294967295 4294967295 4294967295 4294967295 4294967295", run("""
                out(*[sys.getrefcount(o) for o in (None, True, False, -5, 0, 256, "", "x", "abc",
                                                   "name_like_1", (), b"", int)])
                """));
    }

    @Test
    void getrefcountIsMinusOneForObjectsTheHeapDoesNotCount() {
        // Not immortal in CPython, and not counted by the heap: GraalPy's own "unknown".
        assertEquals("-1 -1 -1 -1 -1", run("""
                out(sys.getrefcount([]), sys.getrefcount(257), sys.getrefcount(1.5),
                    sys.getrefcount("hello world"), sys.getrefcount(object()))
                """));
    }

    @Test
    void getallocatedblocksFollowsTheHeap() {
        String text = run("""
                gc.collect()
                b0 = sys.getallocatedblocks()
                objs = [new(list) for _ in range(10)]
                b1 = sys.getallocatedblocks()
                for o in objs: _refgc.decref(o)
                b2 = sys.getallocatedblocks()
                out(b1 - b0, b2 - b0)
                """);
        assertEquals("10 0", text);
        assertTrue(py.heap().allocatedBlocks() >= 0);
    }

    @Test
    void memoryFunctionsLookBuiltin() {
        assertEquals("<built-in function getrefcount> <built-in function getsizeof> "
                + "<built-in function getallocatedblocks> sys", run("""
                out(sys.getrefcount, sys.getsizeof, sys.getallocatedblocks, sys.getsizeof.__module__)
                """));
    }

    @Test
    void heapAccountingAgreesWithGetsizeof() {
        assertEquals("True True True True True True True True", run("""
                class A: pass
                class S:
                    __slots__ = ('a', 'b')
                class L(list): pass
                res = []
                for o in ([], [1, 2, 3], (1, 2), {}, {'a': 1, 'b': 2}, A(), S(), L([1])):
                    _refgc.track(o)
                    res.append(_refgc.heap_size(o) == sys.getsizeof(o))
                    _refgc.decref(o)
                out(*res)
                """));
    }
}
