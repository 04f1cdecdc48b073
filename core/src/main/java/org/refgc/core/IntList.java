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
