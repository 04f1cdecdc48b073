package org.refgc.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** get_referrers, get_referents and the untracking optimisations. */
class IntrospectionTest extends HeapTestBase {

    @Test
    void referentsAreListedInTraverseOrderWithRepeats() {
        Heap heap = newHeap();
        int x = node.newEmpty(heap, 0);
        int y = node.newEmpty(heap, 0);
        int a = node.newObject(heap, x, y, x);
        int leaf = atom.newObject(heap, x);
        assertArrayEquals(new int[] {x, y, x}, heap.getReferents(a), "a list traverses last slot first");
        assertArrayEquals(new int[0], heap.getReferents(leaf), "non-GC objects report nothing");
        assertArrayEquals(new int[] {x, y, x}, heap.getReferents(a, leaf));
        for (int h : new int[] {a, leaf, x, y}) {
            heap.decref(h);
        }
    }

    @Test
    void referrersAreTrackedObjectsOfGenerationsZeroToTwoOnly() {
        Heap heap = newHeap();
        int target = node.newEmpty(heap, 0);
        int frozenHolder = node.newObject(heap, target);
        heap.freeze();
        int holder1 = node.newObject(heap, target);
        int holder2 = node.newObject(heap, target, target);
        int untracked = node.newObject(heap, target);
        heap.untrack(untracked);
        int leaf = atom.newObject(heap, target);
        int unrelated = node.newEmpty(heap, 0);
        heap.collect(0); // holder1, holder2 and unrelated move to generation 1
        int holder3 = node.newObject(heap, target);
        assertArrayEquals(new int[] {holder3, holder1, holder2}, heap.getReferrers(target),
                "generation 0 first, each referrer once; frozen, untracked and non-GC holders are not found");
        assertArrayEquals(new int[] {holder3, holder1, holder2}, heap.getReferrers(target, unrelated));
        heap.unfreeze();
        assertEquals(4, heap.getReferrers(target).length);
        for (int h : new int[] {frozenHolder, holder1, holder2, holder3, untracked, leaf, unrelated, target}) {
            heap.decref(h);
        }
    }

    @Test
    void weakReferencesReportTheirCallbackAsAReferent() {
        Heap heap = newHeap();
        int o = node.newEmpty(heap, 0);
        int cb = node.newEmpty(heap, 0);
        int wr = heap.newWeakRef(weakref, null, o, cb);
        assertArrayEquals(new int[] {cb}, heap.getReferents(wr));
        assertArrayEquals(new int[] {wr}, heap.getReferrers(cb));
        heap.decref(wr);
        heap.decref(cb);
        heap.decref(o);
    }

    /** A tuple-like type: untracked by the collector once it holds no trackable referent. */
    private final IntArrayType tuple = new IntArrayType("tuple") {
        @Override
        public UntrackRule untrackRule() {
            return UntrackRule.EVERY_COLLECTION;
        }

        @Override
        public boolean maybeUntrack(Heap heap, int self, Object payload) {
            for (int r : (int[]) payload) {
                if (heap.mayBeTracked(r)) {
                    return false;
                }
            }
            return true;
        }
    };

    /** A dict-like type: the same test, but only at full collections. */
    private final IntArrayType dict = new IntArrayType("dict") {
        @Override
        public UntrackRule untrackRule() {
            return UntrackRule.FULL_COLLECTION;
        }

        @Override
        public boolean maybeUntrack(Heap heap, int self, Object payload) {
            for (int r : (int[]) payload) {
                if (heap.mayBeTracked(r)) {
                    return false;
                }
            }
            return true;
        }
    };

    @Test
    void tuplesOfAtomsAreUntrackedByAnyCollection() {
        Heap heap = newHeap();
        int i = atom.newEmpty(heap, 0);
        int l = node.newEmpty(heap, 0);
        int ofAtoms = tuple.newObject(heap, i, i);
        int ofList = tuple.newObject(heap, i, l);
        int ofTuple = tuple.newObject(heap, ofAtoms);
        int plain = tuple.newObject(heap, i);
        heap.decref(ofAtoms); // now only ofTuple holds it
        assertTrue(heap.isTracked(plain));
        heap.collect(0);
        assertFalse(heap.isTracked(plain));
        assertTrue(heap.isTracked(ofList), "holds a list");
        // move_unreachable reordered young: ofTuple is examined before ofAtoms (found
        // through it), while ofAtoms is still tracked; then ofAtoms is untracked
        assertFalse(heap.isTracked(ofAtoms));
        assertTrue(heap.isTracked(ofTuple));
        heap.collect(1);
        assertFalse(heap.isTracked(ofTuple), "its tuple is untracked now: so is it");
        assertFalse(heap.mayBeTracked(i));
        assertTrue(heap.mayBeTracked(l));
        assertFalse(heap.mayBeTracked(ofAtoms));
        assertFalse(heap.mayBeTracked(Heap.NULL));
        heap.decref(plain);
        for (int h : new int[] {ofTuple, ofList, l, i}) {
            heap.decref(h);
        }
    }

    @Test
    void dictsOfAtomsAreUntrackedOnlyByFullCollections() {
        Heap heap = newHeap();
        int i = atom.newEmpty(heap, 0);
        int d = dict.newObject(heap, i);
        heap.collect(0);
        heap.collect(1);
        assertTrue(heap.isTracked(d));
        heap.collect(2);
        assertFalse(heap.isTracked(d));
        heap.decref(d);
        heap.decref(i);
    }

    @Test
    void untrackedObjectsAreInvisibleToTheCollector() {
        Heap heap = newHeap();
        int[] ab = twoCycle(heap, node);
        heap.untrack(ab[0]);
        heap.untrack(ab[1]);
        assertEquals(0, heap.collect(), "an untracked cycle is never found");
        heap.track(ab[0]);
        heap.track(ab[1]);
        assertEquals(2, heap.collect());
    }

    @Test
    void getReferentsOfAFreedHandleThrows() {
        Heap heap = newHeap();
        int a = node.newEmpty(heap, 0);
        heap.decref(a);
        assertThrows(RefcountException.class, () -> heap.getReferents(a));
    }
}
