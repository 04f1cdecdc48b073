package org.refgc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** sizeOf, live and peak bytes, blocks, per-type counts, the table's own footprint. */
class AccountingTest extends HeapTestBase {

    @Test
    void sizeOfAddsTheGcHeaderForContainersOnly() {
        Heap heap = newHeap();
        int list = node.newEmpty(heap, 3);
        int leaf = atom.newEmpty(heap, 3);
        assertEquals(24 + 3 * 8 + 16, heap.sizeOf(list), "like sys.getsizeof of a 3-tuple: 64");
        assertEquals(24 + 3 * 8, heap.sizeOf(leaf));
        heap.decref(list);
        heap.decref(leaf);
    }

    @Test
    void liveBytesAndBlocksFollowAllocationAndDeallocation() {
        Heap heap = newHeap();
        long bytes0 = heap.liveBytes();
        long blocks0 = heap.allocatedBlocks();
        int a = node.newEmpty(heap, 1);
        int b = atom.newEmpty(heap, 0);
        assertEquals(bytes0 + heap.sizeOf(a) + heap.sizeOf(b), heap.liveBytes());
        assertEquals(blocks0 + 2, heap.allocatedBlocks());
        assertEquals(1, heap.liveCount(node));
        assertEquals(1, heap.liveCount(atom));
        long peak = heap.peakBytes();
        heap.decref(a);
        heap.decref(b);
        assertEquals(bytes0, heap.liveBytes());
        assertEquals(blocks0, heap.allocatedBlocks());
        assertEquals(peak, heap.peakBytes(), "the peak stays");
        assertEquals(0, heap.liveCount(node));
        assertEquals(0, heap.liveCount(new IntArrayType("never used")));
    }

    @Test
    void aTypeSharedByTwoHeapsCountsEachHeapsObjects() {
        IntArrayType shared = new IntArrayType("shared");
        Heap first = newHeap();
        Heap second = newHeap();
        int a = shared.newEmpty(first, 0);
        int b = shared.newEmpty(second, 0);
        int c = shared.newEmpty(first, 0);
        assertEquals(2, first.liveCount(shared));
        assertEquals(1, second.liveCount(shared));
        first.decref(a);
        first.decref(c);
        second.decref(b);
        assertEquals(0, first.liveCount(shared));
        assertEquals(0, second.liveCount(shared));
    }

    @Test
    void aTypeDoesNotKeepTheLastHeapThatUsedItReachable() throws InterruptedException {
        IntArrayType longLived = new IntArrayType("long-lived");
        java.lang.ref.WeakReference<Heap> ref = useOnce(longLived);
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(ref.get() == null, "the heap stayed reachable through the type");
    }

    /** A heap, not kept by the test's fixtures, that allocated and freed one object of t. */
    private static java.lang.ref.WeakReference<Heap> useOnce(IntArrayType t) {
        Heap heap = Heap.builder().build();
        heap.decref(t.newEmpty(heap, 0));
        return new java.lang.ref.WeakReference<>(heap);
    }

    @Test
    void resizedObjectsAreMeasuredAgain() {
        Heap heap = newHeap();
        int a = node.newEmpty(heap, 0);
        long before = heap.liveBytes();
        heap.setPayload(a, new int[10]);
        assertEquals(before + 80, heap.liveBytes());
        assertEquals(24 + 80 + 16, heap.sizeOf(a));
        assertTrue(heap.peakBytes() >= heap.liveBytes());
        heap.decref(a);
        assertEquals(0, heap.liveBytes());
    }

    @Test
    void cycleCollectionReleasesTheBytes() {
        Heap heap = newHeap();
        twoCycle(heap, node);
        assertEquals(2 * (24 + 8 + 16), heap.liveBytes());
        heap.collect();
        assertEquals(0, heap.liveBytes());
        assertEquals(0, heap.allocatedBlocks());
    }

    @Test
    void tableCostsAtMost32BytesPerHandle() {
        Heap heap = newHeap();
        double perHandle = heap.bytesPerHandle();
        assertTrue(perHandle <= 32, "bytes per handle: " + perHandle);
        assertTrue(perHandle >= 29, "six int arrays, one byte array and one reference array: " + perHandle);
    }
}
