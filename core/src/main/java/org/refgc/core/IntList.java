package org.refgc.core;

import java.util.Arrays;

/** A growable list of ints (no boxing). */
final class IntList {
    private int[] a;
    private int n;

    IntList(int capacity) {
        a = new int[Math.max(4, capacity)];
    }

    IntList() {
        this(16);
    }

    void add(int v) {
        if (n == a.length) {
            grow();
        }
        a[n++] = v;
    }

    private void grow() {
        a = Arrays.copyOf(a, a.length * 2);
    }

    /**
     * The backing array, for loops that keep the size in a local and write it back
     * with {@link #setSize} (valid until the next call that may grow the list).
     */
    int[] raw() {
        return a;
    }

    /** Makes room for {@code capacity} entries (the backing array may change). */
    void ensureCapacity(int capacity) {
        if (capacity > a.length) {
            a = Arrays.copyOf(a, Math.max(capacity, a.length * 2));
        }
    }

    /** Sets the size after entries were written through {@link #raw}. */
    void setSize(int size) {
        n = size;
    }

    int get(int i) {
        return a[i];
    }

    int size() {
        return n;
    }

    boolean isEmpty() {
        return n == 0;
    }

    int pop() {
        return a[--n];
    }

    void clear() {
        n = 0;
    }

    void truncate(int size) {
        n = size;
    }

    int removeAt(int i) {
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("index " + i + ", size " + n);
        }
        int v = a[i];
        System.arraycopy(a, i + 1, a, i, n - i - 1);
        n--;
        return v;
    }

    int[] toArray() {
        return Arrays.copyOf(a, n);
    }
}
