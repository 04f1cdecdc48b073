package org.refgc.core;

import java.util.Arrays;

/**
 * Primitive storage for the slots of {@link IntArrayType} objects: one {@code int[]}
 * holding every object's slots back to back, so that the collector's passes and
 * deallocation read contiguous ints instead of chasing a separate array per object,
 * and allocation creates no Java object.
 *
 * <p>A region at offset {@code off} is {@code data[off]} = the object's length,
 * then its slots at {@code data[off + 1 .. off + length]}. Freed regions go on
 * per-size-class free lists (linked through the length word) and are reused by the
 * next region of the same class: lengths 0 to {@value #EXACT} have a class each, longer
 * ones are rounded up to a power of two. Offset 0 is never used (0 ends a free list).
 */
final class EdgeSlab {
    /** Lengths up to this have an exact size class. */
    static final int EXACT = 8;
    private static final int CLASSES = EXACT + 1 + 32;
    /** freeHeads' entry for headerless two-slot regions ({@link #allocatePair}). */
    static final int PAIRS = CLASSES;

    /** The slab; read directly by the hot loops (reload after anything that may allocate). */
    int[] data;
    /** Next never-used offset. */
    private int top = 1;
    /** Per size class, the first free region's offset, or 0 (read by {@link #free(int[], int[], int)}'s callers). */
    final int[] freeHeads = new int[CLASSES + 1];

    /**
     * The capacity the first growth goes to at least: a heap presized for many objects
     * reserves room for their slots, but only once it stores slots at all, so a heap
     * without slab-stored objects keeps a 16-int slab.
     */
    private int reserve;

    EdgeSlab(int initialInts) {
        data = new int[16];
        reserve = Math.max(16, initialInts);
    }

    private static int sizeClass(int length) {
        return length <= EXACT ? length : EXACT + 1 + (32 - Integer.numberOfLeadingZeros(length - 1));
    }

    private static int capacity(int length) {
        return length <= EXACT ? length : Integer.highestOneBit(length - 1) << 1;
    }

    /** A region of {@code length} slots, all NULL; returns its offset. */
    int allocate(int length) {
        int cls = sizeClass(length);
        int off = freeHeads[cls];
        if (off != 0) {
            int[] d = data;
            freeHeads[cls] = d[off];
            d[off] = length;
            Arrays.fill(d, off + 1, off + 1 + length, Heap.NULL);
        } else {
            int need = 1 + capacity(length);
            off = top;
            if ((long) off + need > data.length) {
                grow((long) off + need);
            }
            top = off + need;
            data[off] = length;
        }
        return off;
    }

    private void grow(long needed) {
        long n = Math.max(Math.max(needed, data.length * 2L), reserve);
        reserve = 0;
        if (n > Integer.MAX_VALUE - 8) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new OutOfMemoryError("IntArrayType slot storage exhausted");
            }
            n = Integer.MAX_VALUE - 8;
        }
        data = Arrays.copyOf(data, (int) n);
    }

    /**
     * A headerless region of two slots, both NULL (for objects with two slots, whose
     * length their flags say): {@code data[off]} and {@code data[off + 1]}. Freed pairs
     * are linked through their first int.
     */
    int allocatePair() {
        int off = freeHeads[PAIRS];
        if (off != 0) {
            int[] d = data;
            freeHeads[PAIRS] = d[off];
            d[off] = Heap.NULL;
            d[off + 1] = Heap.NULL;
        } else {
            off = top;
            if ((long) off + 2 > data.length) {
                grow((long) off + 2);
            }
            top = off + 2;
        }
        return off;
    }

    /** Returns a region from {@link #allocatePair} ({@code d} is {@link #data}, {@code heads} {@link #freeHeads}). */
    static void freePair(int[] d, int[] heads, int off) {
        d[off] = heads[PAIRS];
        heads[PAIRS] = off;
    }

    /**
     * Returns the region at {@code off} to its class's free list.
     *
     * @return the region's length
     */
    int free(int off) {
        return free(data, freeHeads, off);
    }

    /**
     * {@link #free(int)} with the slab's arrays passed in, for loops that keep them in
     * locals ({@code d} is {@link #data}, {@code heads} {@link #freeHeads}).
     */
    static int free(int[] d, int[] heads, int off) {
        int length = d[off];
        int cls = length <= EXACT ? length : sizeClass(length);
        d[off] = heads[cls];
        heads[cls] = off;
        return length;
    }

    int length(int off) {
        return data[off];
    }

    /** The slab's size in bytes. */
    long bytes() {
        return 4L * data.length;
    }
}
