package org.refgc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A collection traverses each object of a type with its own traverse once for
 * subtract_refs and move_unreachable together (the second pass replays what the first
 * saw), and never reuses what it saw in an earlier collection.
 */
class TraversalRecordTest extends HeapTestBase {

    /** A container with its own payload: the collector takes its generic paths. */
    static final class Box {
        int[] items;

        Box(int n) {
            items = new int[n];
        }
    }

    private int traversals;

    private final ObjectType box = new ObjectType("box", true) {
        @Override
        public void traverse(int self, Object payload, ReferenceVisitor visitor) {
            traversals++;
            int[] items = ((Box) payload).items;
            for (int i = items.length - 1; i >= 0; i--) {
                if (items[i] != Heap.NULL) {
                    visitor.visit(items[i]);
                }
            }
        }

        @Override
        public void clear(Heap heap, int self, Object payload) {
            Box b = (Box) payload;
            int[] old = b.items;
            b.items = new int[old.length];
            for (int i = old.length - 1; i >= 0; i--) {
                if (old[i] != Heap.NULL) {
                    heap.decref(old[i]);
                }
            }
        }

        @Override
        public long basicSize(Object payload) {
            return 40;
        }
    };

    /** A chain head -> ... of n boxes, allocated tail first; returns the head (ours). */
    private int chain(Heap heap, int n) {
        int next = Heap.NULL;
        for (int i = 0; i < n; i++) {
            Box b = new Box(1);
            b.items[0] = next; // our reference to next moves into the new box
            next = heap.allocate(box, b);
        }
        return next;
    }

    @Test
    void reachableObjectsAreTraversedOncePerCollection() {
        // (a validating heap's own checks traverse too: counted on a plain one)
        Heap heap = newHeap(Heap.builder().binding(vm));
        heap.disable();
        int head = chain(heap, 50); // every box but the head is reached late (rescued)
        traversals = 0;
        assertEquals(0, heap.collect(0));
        assertEquals(50, traversals);
        traversals = 0;
        assertEquals(0, heap.collect(2));
        assertEquals(50, traversals);
        heap.decref(head);
    }

    @Test
    void garbageIsFoundFromTheRecordedEdges() {
        Heap heap = newHeap(Heap.builder().binding(vm));
        heap.disable();
        int head = chain(heap, 10);
        int a = heap.allocate(box, new Box(1));
        int b = heap.allocate(box, new Box(1));
        ((Box) heap.payload(a)).items[0] = b; // a holds our reference to b
        heap.incref(a);
        ((Box) heap.payload(b)).items[0] = a; // b holds the extra reference to a
        heap.decref(a); // our own reference: the pair is now only a cycle
        assertEquals(2, heap.collect(0));
        assertFalse(heap.isAlive(a));
        assertFalse(heap.isAlive(b));
        assertTrue(heap.isAlive(head));
        heap.decref(head);
    }

    @Test
    void aLaterCollectionSeesChangedReferences() {
        Heap heap = newHeap(Heap.builder().binding(vm));
        heap.disable();
        int a = heap.allocate(box, new Box(1));
        int b = heap.allocate(box, new Box(1));
        ((Box) heap.payload(a)).items[0] = b; // a holds our reference to b
        heap.incref(a);
        ((Box) heap.payload(b)).items[0] = a; // b holds a
        assertEquals(0, heap.collect(0)); // we still hold a: nothing to collect
        // b lets go of a (its reference to a is released), then so do we: a is free,
        // b with it; nothing stale from the first collection may keep them
        int[] items = ((Box) heap.payload(b)).items;
        items[0] = Heap.NULL;
        heap.decref(a);
        heap.decref(a);
        assertFalse(heap.isAlive(a));
        assertFalse(heap.isAlive(b));
        assertEquals(0, heap.collect(2));
    }

    @Test
    void aFinalizerThatChangesReferencesIsSeenAfterIt() {
        // the finalizer of a cycle member stores the other member into a box held from
        // outside: both are resurrected, which handle_resurrected_objects must find with
        // fresh traversals
        Heap heap = newHeap(Heap.builder().binding(vm));
        heap.disable();
        int keeper = heap.allocate(box, new Box(1));
        ObjectType finalizing = new ObjectType("fin", true) {
            @Override
            public void traverse(int self, Object payload, ReferenceVisitor visitor) {
                box.traverse(self, payload, visitor);
            }

            @Override
            public void clear(Heap h, int self, Object payload) {
                box.clear(h, self, payload);
            }

            @Override
            public boolean hasFinalizer() {
                return true;
            }

            @Override
            public void finalize(Heap h, int self, Object payload) {
                int other = ((Box) payload).items[0];
                Box k = (Box) h.payload(keeper);
                if (k.items[0] == Heap.NULL) {
                    h.incref(other);
                    k.items[0] = other;
                }
            }

            @Override
            public long basicSize(Object payload) {
                return 40;
            }
        };
        int a = heap.allocate(finalizing, new Box(1));
        int b = heap.allocate(finalizing, new Box(1));
        ((Box) heap.payload(a)).items[0] = b;
        heap.incref(a);
        ((Box) heap.payload(b)).items[0] = a;
        heap.decref(a);
        assertEquals(0, heap.collect(0)); // both resurrected: nothing collected
        assertTrue(heap.isAlive(a));
        assertTrue(heap.isAlive(b));
        heap.decref(keeper); // the cycle is garbage again, already finalized
        assertEquals(2, heap.collect(2));
        assertFalse(heap.isAlive(a));
    }
}
