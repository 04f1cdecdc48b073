package org.refgc.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

import org.refgc.core.Heap;
import org.refgc.core.IntArrayType;
import org.refgc.core.ObjectType;

/**
 * Measures core's memory per tracked object: the JVM heap bytes a heap of n tracked objects
 * takes, next to core's own figure ({@link Heap#bytesPerHandle()}, its per-handle arrays
 * divided by their capacity).
 *
 * <p>Each measurement is a fresh heap of n GC objects that stay alive and tracked (the
 * program keeps every reference, or each object holds the previous one):
 * <ol>
 *   <li>core only: a GC type whose objects all share one payload object, in a heap
 *       presized to n, so the delta is core's own per-object state (refcount, type, links,
 *       generation, flags, payload slot);</li>
 *   <li>the same heap grown from a small capacity (array slack included);</li>
 *   <li>{@link IntArrayType} objects of one slot each, chained (what the benchmarks use):
 *       core plus its slab of edge slots.</li>
 * </ol>
 *
 * <p>Run: {@code java -XX:+UseSerialGC -cp java-tests/target/benchmarks.jar org.refgc.bench.Footprint [n]}
 * (default n = 1000000; the serial collector reports used heap exactly).
 */
public final class Footprint {

    private Footprint() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        System.out.printf("n = %d tracked objects%n", n);
        measure("core only, presized", n, false, true);
        measure("core only, grown from 16", n, false, false);
        measure("IntArrayType, 1 slot each", n, true, false);
    }

    private static void measure(String label, int n, boolean intArray, boolean presized) {
        long before = usedAfterGc();
        Heap heap = Heap.builder().initialCapacity(presized ? n : 16).build();
        heap.disable();
        // Fresh types per measurement: a type remembers the last heap that used it, which
        // would keep the previous measurement's heap alive.
        IntArrayType list = new IntArrayType("list");
        ObjectType plain = new ObjectType("plain", true) { };
        Object shared = new Object();
        int head = Heap.NULL;
        for (int i = 0; i < n; i++) {
            head = intArray
                    ? heap.allocate(list, new int[] {head}) // the previous head's reference moves in
                    : heap.allocate(plain, shared);          // the program keeps this reference
        }
        long after = usedAfterGc();
        double perObject = (after - before) / (double) n;
        System.out.printf("%-28s %6.1f bytes/object (JVM heap delta); core's per-handle arrays: %.1f bytes/handle%n",
                label, perObject, heap.bytesPerHandle());
        if (heap.allocatedBlocks() != n || head == Heap.NULL) {
            throw new IllegalStateException("objects were freed");
        }
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
