package org.refgc.core;

/** Stub, replaced by the real weakref table. */
final class WeakRefs {
    final HeapEngine e;

    WeakRefs(HeapEngine e) {
        this.e = e;
    }

    private static UnsupportedOperationException todo() {
        return new UnsupportedOperationException("not yet implemented");
    }

    int newWeakRef(ObjectType t, Object p, int referent, int callback, WeakRefKind kind) { throw todo(); }
    int referent(int wr) { throw todo(); }
    int callback(int wr) { throw todo(); }
    void clearAndDropCallback(int wr) { throw todo(); }
    int count(int h) { throw todo(); }
    int[] list(int h) { throw todo(); }
}
