package org.refgc.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Weak references: clearing and callbacks at refcount zero and in collection. */
class WeakRefTest extends HeapTestBase {

    /** A callback object whose invocation logs its name and the referent seen. */
    private int callback(Heap heap, String name, List<String> calls) {
        int cb = node.newEmpty(heap, 0);
        vm.callbacks.put(cb, wr -> calls.add(name + " referent=" + heap.weakRefReferent(wr)));
        return cb;
    }

    @Test
    void weakReferenceDoesNotCountAndIsClearedAtDeallocation() {
        Heap heap = newHeap();
        int o = node.newEmpty(heap, 0);
        int wr = heap.newWeakRef(weakref, null, o, Heap.NULL);
        assertEquals(1, heap.refcount(o));
        assertEquals(o, heap.weakRefReferent(wr));
        assertEquals(1, heap.weakRefCount(o));
        assertArrayEquals(new int[] {wr}, heap.weakRefs(o));
        assertTrue(heap.isWeakRef(wr));
        // A weak reference object has no weak references of its own (wref[] holds its row).
        assertEquals(0, heap.weakRefCount(wr));
        assertArrayEquals(new int[0], heap.weakRefs(wr));
        heap.decref(o);
        assertEquals(Heap.NULL, heap.weakRefReferent(wr));
        heap.decref(wr);
    }

    @Test
    void callbacksRunInReverseCreationOrderAfterTheReferentIsCleared() {
        // CPython 3.12: ref, ref(cb2), ref(cb3), proxy, ref(cb4) -> list ref, proxy, r4, r3, r2
        Heap heap = newHeap();
        List<String> calls = new ArrayList<>();
        int o = node.newEmpty(heap, 0);
        int r1 = heap.newWeakRef(weakref, null, o, Heap.NULL);
        int cb2 = callback(heap, "cb2", calls);
        int r2 = heap.newWeakRef(weakref, null, o, cb2);
        int cb3 = callback(heap, "cb3", calls);
        int r3 = heap.newWeakRef(weakref, null, o, cb3);
        int p = heap.newWeakRef(weakref, null, o, Heap.NULL, WeakRefKind.BASIC_PROXY);
        int cb4 = callback(heap, "cb4", calls);
        int r4 = heap.newWeakRef(weakref, null, o, cb4);
        assertArrayEquals(new int[] {r1, p, r4, r3, r2}, heap.weakRefs(o));
        assertEquals(2, heap.refcount(cb2), "a weak reference holds its callback");
        heap.decref(o);
        assertEquals(List.of("cb4 referent=0", "cb3 referent=0", "cb2 referent=0"), calls);
        assertEquals(Heap.NULL, heap.weakRefCallback(r2), "the callback is dropped once called");
        assertEquals(1, heap.refcount(cb2));
        for (int h : new int[] {r1, r2, r3, r4, p, cb2, cb3, cb4}) {
            heap.decref(h);
        }
    }

    @Test
    void singleWeakReferenceCallbackRuns() {
        Heap heap = newHeap();
        List<String> calls = new ArrayList<>();
        int o = node.newEmpty(heap, 0);
        int cb = callback(heap, "cb", calls);
        int wr = heap.newWeakRef(weakref, null, o, cb);
        heap.decref(cb); // the weak reference holds the only reference to the callback
        heap.decref(o);
        assertEquals(List.of("cb referent=0"), calls);
        assertFalse(heap.isAlive(cb), "dropped after the call");
        heap.decref(wr);
    }

    @Test
    void deadWeakReferenceCallsNoCallbackAndReleasesIt() {
        Heap heap = newHeap();
        List<String> calls = new ArrayList<>();
        int o = node.newEmpty(heap, 0);
        int cb = callback(heap, "cb", calls);
        int wr = heap.newWeakRef(weakref, null, o, cb);
        heap.decref(wr);
        assertEquals(0, heap.weakRefCount(o));
        assertEquals(1, heap.refcount(cb));
        heap.decref(o);
        assertEquals(List.of(), calls);
        heap.decref(cb);
    }

