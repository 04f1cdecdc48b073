package org.refgc.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Generations, counts, thresholds and automatic collection (collect_generations). */
class GenerationsTest extends HeapTestBase {

    @Test
    void thresholdsDefaultToCPythonsAndCanBeSet() {
        Heap heap = newHeap();
        assertArrayEquals(new int[] {700, 10, 10}, heap.getThreshold());
        heap.setThreshold(5, 3, 2);
        assertArrayEquals(new int[] {5, 3, 2}, heap.getThreshold());
        assertTrue(heap.isEnabled());
    }

    @Test
    void countsMoveAsInCPython() {
        Heap heap = newHeap();
        int a = node.newEmpty(heap, 0);
        int b = node.newEmpty(heap, 0);
        assertArrayEquals(new int[] {2, 0, 0}, heap.getCount());
        heap.collect(0);
        assertArrayEquals(new int[] {0, 1, 0}, heap.getCount(), "collecting g bumps g+1 and zeroes 0..g");
        heap.collect(0);
        assertArrayEquals(new int[] {0, 2, 0}, heap.getCount());
        heap.collect(1);
        assertArrayEquals(new int[] {0, 0, 1}, heap.getCount());
        heap.collect(2);
        assertArrayEquals(new int[] {0, 0, 0}, heap.getCount());
        heap.decref(a);
        heap.decref(b);
        assertArrayEquals(new int[] {0, 0, 0}, heap.getCount());
    }

    /** A list-like type with CPython's free list of 2 (list_dealloc / PyList_New). */
    private final IntArrayType freeListed = new IntArrayType("list") {
        @Override
        public int freeListCapacity() {
            return 2;
        }
    };

    @Test
    void freeListedObjectsAreNeitherFreedNorAllocatedForTheCount() {
        Heap heap = newHeap();
        heap.collect(2);
        int a = freeListed.newEmpty(heap, 0);
        int b = freeListed.newEmpty(heap, 0);
        int c = freeListed.newEmpty(heap, 0);
        assertArrayEquals(new int[] {3, 0, 0}, heap.getCount(), "an empty free list: each one counts");
        heap.decref(a);
        heap.decref(b);
        assertArrayEquals(new int[] {3, 0, 0}, heap.getCount(), "a and b went to the free list");
        heap.decref(c);
        assertArrayEquals(new int[] {2, 0, 0}, heap.getCount(), "the free list is full: c is freed");
        int d = freeListed.newEmpty(heap, 0);
        assertArrayEquals(new int[] {2, 0, 0}, heap.getCount(), "d is taken from the free list");
        int e = node.newEmpty(heap, 0);
        assertArrayEquals(new int[] {3, 0, 0}, heap.getCount(), "other types have no free list");
        assertTrue(heap.isTracked(d));
        heap.collect(1);
        int f = freeListed.newEmpty(heap, 0);
        assertArrayEquals(new int[] {0, 0, 1}, heap.getCount(), "a younger collection keeps the free list");
        heap.decref(f);
        assertArrayEquals(new int[] {0, 0, 1}, heap.getCount(), "f went to the free list");
        heap.collect(2);
        int g = freeListed.newEmpty(heap, 0);
        assertArrayEquals(new int[] {1, 0, 0}, heap.getCount(), "a full collection empties it (clear_freelists)");
        for (int h : new int[] {d, e, g}) {
            heap.decref(h);
        }
    }

    @Test
    void survivorsMoveToTheNextGeneration() {
        Heap heap = newHeap();
        int a = node.newEmpty(heap, 0);
        assertArrayEquals(new int[] {a}, heap.getObjects(0));
        heap.collect(0);
        assertArrayEquals(new int[0], heap.getObjects(0));
        assertArrayEquals(new int[] {a}, heap.getObjects(1));
        heap.collect(1);
        assertArrayEquals(new int[] {a}, heap.getObjects(2));
        heap.collect(2);
        assertArrayEquals(new int[] {a}, heap.getObjects(2), "the oldest generation keeps its survivors");
        heap.decref(a);
    }

