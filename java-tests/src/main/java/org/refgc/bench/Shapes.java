package org.refgc.bench;

import java.util.SplittableRandom;

import org.refgc.core.Heap;
import org.refgc.core.IntArrayType;
import org.refgc.core.ObjectType;

/**
 * Builds the benchmark shapes on a heap, exactly as {@code cpython_shapes.py} builds them on
 * CPython (a CPython list is one GC object holding counted references, like an object of
 * {@link IntArrayType}).
 *
 * <p>Every builder returns the one handle the caller holds (or {@link Heap#NULL} when the
 * whole shape is garbage); every other reference is owned by the shape itself.
 */
public final class Shapes {

    /** The container type: a GC object whose payload is an {@code int[]} of references. */
    public static final IntArrayType LIST = new IntArrayType("list");
    /** An atomic, untracked value (CPython's small int). */
    public static final ObjectType INT = new ObjectType("int", false) { };

    /** The shapes, named as in the benchmark output. */
    public enum Shape {
        /** {@code head = [next]}, n nodes, the head held. */
        linked_list,
        /** A complete binary tree of {@code [left, right]} nodes, the root held. */
        binary_tree,
        /** n/2 pairs {@code a = [b]; b = [a]}, nothing held: all garbage. */
        garbage_2cycles,
        /** n nodes of out-degree 4: edge 0 to node i+1, edges 1-3 random; node 0 held. */
        random_graph4,
        /** One list holding n lists {@code [0, 1]}, the outer list held. */
        list_of_lists
    }

    private static final long SEED = 20241124L;

    private Shapes() {
    }

    /**
     * Builds {@code shape} with {@code n} objects.
     *
     * @return the handle the caller now holds, or {@link Heap#NULL}
     */
    public static int build(Heap heap, Shape shape, int n) {
        return switch (shape) {
            case linked_list -> linkedList(heap, n);
            case binary_tree -> binaryTree(heap, n);
            case garbage_2cycles -> garbageCycles(heap, n);
            case random_graph4 -> randomGraph(heap, n);
            case list_of_lists -> listOfLists(heap, n);
        };
    }

    /** A chain of n lists, each holding the previous one; returns the last (the head). */
    public static int linkedList(Heap heap, int n) {
        int head = Heap.NULL;
        for (int i = 0; i < n; i++) {
            head = heap.allocate(LIST, new int[] {head}); // our reference to head moves into the node
        }
        return head;
    }

    /** A complete binary tree of n nodes allocated in breadth-first order; returns the root. */
    public static int binaryTree(Heap heap, int n) {
        int[] nodes = new int[n];
        for (int i = 0; i < n; i++) {
            nodes[i] = heap.allocate(LIST, new int[2]);
        }
        for (int i = 0; i < n; i++) {
            int left = 2 * i + 1;
            int right = 2 * i + 2;
            if (left < n) {
                LIST.setStealing(heap, nodes[i], 0, nodes[left]); // our reference moves into the parent
            }
            if (right < n) {
                LIST.setStealing(heap, nodes[i], 1, nodes[right]);
            }
        }
        return n == 0 ? Heap.NULL : nodes[0];
    }

    /** n/2 two-object cycles, dropped: everything is garbage. */
    public static int garbageCycles(Heap heap, int n) {
        for (int i = 0; i < n / 2; i++) {
            int a = heap.allocate(LIST, new int[1]);
            int b = heap.allocate(LIST, new int[] {a}); // our reference to a moves into b
            LIST.setStealing(heap, a, 0, b); // and ours to b into a
        }
        return Heap.NULL;
    }

    /** n nodes of out-degree 4, all reachable from node 0 (edge 0 is i -> i+1). */
    public static int randomGraph(Heap heap, int n) {
        SplittableRandom rnd = new SplittableRandom(SEED);
        int[] nodes = new int[n];
        for (int i = 0; i < n; i++) {
            nodes[i] = heap.allocate(LIST, new int[4]);
        }
        for (int i = 0; i < n; i++) {
            LIST.set(heap, nodes[i], 0, nodes[(i + 1) % n]); // set increfs
            LIST.set(heap, nodes[i], 1, nodes[rnd.nextInt(n)]);
            LIST.set(heap, nodes[i], 2, nodes[rnd.nextInt(n)]);
            LIST.set(heap, nodes[i], 3, nodes[rnd.nextInt(n)]);
        }
        for (int i = 1; i < n; i++) {
            heap.decref(nodes[i]); // each keeps the reference from its predecessor
        }
        return n == 0 ? Heap.NULL : nodes[0];
    }

    /** One list of n lists, each holding two references to a shared untracked int. */
    public static int listOfLists(Heap heap, int n) {
        int zero = heap.allocate(INT, null);
        int outer = heap.allocate(LIST, new int[n]);
        for (int i = 0; i < n; i++) {
            heap.incref(zero);
            heap.incref(zero);
            LIST.setStealing(heap, outer, i, heap.allocate(LIST, new int[] {zero, zero}));
        }
        heap.decref(zero);
        return outer;
    }

    /** A heap sized for {@code n} objects, with automatic collection off (as in the CPython script). */
    public static Heap newHeap(int n) {
        Heap heap = Heap.builder().initialCapacity(n + 16).build();
        heap.disable();
        return heap;
    }
}