    @Test
    void weakReferencesCannotTargetWeakReferencesOrNonWeakrefableTypes() {
        Heap heap = newHeap();
        int o = node.newEmpty(heap, 0);
        int wr = heap.newWeakRef(weakref, null, o, Heap.NULL);
        assertThrows(IllegalArgumentException.class, () -> heap.newWeakRef(weakref, null, wr, Heap.NULL));
        ObjectType plain = new ObjectType("int", false) {
            @Override
            public boolean supportsWeakRefs() {
                return false;
            }
        };
        int i = heap.allocate(plain, null);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> heap.newWeakRef(weakref, null, i, Heap.NULL));
        assertEquals("cannot create weak reference to 'int' object", ex.getMessage());
        heap.decref(i);
        heap.decref(wr);
        heap.decref(o);
    }

    @Test
    void collectionCallsCallbacksOnlyForWeakReferencesOutsideTheTrash() {
        Heap heap = newHeap();
        List<String> calls = new ArrayList<>();
        int a = node.newEmpty(heap, 2);
        int b = node.newObject(heap, a);
        node.set(heap, a, 0, b);
        int cbOut = callback(heap, "outside", calls);
        int outside = heap.newWeakRef(weakref, null, a, cbOut);
        int cbIn = callback(heap, "inside", calls);
        int inside = heap.newWeakRef(weakref, null, b, cbIn);
        node.set(heap, a, 1, inside); // the cycle owns `inside`
        heap.decref(inside);
        heap.decref(cbIn);
        heap.decref(a);
        heap.decref(b);
        assertEquals(4, heap.collect(), "a, b, the weak reference inside the trash and its callback");
        assertEquals(List.of("outside referent=0"), calls);
        assertFalse(heap.isAlive(cbIn), "the trash weak reference's callback is released, never called");
        assertEquals(Heap.NULL, heap.weakRefReferent(outside));
        heap.decref(outside);
        heap.decref(cbOut);
    }

    @Test
    void weakReferenceFreedByItsOwnCallbackCountsAsCollected() {
        Heap heap = newHeap();
        List<String> calls = new ArrayList<>();
        int[] ab = twoCycle(heap, node);
        int cb = node.newEmpty(heap, 0);
        int[] wr = new int[1];
        // the callback drops the last outside reference to its weak reference
        vm.callbacks.put(cb, w -> {
            calls.add("called");
            heap.decref(wr[0]);
        });
        wr[0] = heap.newWeakRef(weakref, null, ab[0], cb);
        assertEquals(3, heap.collect(), "2 cycle members + the weak reference freed by the collector's decref");
        assertEquals(List.of("called"), calls);
        assertFalse(heap.isAlive(wr[0]));
        heap.decref(cb);
    }

    @Test
    void survivingWeakReferenceWhoseCallbackRanMovesToTheOlderGeneration() {
        Heap heap = newHeap();
        List<String> calls = new ArrayList<>();
        int[] ab = twoCycle(heap, node);
        int cb = callback(heap, "cb", calls);
        int wr = heap.newWeakRef(weakref, null, ab[0], cb);
        assertEquals(2, heap.collect(0));
        assertEquals(List.of("cb referent=0"), calls);
        assertArrayEquals(new int[] {cb, wr}, heap.getObjects(1),
                "survivors went to generation 1; wr last, moved there after its callback");
        heap.decref(wr);
        heap.decref(cb);
    }

    @Test
    void inCollectionCallbacksRunBeforeFinalizersBothInTrashOrder() {
        // CPython 3.12: a -> b -> c -> a with __del__, weakrefs with callbacks to a and c
        // held from outside: gc.collect() == 3, log [cb a, cb c, del a, del b, del c]
        Heap heap = newHeap();
        List<String> events = new ArrayList<>();
        java.util.Map<Integer, String> names = new java.util.HashMap<>();
        IntArrayType n = new IntArrayType("N") {
            @Override
            public boolean hasFinalizer() {
                return true;
            }

            @Override
            public void finalize(Heap hp, int self, Object payload) {
                events.add("del " + names.get(self));
            }
        };
        int a = n.newEmpty(heap, 1);
        int b = n.newEmpty(heap, 1);
        int c = n.newEmpty(heap, 1);
        names.put(a, "a");
        names.put(b, "b");
        names.put(c, "c");
        n.set(heap, a, 0, b);
        n.set(heap, b, 0, c);
        n.set(heap, c, 0, a);
        int cbA = node.newEmpty(heap, 0);
        vm.callbacks.put(cbA, w -> events.add("cb a"));
        int cbC = node.newEmpty(heap, 0);
        vm.callbacks.put(cbC, w -> events.add("cb c"));
        int wa = heap.newWeakRef(weakref, null, a, cbA);
        int wc = heap.newWeakRef(weakref, null, c, cbC);
        heap.decref(a);
        heap.decref(b);
        heap.decref(c);
        assertEquals(3, heap.collect());
        assertEquals(List.of("cb a", "cb c", "del a", "del b", "del c"), events);
        for (int h : new int[] {wa, wc, cbA, cbC}) {
            heap.decref(h);
        }
    }
}
