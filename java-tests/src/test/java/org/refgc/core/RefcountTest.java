package org.refgc.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reference counting and immediate deallocation (Py_INCREF/Py_DECREF, subtype_dealloc). */
class RefcountTest extends HeapTestBase {

    @Test
    void newObjectHasRefcountOneAndIsTrackedIfGc() {
        Heap heap = newHeap();
        int c = node.newEmpty(heap, 0);
        int i = atom.newEmpty(heap, 0);
        assertEquals(1, heap.refcount(c));
        assertTrue(heap.isTracked(c));
        assertFalse(heap.isTracked(i));
        assertTrue(heap.isAlive(c));
        assertEquals(node, heap.type(c));
        heap.decref(c);
        heap.decref(i);
    }

    @Test
    void increfAndDecrefCountExactly() {
        Heap heap = newHeap();
        int h = node.newEmpty(heap, 0);
        heap.incref(h);
        heap.incref(h);
        assertEquals(3, heap.refcount(h));
        heap.decref(h);
        assertEquals(2, heap.refcount(h));
        heap.decref(h);
        heap.decref(h);
        assertFalse(heap.isAlive(h));
    }

    @Test
    void deallocationReleasesReferentsInTraverseOrder() {
        Heap heap = newHeap();
        IntArrayType t = logging("t");
        int a = t.newEmpty(heap, 0);
        int b = t.newEmpty(heap, 0);
        int parent = t.newObject(heap, a, b);
        heap.decref(a);
        heap.decref(b);
        assertEquals(1, heap.refcount(a));
        heap.decref(parent);
        // like a list, the last slot is released first; the parent is freed last
        assertEquals(List.of("free:" + b, "free:" + a, "free:" + parent), log);
    }

    @Test
    void nestedDeallocationCompletesEachSubtreeBeforeTheNextReferent() {
        Heap heap = newHeap();
        IntArrayType t = logging("t");
        int leaf1 = t.newEmpty(heap, 0);
        int mid1 = t.newObject(heap, leaf1);
        heap.decref(leaf1);
        int leaf2 = t.newEmpty(heap, 0);
        int mid2 = t.newObject(heap, leaf2);
        heap.decref(leaf2);
        int root = t.newObject(heap, mid1, mid2);
        heap.decref(mid1);
        heap.decref(mid2);
        heap.decref(root);
        assertEquals(List.of("free:" + leaf2, "free:" + mid2, "free:" + leaf1, "free:" + mid1, "free:" + root), log);
    }

    @Test
    void decrefBelowZeroThrowsWithHandleCountAndDelta() {
        Heap heap = newHeap();
        int h = node.newEmpty(heap, 0);
        heap.incref(h);
        heap.decref(h);
        heap.decref(h);
        RefcountException ex = assertThrows(RefcountException.class, () -> heap.decref(h));
        assertEquals(h, ex.handle());
        assertEquals(-1, ex.delta());
        assertEquals(0, ex.count());
    }

    @Test
    void useOfAFreedHandleThrows() {
        Heap heap = newHeap();
        int h = node.newEmpty(heap, 0);
        heap.decref(h);
        assertThrows(RefcountException.class, () -> heap.incref(h));
        assertThrows(RefcountException.class, () -> heap.payload(h));
        assertThrows(RefcountException.class, () -> heap.refcount(h));
        RefcountException ex = assertThrows(RefcountException.class, () -> heap.incref(h));
        assertEquals(+1, ex.delta());
        assertThrows(RefcountException.class, () -> heap.incref(Heap.NULL));
        assertThrows(RefcountException.class, () -> heap.decref(123456));
    }

    @Test
    void validatingHeapNeverReusesFreedHandles() {
        Heap heap = newHeap();
        int h = node.newEmpty(heap, 0);
        heap.decref(h);
        int again = node.newEmpty(heap, 0);
        assertNotEquals(h, again);
        assertThrows(RefcountException.class, () -> heap.decref(h));
        heap.decref(again);
    }