    @Test
    void collectingAGenerationMergesTheYoungerOnes() {
        Heap heap = newHeap();
        int[] ab = twoCycle(heap, node);
        heap.incref(ab[0]);
        heap.collect(0); // the cycle is still referenced: it moves to generation 1
        heap.decref(ab[0]);
        int[] cd = twoCycle(heap, node);
        assertArrayEquals(new int[] {ab[0], ab[1]}, heap.getObjects(1));
        assertArrayEquals(new int[] {cd[0], cd[1]}, heap.getObjects(0));
        assertEquals(4, heap.collect(1), "generation 1 collection includes generation 0");
        assertFalse(heap.isAlive(cd[0]));
    }

    @Test
    void allocationOnlySchedulesAutomaticCollectionAndSafePointRunsIt() {
        Heap heap = newHeap();
        heap.setThreshold(3, 10, 10);
        List<Integer> collected = new ArrayList<>();
        heap.addCollectionListener((p, i) -> {
            if (p.equals("stop")) {
                collected.add(i.generation());
            }
        });
        int[] ab = twoCycle(heap, node);
        int c = node.newEmpty(heap, 0);
        assertFalse(heap.isCollectionPending(), "count 3 is not above threshold 3");
        int d = node.newEmpty(heap, 0);
        assertTrue(heap.isCollectionPending());
        assertTrue(heap.isAlive(ab[0]), "nothing ran at allocation");
        assertEquals(List.of(), collected);
        assertEquals(2, heap.safePoint());
        assertEquals(List.of(0), collected);
        assertFalse(heap.isCollectionPending());
        assertEquals(0, heap.safePoint(), "nothing pending");
        assertEquals(List.of(0), collected);
        heap.decref(c);
        heap.decref(d);
    }

    @Test
    void safePointInsideACollectionLeavesTheRequestPending() {
        Heap heap = newHeap();
        heap.setThreshold(1, 10, 10);
        List<Integer> starts = new ArrayList<>();
        heap.addCollectionListener((p, i) -> {
            if (p.equals("start")) {
                starts.add(i.generation());
            }
        });
        long[] inner = {-1};
        IntArrayType t = finalizing("t", (hp, self) -> inner[0] = hp.safePoint());
        twoCycle(heap, t); // two containers: count 2 > 1 schedules a collection
        assertTrue(heap.isCollectionPending());
        assertEquals(2, heap.collect(2));
        assertEquals(0, inner[0], "no nested collection from the finalizer's safe point");
        assertEquals(List.of(2), starts);
        assertTrue(heap.isCollectionPending(), "the request survives the collection");
        assertEquals(0, heap.safePoint(), "it runs now: counts were reset, so nothing is due");
        assertFalse(heap.isCollectionPending());
        assertEquals(List.of(2), starts);
    }

    @Test
    void disabledCollectorNeitherSchedulesNorRuns() {
        Heap heap = newHeap();
        heap.setThreshold(1, 10, 10);
        heap.disable();
        assertFalse(heap.isEnabled());
        twoCycle(heap, node);
        assertFalse(heap.isCollectionPending());
        assertEquals(0, heap.safePoint());
        heap.enable();
        int x = node.newEmpty(heap, 0);
        assertTrue(heap.isCollectionPending());
        heap.disable();
        assertEquals(0, heap.safePoint(), "_Py_RunGC checks enabled when it runs");
        assertEquals(2, heap.collect(), "explicit collection works while disabled");
        heap.decref(x);
    }

    @Test
    void thresholdZeroDisablesAutomaticCollection() {
        Heap heap = newHeap();
        heap.setThreshold(0, 10, 10);
        for (int i = 0; i < 10; i++) {
            heap.decref(node.newEmpty(heap, 0));
            node.newEmpty(heap, 0);
        }
        assertFalse(heap.isCollectionPending());
        heap.collect();
        for (int h : heap.getObjects(-1)) {
            heap.decref(h);
        }
    }

