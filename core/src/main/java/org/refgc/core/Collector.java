package org.refgc.core;

import java.util.ArrayList;
import java.util.List;

/** Stub, replaced by the real collector. */
final class Collector {
    final HeapEngine e;
    boolean enabled;
    boolean pending;
    boolean collecting;
    int debug;
    final List<CollectionListener> listeners = new ArrayList<>();

    Collector(HeapEngine e, Heap.Builder b) {
        this.e = e;
        this.enabled = b.enabled;
    }

    private static UnsupportedOperationException todo() {
        return new UnsupportedOperationException("not yet implemented");
    }

    long collectRequested(int gen) { throw todo(); }
    long safePoint() { throw todo(); }
    int[] getCount() { throw todo(); }
    int[] getThreshold() { throw todo(); }
    void setThreshold(int a, int b, int c) { throw todo(); }
    int[] getObjects(int gen) { throw todo(); }
    int[] getReferrers(int[] t) { throw todo(); }
    int[] getReferents(int[] t) { throw todo(); }
    void freeze() { throw todo(); }
    void unfreeze() { throw todo(); }
    int getFreezeCount() { throw todo(); }
    GenerationStats[] getStats() { throw todo(); }
}