    @Test
    void ordinaryHeapReusesFreedHandles() {
        Heap heap = newHeap(Heap.builder().binding(vm));
        int h = node.newEmpty(heap, 0);
        heap.decref(h);
        int again = node.newEmpty(heap, 0);
        assertEquals(h, again);
        heap.decref(again);
    }

    @Test
    void tenMillionLongChainDeallocatesIteratively() {
        Heap heap = newHeap(Heap.builder().binding(vm).initialCapacity(10_000_000));
        int n = 10_000_000;
        int head = node.newEmpty(heap, 0);
        for (int i = 1; i < n; i++) {
            int next = heap.allocate(node, new int[] {head});
            head = next;
        }
        assertEquals(n, heap.liveCount(node));
        heap.decref(head);
        assertEquals(0, heap.liveCount(node));
        assertEquals(0, heap.allocatedBlocks());
        assertEquals(0, heap.getCount()[0]);
    }

    @Test
    void chainFinalizersRunInChainOrderBeyondTheTrashcanDepth() {
        Heap heap = newHeap();
        IntArrayType t = finalizing("t", null);
        int n = 500;
        int[] handles = new int[n];
        int next = Heap.NULL;
        for (int i = n - 1; i >= 0; i--) {
            handles[i] = next == Heap.NULL ? t.newEmpty(heap, 0) : heap.allocate(t, new int[] {next});
            next = handles[i];
        }
        heap.decref(handles[0]);
        List<String> fins = new ArrayList<>();
        for (String s : log) {
            if (s.startsWith("fin:")) {
                fins.add(s);
            }
        }
        List<String> expected = new ArrayList<>();
        for (int h : handles) {
            expected.add("fin:" + h);
        }
        assertEquals(expected, fins);
        assertEquals(0, heap.liveCount(t));
    }