    @Test
    void olderGenerationRunsWhenItsCountExceedsItsThreshold() {
        Heap heap = newHeap();
        heap.setThreshold(1, 1, 100);
        List<Integer> gens = new ArrayList<>();
        heap.addCollectionListener((p, i) -> {
            if (p.equals("start")) {
                gens.add(i.generation());
            }
        });
        List<Integer> keep = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            keep.add(node.newEmpty(heap, 0));
            keep.add(node.newEmpty(heap, 0));
            heap.safePoint();
        }
        assertEquals(List.of(0, 0, 1), gens);
        assertArrayEquals(new int[] {0, 0, 1}, heap.getCount());
        for (int h : keep) {
            heap.decref(h);
        }
    }

    @Test
    void fullCollectionWaitsUntilLongLivedPendingExceedsAQuarterOfLongLivedTotal() {
        Heap heap = newHeap();
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            keep.add(node.newEmpty(heap, 0));
        }
        heap.collect(2); // long_lived_total = 100, long_lived_pending = 0
        heap.setThreshold(1, 0, 0);
        List<Integer> gens = new ArrayList<>();
        heap.addCollectionListener((p, i) -> {
            if (p.equals("start")) {
                gens.add(i.generation());
            }
        });
        long pending = 0;
        long total = 100;
        int fullCollections = 0;
        int skipped = 0;
        for (int round = 0; round < 60; round++) {
            keep.add(node.newEmpty(heap, 0));
            keep.add(node.newEmpty(heap, 0));
            int gen1Size = heap.getObjects(0).length + heap.getObjects(1).length;
            boolean gen2Due = heap.getCount()[2] > 0;
            boolean gen1Due = heap.getCount()[1] > 0;
            gens.clear();
            heap.safePoint();
            if (gen2Due && pending >= total / 4) {
                assertEquals(List.of(2), gens, "round " + round + ": pending " + pending + ", total " + total);
                fullCollections++;
                pending = 0;
                total = heap.getObjects(2).length;
            } else if (gen1Due) {
                if (gen2Due) {
                    skipped++;
                }
                assertEquals(List.of(1), gens, "round " + round + ": pending " + pending + ", total " + total);
                pending += gen1Size;
            } else {
                assertEquals(List.of(0), gens, "round " + round);
            }
        }
        assertTrue(fullCollections >= 1, "the rule let at least one full collection through");
        assertTrue(skipped >= 1, "and held back at least one that the count alone would have run");
        for (int h : keep) {
            heap.decref(h);
        }
    }

    @Test
    void freezeMovesEverythingToThePermanentGenerationAndTheCollectorIgnoresIt() {
        Heap heap = newHeap();
        int[] ab = twoCycle(heap, node);
        int c = node.newEmpty(heap, 0);
        heap.freeze();
        assertEquals(3, heap.getFreezeCount());
        assertArrayEquals(new int[0], heap.getObjects(-1));
        assertArrayEquals(new int[] {0, 0, 0}, heap.getCount());
        assertEquals(0, heap.collect(), "frozen cycles are not collected");
        assertTrue(heap.isAlive(ab[0]));
        heap.unfreeze();
        assertEquals(0, heap.getFreezeCount());
        assertEquals(3, heap.getObjects(2).length, "unfreeze puts them into the oldest generation");
        assertEquals(2, heap.collect());
        heap.decref(c);
    }

    @Test
    void isTrackedObjectsAreListedPerGeneration() {
        Heap heap = newHeap();
        int a = node.newEmpty(heap, 0);
        heap.collect(0);
        int b = node.newEmpty(heap, 0);
        assertArrayEquals(new int[] {b}, heap.getObjects(0));
        assertArrayEquals(new int[] {a}, heap.getObjects(1));
        assertArrayEquals(new int[] {a, b}, sortedCopy(heap.getObjects(-1)));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> heap.getObjects(3));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> heap.getObjects(-2));
        heap.decref(a);
        heap.decref(b);
    }

    private static int[] sortedCopy(int[] a) {
        int[] c = a.clone();
        java.util.Arrays.sort(c);
        return c;
    }
}
