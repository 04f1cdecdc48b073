package org.refgc.core;

import java.util.List;
import java.util.function.IntUnaryOperator;

/** Stub, replaced by the real engine. */
final class HeapEngine {
    final Heap heap;
    final boolean validating;
    final VmBinding binding;
    final Collector collector;
    final WeakRefs weakRefs;
    final IntList garbage = new IntList();
    long liveBytes;
    long peakBytes;
    long liveObjects;

    HeapEngine(Heap heap, Heap.Builder b) {
        this.heap = heap;
        this.validating = b.validating;
        this.binding = b.binding;
        this.collector = new Collector(this, b);
        this.weakRefs = new WeakRefs(this);
    }

    private static UnsupportedOperationException todo() {
        return new UnsupportedOperationException("not yet implemented");
    }

    int allocate(ObjectType type, Object payload) { throw todo(); }
    void incref(int h) { throw todo(); }
    void decref(int h) { throw todo(); }
    long refcount(int h) { throw todo(); }
    Object payload(int h) { throw todo(); }
    void setPayload(int h, Object p) { throw todo(); }
    void resized(int h) { throw todo(); }
    ObjectType type(int h) { throw todo(); }
    boolean isAlive(int h) { throw todo(); }
    void track(int h) { throw todo(); }
    void untrack(int h) { throw todo(); }
    boolean isTracked(int h) { throw todo(); }
    boolean isFinalized(int h) { throw todo(); }
    boolean mayBeTracked(int h) { throw todo(); }
    boolean isWeakRef(int h) { throw todo(); }
    long sizeOf(int h) { throw todo(); }
    long liveCount(ObjectType t) { throw todo(); }
    double bytesPerHandle() { throw todo(); }
    void validate(List<String> out) { }
    void validateExact(IntUnaryOperator external, List<String> out) { }
}