    @Test
    void trashcanDefersDeallocationsNestedFiftyDeepInCPythonOrder() {
        // root = [chain a of 60, chain b of 60], each node with a finalizer. CPython 3.12
        // (checked with its oracle) nests 50 deallocations, deposits the next one and
        // runs the deposits, newest first, once the outermost deallocation is done:
        // b0..b48, a0..a48, a49..a59, b49..b59.
        Heap heap = newHeap();
        List<String> names = new ArrayList<>();
        java.util.Map<Integer, String> nameOf = new java.util.HashMap<>();
        IntArrayType t = new IntArrayType("N") {
            @Override
            public boolean hasFinalizer() {
                return true;
            }

            @Override
            public void finalize(Heap hp, int self, Object payload) {
                names.add(nameOf.get(self));
            }
        };
        int[] heads = new int[2];
        String[] tags = {"a", "b"};
        for (int c = 0; c < 2; c++) {
            int h = Heap.NULL;
            for (int i = 59; i >= 0; i--) {
                h = h == Heap.NULL ? t.newEmpty(heap, 1) : heap.allocate(t, new int[] {h});
                nameOf.put(h, tags[c] + i);
            }
            heads[c] = h;
        }
        int root = heap.allocate(node, new int[] {heads[0], heads[1]});
        heap.decref(root);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i <= 48; i++) {
            expected.add("b" + i);
        }
        for (int i = 0; i <= 59; i++) {
            expected.add("a" + i);
        }
        for (int i = 49; i <= 59; i++) {
            expected.add("b" + i);
        }
        assertEquals(expected, names);
        assertEquals(0, heap.liveCount(t));
    }

    @Test
    void finalizerRunsBeforeReferentsAreReleased() {
        Heap heap = newHeap();
        IntArrayType t = finalizing("t", (hp, self) -> {
            int child = ((int[]) hp.payload(self))[0];
            log.add("child alive:" + hp.isAlive(child));
        });
        int child = node.newEmpty(heap, 0);
        int obj = t.newObject(heap, child);
        heap.decref(child);
        heap.decref(obj);
        assertEquals(List.of("fin:" + obj, "child alive:true", "free:" + obj), log);
        assertFalse(heap.isAlive(child));
    }

    @Test
    void finalizerMayResurrectAndRunsOnlyOnce() {
        Heap heap = newHeap();
        int[] saved = new int[1];
        IntArrayType t = finalizing("t", (hp, self) -> {
            hp.incref(self);
            saved[0] = self;
        });
        int obj = t.newEmpty(heap, 0);
        heap.decref(obj);
        assertTrue(heap.isAlive(obj), "resurrected");
        assertEquals(1, heap.refcount(obj));
        assertTrue(heap.isFinalized(obj));
        assertTrue(heap.isTracked(obj), "a resurrected object is tracked again");
        heap.decref(saved[0]);
        assertFalse(heap.isAlive(obj));
        assertEquals(List.of("fin:" + obj, "free:" + obj), log);
    }

    @Test
    void legacyFinalizerRunsAtEveryDeallocationAttempt() {
        Heap heap = newHeap();
        int[] resurrect = {2};
        IntArrayType t = new IntArrayType("legacy") {
            @Override
            public boolean hasLegacyFinalizer() {
                return true;
            }

            @Override
            public void legacyFinalize(Heap hp, int self, Object payload) {
                log.add("del:" + self);
                if (resurrect[0]-- > 0) {
                    hp.incref(self);
                }
            }
        };
        int obj = t.newEmpty(heap, 0);
        heap.decref(obj);
        heap.decref(obj);
        heap.decref(obj);
        assertFalse(heap.isAlive(obj));
        assertEquals(List.of("del:" + obj, "del:" + obj, "del:" + obj), log);
    }

    @Test
    void finalizerErrorIsReportedAsUnraisableAndDeallocationContinues() {
        Heap heap = newHeap();
        IntArrayType t = finalizing("t", (hp, self) -> {
            throw new IllegalArgumentException("boom");
        });
        int obj = t.newEmpty(heap, 0);
        heap.decref(obj);
        assertFalse(heap.isAlive(obj));
        assertEquals(1, vm.unraisable.size());
        assertEquals("boom", vm.unraisable.get(0).getMessage());
        assertTrue(vm.unraisableWhere.get(0).startsWith("finalizer of <t 0x"));
        vm.unraisable.clear();
    }

    @Test
    void generationZeroCountFollowsContainerAllocationAndDeallocation() {
        Heap heap = newHeap(Heap.builder().binding(vm).validating(true).enabled(false));
        int[] before = heap.getCount();
        int a = node.newEmpty(heap, 0);
        int b = node.newEmpty(heap, 0);
        int leaf = atom.newEmpty(heap, 0);
        assertEquals(before[0] + 2, heap.getCount()[0], "only containers count");
        heap.decref(a);
        assertEquals(before[0] + 1, heap.getCount()[0]);
        heap.untrack(b);
        assertEquals(before[0] + 1, heap.getCount()[0], "untracking does not change the count");
        heap.decref(b);
        heap.decref(leaf);
        assertEquals(before[0], heap.getCount()[0]);
    }

    @Test
    void generationZeroCountNeverGoesNegative() {
        Heap heap = newHeap();
        int a = node.newEmpty(heap, 0);
        heap.collect(0); // resets the count to 0; a survives into generation 1
        assertEquals(0, heap.getCount()[0]);
        heap.decref(a);
        assertEquals(0, heap.getCount()[0]);
    }

    @Test
    void trackAndUntrack() {
        Heap heap = newHeap();
        int a = node.newEmpty(heap, 0);
        heap.untrack(a);
        assertFalse(heap.isTracked(a));
        assertArrayEquals(new int[0], heap.getObjects(0));
        heap.track(a);
        assertTrue(heap.isTracked(a));
        assertArrayEquals(new int[] {a}, heap.getObjects(0));
        int leaf = atom.newEmpty(heap, 0);
        assertThrows(IllegalArgumentException.class, () -> heap.track(leaf));
        heap.decref(a);
        heap.decref(leaf);
    }

    @Test
    void isFinalizedOnlyForGcObjects() {
        Heap heap = newHeap();
        IntArrayType t = finalizing("t", (hp, self) -> hp.incref(self));
        int obj = t.newEmpty(heap, 0);
        assertFalse(heap.isFinalized(obj));
        heap.decref(obj);
        assertTrue(heap.isFinalized(obj));
        heap.decref(obj);
    }
}
