package org.refgc.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The cycle collector's results (gc_collect_main and its phases). */
class CollectorTest extends HeapTestBase {

    @Test
    void selfCycleIsCollectedAndCountedOnce() {
        Heap heap = newHeap();
        int l = node.newEmpty(heap, 1);
        node.set(heap, l, 0, l);
        heap.decref(l);
        assertTrue(heap.isAlive(l), "a self-cycle survives refcounting");
        assertEquals(1, heap.collect());
        assertFalse(heap.isAlive(l));
    }

    @Test
    void twoCycleIsCollectedAndCountedTwice() {
        Heap heap = newHeap();
        int[] ab = twoCycle(heap, node);
        assertEquals(2, heap.collect());
        assertFalse(heap.isAlive(ab[0]));
        assertFalse(heap.isAlive(ab[1]));
        assertEquals(0, heap.collect(), "nothing left to collect");
    }

    @Test
    void cycleReferencedFromOutsideSurvivesWithItsReferents() {
        Heap heap = newHeap();
        int[] ab = twoCycle(heap, node);
        heap.incref(ab[0]); // an external reference
        int leaf = node.newEmpty(heap, 0);
        node.set(heap, ab[1], 0, ab[0]);
        int holder = node.newObject(heap, leaf);
        heap.decref(leaf);
        assertEquals(0, heap.collect());
        assertTrue(heap.isAlive(ab[0]));
        assertTrue(heap.isAlive(ab[1]));
        assertTrue(heap.isAlive(leaf));
        heap.decref(holder);
        heap.decref(ab[0]);
        assertEquals(2, heap.collect());
    }

    @Test
    void objectsReachableOnlyFromACycleAreCollectedWithIt() {
        Heap heap = newHeap();
        int a = node.newEmpty(heap, 2);
        int b = node.newObject(heap, a);
        int tail = node.newEmpty(heap, 0);
        node.set(heap, a, 0, b);
        node.set(heap, a, 1, tail);
        heap.decref(tail);
        heap.decref(a);
        heap.decref(b);
        assertEquals(3, heap.collect());
        assertFalse(heap.isAlive(tail));
    }

    @Test
    void collectRejectsBadGenerations() {
        Heap heap = newHeap();
        assertThrows(IllegalArgumentException.class, () -> heap.collect(3));
        assertThrows(IllegalArgumentException.class, () -> heap.collect(-1));
    }

    @Test
    void collectionRequestedDuringACollectionReturnsZero() {
        Heap heap = newHeap();
        long[] nested = {-1};
        IntArrayType t = finalizing("t", (hp, self) -> nested[0] = hp.collect());
        int[] ab = twoCycle(heap, t);
        assertEquals(2, heap.collect());
        assertEquals(0, nested[0]);
        assertFalse(heap.isAlive(ab[0]));
    }

    @Test
    void finalizersInTrashRunOnceInListOrderThenObjectsAreCleared() {
        Heap heap = newHeap();
        IntArrayType t = finalizing("t", null);
        int[] ab = twoCycle(heap, t);
        assertEquals(2, heap.collect());
        assertEquals("fin:" + ab[0], log.get(0));
        assertEquals("fin:" + ab[1], log.get(1));
        assertEquals(4, log.size());
    }

    @Test
    void resurrectionByAFinalizerKeepsTheWholeCycleAndFinalizesOnlyOnce() {
        Heap heap = newHeap();
        int[] saved = {Heap.NULL};
        IntArrayType t = finalizing("t", (hp, self) -> {
            if (saved[0] == Heap.NULL) {
                hp.incref(self);
                saved[0] = self;
            }
        });
        int[] ab = twoCycle(heap, t);
        assertEquals(0, heap.collect(), "resurrected objects are not counted");
        assertTrue(heap.isAlive(ab[0]));
        assertTrue(heap.isAlive(ab[1]));
        assertTrue(heap.isFinalized(ab[0]));
        assertTrue(heap.isFinalized(ab[1]));
        assertEquals(2, log.size(), "both finalized once");
        heap.decref(saved[0]);
        assertEquals(2, heap.collect());
        assertEquals(2, log.stream().filter(s -> s.startsWith("fin:")).count(), "never finalized again");
        assertFalse(heap.isAlive(ab[0]));
    }

