package org.refgc.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** IntArrayType objects whose slots live in the heap's slab, and those that keep an int[]. */
class SlabStorageTest extends HeapTestBase {

    @Test
    void plainIntArrayTypesUseTheSlabAndHookedOnesKeepTheirArray() {
        Heap heap = newHeap();
        int a = node.newEmpty(heap, 2);
        assertTrue(heap.engine.inSlab(a));
        int[] given = new int[1];
        int f = heap.allocate(finalizing("f", (hp, self) -> { }), given);
        assertFalse(heap.engine.inSlab(f), "a finalizer receives the payload, so it stays an int[]");
        assertTrue(heap.payload(f) == given);
        heap.decref(f);
        heap.decref(a);
    }

    @Test
    void payloadIsACopyAndWritesGoThroughTheType() {
        Heap heap = newHeap();
        int leaf = node.newEmpty(heap, 0);
        int obj = node.newObject(heap, leaf, Heap.NULL, leaf);
        assertEquals(3, refcountOf(heap, leaf));
        int[] copy = (int[]) heap.payload(obj);
        assertArrayEquals(new int[] {leaf, Heap.NULL, leaf}, copy);
        assertNotSame(copy, heap.payload(obj));
        copy[0] = Heap.NULL; // does not reach the object
        assertEquals(leaf, node.get(heap, obj, 0));
        assertEquals(3, node.length(heap, obj));
        node.set(heap, obj, 1, leaf);
        assertEquals(4, refcountOf(heap, leaf));
        heap.incref(leaf);
        node.setStealing(heap, obj, 0, leaf); // replaces leaf by leaf: our reference moved in, the old one dropped
        assertEquals(4, refcountOf(heap, leaf));
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> node.get(heap, obj, 3));
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> node.set(heap, obj, -1, leaf));
        assertEquals(4, refcountOf(heap, leaf), "a failed set leaves the count alone");
        heap.decref(obj);
        assertEquals(1, refcountOf(heap, leaf));
        heap.decref(leaf);
        assertEquals(0, heap.allocatedBlocks());
    }

    @Test
    void allocateCopiesTheGivenArrayAndTakesOverItsReferences() {
        Heap heap = newHeap();
        int leaf = node.newEmpty(heap, 0);
        int[] slots = {leaf};
        int obj = heap.allocate(node, slots); // our reference to leaf moves in
        slots[0] = Heap.NULL;
        assertEquals(leaf, node.get(heap, obj, 0));
        assertEquals(1, refcountOf(heap, leaf));
        assertEquals(24 + 8 + 16, heap.sizeOf(obj));
        heap.decref(obj);
        assertFalse(heap.isAlive(leaf));
    }

    @Test
    void setPayloadReplacesTheSlotsAndTheSize() {
        Heap heap = newHeap();
        int leaf = node.newEmpty(heap, 0);
        int obj = node.newEmpty(heap, 1);
        long before = heap.liveBytes();
        heap.setPayload(obj, new int[] {Heap.NULL, leaf, Heap.NULL, Heap.NULL, Heap.NULL,
                Heap.NULL, Heap.NULL, Heap.NULL, Heap.NULL, Heap.NULL}); // our reference moves in
        assertEquals(10, node.length(heap, obj));
        assertEquals(24 + 80 + 16, heap.sizeOf(obj));
        assertEquals(before + 72, heap.liveBytes());
        assertArrayEquals(new int[] {obj}, heap.getReferrers(leaf));
        heap.decref(obj);
        assertFalse(heap.isAlive(leaf));
    }

    @Test
    void freedSlotsAreReusedAndStartEmpty() {
        Heap heap = newHeap();
        int leaf = node.newEmpty(heap, 0);
        // one object of each length first: the slab takes its reserved size at its
        // first growth, so measure only once every size class has a freed region
        for (int len = 0; len < 40; len++) {
            heap.decref(node.newEmpty(heap, len));
        }
        long slabBytes = heap.engine.slab.bytes();
        for (int round = 0; round < 50_000; round++) {
            int len = round % 40;
            int obj = node.newEmpty(heap, len);
            for (int i = 0; i < len; i++) {
                assertEquals(Heap.NULL, node.get(heap, obj, i));
                node.set(heap, obj, i, leaf);
            }
            heap.decref(obj);
        }
        assertEquals(slabBytes, heap.engine.slab.bytes(), "freed regions were reused, the slab did not grow");
        assertEquals(1, refcountOf(heap, leaf));
        heap.decref(leaf);
    }

    @Test
    void cyclesInTheSlabAreCollected() {
        Heap heap = newHeap();
        int n = 1000;
        int[] h = new int[n];
        for (int i = 0; i < n; i++) {
            h[i] = node.newEmpty(heap, 3);
        }
        for (int i = 0; i < n; i++) {
            node.set(heap, h[i], 0, h[(i + 1) % n]);
            node.set(heap, h[i], 2, h[(i * 7) % n]);
        }
        int kept = h[5];
        heap.incref(kept);
        for (int x : h) {
            heap.decref(x);
        }
        assertEquals(0, heap.collect(), "everything is reachable from h[5]");
        heap.decref(kept);
        assertEquals(n, heap.collect());
        assertEquals(0, heap.allocatedBlocks());
    }

    @Test
    void oneSlotObjectsKeepTheirSlotWithoutSlabSpaceAndBehaveAsOthers() {
        Heap heap = newHeap();
        int leaf = node.newEmpty(heap, 0);
        int wide = node.newEmpty(heap, 3); // the slab holds some regions already
        long slabBytes = heap.engine.slab.bytes();
        int[] chain = new int[5000];
        int prev = Heap.NULL;
        for (int i = 0; i < chain.length; i++) {
            prev = heap.allocate(node, new int[] {prev}); // our reference to prev moves in
            chain[i] = prev;
        }
        assertEquals(slabBytes, heap.engine.slab.bytes(), "one-slot objects took slab space");
        int obj = node.newEmpty(heap, 1);
        assertEquals(1, node.length(heap, obj));
        assertEquals(Heap.NULL, node.get(heap, obj, 0));
        assertEquals(24 + 8 + 16, heap.sizeOf(obj));
        node.set(heap, obj, 0, leaf);
        assertEquals(2, refcountOf(heap, leaf));
        assertArrayEquals(new int[] {leaf}, (int[]) heap.payload(obj));
        assertArrayEquals(new int[] {leaf}, heap.getReferents(obj));
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> node.get(heap, obj, 1));
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> node.set(heap, obj, -1, leaf));
        assertEquals(2, refcountOf(heap, leaf), "a failed set leaves the count alone");
        // one slot -> three -> one -> none -> one: the slots and the size follow
        heap.incref(leaf);
        heap.setPayload(obj, new int[] {Heap.NULL, leaf, Heap.NULL}); // our new reference moves in; the old slot's is the caller's to drop
        heap.decref(leaf);
        assertArrayEquals(new int[] {Heap.NULL, leaf, Heap.NULL}, (int[]) heap.payload(obj));
        assertEquals(24 + 24 + 16, heap.sizeOf(obj));
        heap.setPayload(obj, new int[] {leaf}); // the slot's reference stays
        assertArrayEquals(new int[] {leaf}, (int[]) heap.payload(obj));
        assertEquals(24 + 8 + 16, heap.sizeOf(obj));
        assertEquals(2, refcountOf(heap, leaf));
        heap.setPayload(obj, new int[0]);
        heap.decref(leaf); // the reference the slot held
        assertEquals(0, node.length(heap, obj));
        heap.setPayload(obj, new int[] {Heap.NULL});
        assertEquals(Heap.NULL, node.get(heap, obj, 0));
        // a self-cycle of one slot is garbage once dropped
        node.set(heap, obj, 0, obj);
        heap.decref(obj);
        assertTrue(heap.collect(2) >= 1);
        // the chain: dropping its head frees all of it
        heap.decref(chain[chain.length - 1]);
        assertFalse(heap.isAlive(chain[0]));
        heap.decref(wide);
        assertEquals(1, heap.allocatedBlocks());
        heap.decref(leaf);
    }

    @Test
    void twoSlotObjectsBehaveAsOthers() {
        Heap heap = newHeap();
        int a = node.newEmpty(heap, 0);
        int b = node.newEmpty(heap, 0);
        int obj = node.newObject(heap, a, b);
        assertEquals(2, node.length(heap, obj));
        assertArrayEquals(new int[] {a, b}, (int[]) heap.payload(obj));
        assertArrayEquals(new int[] {b, a}, heap.getReferents(obj), "last slot first, as CPython's list_traverse");
        assertEquals(24 + 16 + 16, heap.sizeOf(obj));
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> node.get(heap, obj, 2));
        node.set(heap, obj, 1, a);
        assertEquals(1, refcountOf(heap, b));
        assertEquals(3, refcountOf(heap, a));
        // two slots -> three -> two: the slots and the size follow
        heap.incref(b);
        heap.setPayload(obj, new int[] {a, a, b}); // b's new reference moves in; the two to a stay
        assertEquals(24 + 24 + 16, heap.sizeOf(obj));
        heap.setPayload(obj, new int[] {b, a}); // one reference to a is dropped below
        heap.decref(a);
        assertArrayEquals(new int[] {b, a}, (int[]) heap.payload(obj));
        assertEquals(24 + 16 + 16, heap.sizeOf(obj));
        // a two-cycle through the slots is garbage once dropped, and leaves the pair space for reuse
        long slabBytes = heap.engine.slab.bytes();
        for (int i = 0; i < 1000; i++) {
            int x = node.newEmpty(heap, 2);
            int y = node.newEmpty(heap, 2);
            node.set(heap, x, 0, y);
            node.set(heap, y, 1, x);
            heap.decref(x);
            heap.decref(y);
            assertEquals(2, heap.collect(0));
        }
        assertEquals(slabBytes, heap.engine.slab.bytes(), "freed two-slot regions were reused");
        heap.decref(obj);
        heap.decref(a);
        heap.decref(b);
        assertEquals(0, heap.allocatedBlocks());
    }

    // The collector skips the slots of an object none of whose slots refers to a GC
    // object (HeapEngine.F_LEAF). Each way a GC referent can enter such an object must
    // make the collector see it again: a cycle through that slot is garbage, and the
    // count proves its edges were subtracted. Lengths 1, 2 and 3 cover the three slot
    // layouts (inline, pair, general region). The heaps do not validate: a validating
    // heap traverses every object, flag or not.

    @Test
    void aCycleStoredIntoAnObjectOfAtomsIsCollected() {
        for (int length = 1; length <= 3; length++) {
            Heap heap = fastHeap();
            int zero = heap.allocate(atom, new int[0]);
            int[] atoms = new int[length];
            for (int i = 0; i < length; i++) {
                heap.incref(zero);
                atoms[i] = zero;
            }
            int a = heap.allocate(node, atoms);
            node.set(heap, a, length - 1, a); // the atom in the last slot gives way to a itself
            heap.decref(a);
            assertEquals(1, heap.collect(), "length " + length);
            assertFalse(heap.isAlive(a));
            assertEquals(1, refcountOf(heap, zero), "length " + length);
            heap.decref(zero);
            assertEquals(0, heap.allocatedBlocks());
        }
    }

    @Test
    void anObjectAllocatedWithAGcReferentHasItsSlotsVisited() {
        for (int length = 1; length <= 3; length++) {
            Heap heap = fastHeap();
            int a = node.newEmpty(heap, 1);
            int[] slots = new int[length];
            slots[length - 1] = a; // our reference to a moves into b
            int b = heap.allocate(node, slots);
            node.setStealing(heap, a, 0, b); // and ours to b into a: a and b form a cycle
            assertEquals(2, heap.collect(), "length " + length);
            assertEquals(0, heap.allocatedBlocks());
        }
    }

    @Test
    void setPayloadWithAGcReferentHasItsSlotsVisited() {
        for (int length = 1; length <= 3; length++) {
            Heap heap = fastHeap();
            int a = node.newEmpty(heap, 0);
            int[] slots = new int[length];
            slots[0] = a;
            heap.incref(a);
            heap.setPayload(a, slots); // a self-cycle
            heap.decref(a);
            assertEquals(1, heap.collect(), "length " + length);
            assertEquals(0, heap.allocatedBlocks());
        }
    }

    private Heap fastHeap() {
        return newHeap(Heap.builder().binding(vm));
    }

    private static long refcountOf(Heap heap, int h) {
        return heap.refcount(h);
    }
}
