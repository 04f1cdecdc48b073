package org.refgc.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

import org.refgc.core.Heap;
import org.refgc.core.IntArrayType;

/**
 * Measures core's memory per tracked object: the JVM heap bytes a heap of n tracked objects
 * takes beyond its payloads, next to core's own figure ({@link Heap#bytesPerHandle()}, its
 * per-handle arrays divided by their capacity).
 *
 * <p>Three measurements, each on a fresh heap of n GC objects that stay alive and tracked
 * (the program never drops its references, or, with own payloads, each holds the previous):
 * <ol>
 *   <li>core only: every object shares one payload array, so the delta is core's own
 *       per-object state (refcount, type, links, generation, flags, payload slot);</li>
 *   <li>with payloads: each object has its own {@code int[1]} (what the benchmarks use);
 *       the extra over (1) is the Java payload, which the embedder chooses;</li>
 *   <li>presized: as (1) but with {@code initialCapacity(n)}, so no array slack.</li>
 * </ol>
 *
 * <p>Run: {@code java -XX:+UseSerialGC -cp java-tests/target/benchmarks.jar org.refgc.bench.Footprint [n]}
 * (the serial collector reports used heap exactly)
 * (default n = 1000000).
 */
public final class Footprint {

    private Footprint() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        System.out.printf("n = %d tracked objects%n", n);
        measure("core only (shared payload)", n, false, false);
        measure("core + own int[1] payload", n, true, false);
        measure("core only, presized", n, false, true);
    }

    private static void measure(String label, int n, boolean ownPayload, boolean presized) {
        long before = usedAfterGc();
        Heap heap = presized ? Heap.builder().initialCapacity(n).build() : Heap.builder().initialCapacity(16).build();
        heap.disable();
        // A fresh type per measurement: a type caches the last heap that used it, which
        // would keep the previous measurement's heap alive.
        IntArrayType list = new IntArrayType("list");
        int[] shared = new int[1];
        int head = Heap.NULL;
        for (int i = 0; i < n; i++) {
            // With own payloads the previous head's reference moves into the new node (a chain);
            // with the shared payload the program simply keeps every reference.
            int[] slots = ownPayload ? new int[] {head} : shared;
            head = heap.allocate(list, slots);
        }
        long after = usedAfterGc();
        double perObject = (after - before) / (double) n;
        System.out.printf("%-28s %6.1f bytes/object (JVM heap delta); core's arrays: %.1f bytes/handle; "
                + "live objects %d, sys.getsizeof total %d%n",
                label, perObject, heap.bytesPerHandle(), heap.allocatedBlocks(), heap.liveBytes());
        if (heap.allocatedBlocks() != n || head == Heap.NULL) {
            throw new IllegalStateException("objects were freed");
        }
        // Keep the heap reachable until measured.
        java.lang.ref.Reference.reachabilityFence(heap);
        java.lang.ref.Reference.reachabilityFence(shared);
    }

    private static long usedAfterGc() {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, mx.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