    @Test
    void transitiveResurrectionKeepsWhatTheResurrectedObjectReaches() {
        Heap heap = newHeap();
        int[] saved = {Heap.NULL};
        IntArrayType keeper = finalizing("keeper", (hp, self) -> {
            int victim = ((int[]) hp.payload(self))[0];
            hp.incref(victim);
            saved[0] = victim;
        });
        // cycle x <-> y (plain nodes), and keeper -> x, keeper in its own self-cycle
        int[] xy = twoCycle(heap, node);
        int k = keeper.newEmpty(heap, 2);
        keeper.set(heap, k, 0, xy[0]);
        keeper.set(heap, k, 1, k);
        heap.decref(k);
        assertEquals(1, heap.collect(), "only the keeper is freed; x and y are resurrected");
        assertFalse(heap.isAlive(k));
        assertTrue(heap.isAlive(xy[0]));
        assertTrue(heap.isAlive(xy[1]));
        heap.decref(saved[0]);
        assertEquals(2, heap.collect());
    }

    @Test
    void legacyFinalizerCyclesGoToGarbageWithEverythingTheyReach() {
        Heap heap = newHeap();
        IntArrayType del = legacy("del");
        int a = del.newEmpty(heap, 2);
        int c = node.newObject(heap, a);
        int d = node.newEmpty(heap, 0);
        del.set(heap, a, 0, c);
        del.set(heap, a, 1, d);
        heap.decref(c);
        heap.decref(d);
        heap.decref(a);
        assertEquals(3, heap.collect(), "n = 3 uncollectable, m = 0");
        assertArrayEquals(new int[] {a}, heap.garbage(), "only objects with a legacy finalizer go to garbage");
        assertEquals(List.of(a), vm.garbageAppended);
        assertEquals(List.of(), log, "the collector never calls legacy finalizers");
        assertEquals(new GenerationStats(1, 0, 3), heap.getStats()[2]);
        assertTrue(heap.isAlive(c) && heap.isAlive(d));
        assertEquals(0, heap.collect(), "garbage holds them now: reachable");
        assertEquals(1, heap.garbageSize());
        heap.clearGarbage();
        assertEquals(3, heap.collect(), "still an uncollectable cycle");
        del.set(heap, a, 0, Heap.NULL); // break the cycle by hand: c dies
        assertFalse(heap.isAlive(c));
        heap.clearGarbage(); // the last reference to a: tp_del runs at deallocation
        assertEquals(List.of("del:" + a), log);
        assertFalse(heap.isAlive(a));
        assertFalse(heap.isAlive(d));
    }

    @Test
    void saveAllKeepsEveryUnreachableObjectInGarbage() {
        Heap heap = newHeap();
        heap.setDebug(DebugFlags.SAVEALL);
        int[] ab = twoCycle(heap, node);
        assertEquals(2, heap.collect(), "counted as collected");
        assertArrayEquals(new int[] {ab[0], ab[1]}, heap.garbage());
        assertEquals(2, heap.refcount(ab[0]), "cycle + garbage");
        assertEquals(new GenerationStats(1, 2, 0), heap.getStats()[2]);
        heap.setDebug(0);
        heap.clearGarbage();
        assertEquals(2, heap.collect());
        assertFalse(heap.isAlive(ab[0]));
    }

    @Test
    void debugStatsAndCollectablePrintCPythonText() {
        Heap heap = newHeap();
        heap.freeze();
        int frozen = heap.getFreezeCount();
        int[] ab = twoCycle(heap, node);
        int kept = node.newEmpty(heap, 0);
        heap.setDebug(DebugFlags.STATS | DebugFlags.COLLECTABLE);
        assertEquals(2, heap.collect());
        String out = vm.debug.toString();
        String hexA = Integer.toHexString(ab[0]);
        String hexB = Integer.toHexString(ab[1]);
        String expected = "gc: collecting generation 2...\n"
                + "gc: objects in each generation: 3 0 0\n"
                + "gc: objects in permanent generation: " + frozen + "\n"
                + "gc: collectable <node 0x" + hexA + ">\n"
                + "gc: collectable <node 0x" + hexB + ">\n";
        assertTrue(out.startsWith(expected), out);
        String last = out.substring(expected.length());
        assertTrue(Pattern.matches("gc: done, 2 unreachable, 0 uncollectable, \\d+\\.\\d{4}s elapsed\n", last), last);
        heap.decref(kept);
        heap.unfreeze();
    }

    @Test
    void debugUncollectablePrintsEachUncollectableObject() {
        Heap heap = newHeap();
        IntArrayType del = legacy("del");
        int a = del.newEmpty(heap, 1);
        del.set(heap, a, 0, a);
        heap.decref(a);
        heap.setDebug(DebugFlags.UNCOLLECTABLE);
        assertEquals(1, heap.collect());
        assertEquals("gc: uncollectable <del 0x" + Integer.toHexString(a) + ">\n", vm.debug.toString());
        heap.setDebug(0);
        del.set(heap, a, 0, Heap.NULL);
        heap.clearGarbage();
    }

    @Test
    void debugLeakIsCollectableUncollectableAndSaveAll() {
        assertEquals(DebugFlags.COLLECTABLE | DebugFlags.UNCOLLECTABLE | DebugFlags.SAVEALL, DebugFlags.LEAK);
        assertEquals(38, DebugFlags.LEAK);
        Heap heap = newHeap();
        heap.setDebug(DebugFlags.LEAK);
        assertEquals(DebugFlags.LEAK, heap.getDebug());
        int[] ab = twoCycle(heap, node);
        assertEquals(2, heap.collect());
        String hexA = Integer.toHexString(ab[0]);
        String hexB = Integer.toHexString(ab[1]);
        assertEquals("gc: collectable <node 0x" + hexA + ">\ngc: collectable <node 0x" + hexB + ">\n",
                vm.debug.toString(), "saved objects are reported collectable, not uncollectable");
        assertEquals(2, heap.garbageSize());
        heap.setDebug(0);
        heap.clearGarbage();
        heap.collect();
    }

    @Test
    void listenersGetStartAndStopWithTheRequestedGenerationAndResults() {
        Heap heap = newHeap();
        List<String> events = new ArrayList<>();
        CollectionListener l = (phase, info) -> events.add(phase + " " + info);
        heap.addCollectionListener(l);
        twoCycle(heap, node);
        heap.collect(1);
        twoCycle(heap, legacy("del"));
        heap.collect(2);
        assertEquals(List.of(
                "start " + new CollectionInfo(1, 0, 0),
                "stop " + new CollectionInfo(1, 2, 0),
                "start " + new CollectionInfo(2, 0, 0),
                "stop " + new CollectionInfo(2, 0, 2)), events);
        heap.removeCollectionListener(l);
        heap.collect();
        assertEquals(4, events.size());
        for (int g : heap.garbage()) {
            ((IntArrayType) heap.type(g)).set(heap, g, 0, Heap.NULL);
        }
        heap.clearGarbage();
    }

    @Test
    void listenerErrorsAreUnraisableAndDoNotStopOtherListeners() {
        Heap heap = newHeap();
        List<String> seen = new ArrayList<>();
        heap.addCollectionListener((p, i) -> {
            throw new IllegalStateException("listener failed");
        });
        heap.addCollectionListener((p, i) -> seen.add(p));
        heap.collect();
        assertEquals(List.of("start", "stop"), seen);
        assertEquals(2, vm.unraisable.size());
        vm.unraisable.clear();
    }

    @Test
    void statsAreKeptForTheRequestedGenerationOnly() {
        Heap heap = newHeap();
        twoCycle(heap, node);
        heap.collect(0);
        heap.collect(1);
        twoCycle(heap, node);
        twoCycle(heap, node);
        heap.collect(1);
        GenerationStats[] s = heap.getStats();
        assertEquals(new GenerationStats(1, 2, 0), s[0]);
        assertEquals(new GenerationStats(2, 4, 0), s[1]);
        assertEquals(new GenerationStats(0, 0, 0), s[2]);
    }

    @Test
    void clearingWithoutSlotsLeavesTheCycleInTheOldestGeneration() {
        // A type without clear cannot break its own cycle; the collector moves the survivors on.
        Heap heap = newHeap();
        IntArrayType sticky = new IntArrayType("sticky") {
            @Override
            public void clear(Heap hp, int self, Object payload) {
            }
        };
        int[] ab = twoCycle(heap, sticky);
        assertEquals(2, heap.collect(), "still counted as unreachable");
        assertTrue(heap.isAlive(ab[0]));
        assertArrayEquals(new int[] {ab[0], ab[1]}, heap.getObjects(2));
        sticky.set(heap, ab[0], 0, Heap.NULL);
    }

    private static int[] sorted(int[] a) {
        int[] c = a.clone();
        java.util.Arrays.sort(c);
        return c;
    }
}
