package org.refgc.core.property;

import org.refgc.core.Heap;
import org.refgc.core.IntArrayType;
import org.refgc.core.ObjectType;
import org.refgc.core.ReferenceVisitor;
import org.refgc.core.UntrackRule;

/**
 * The object types a property case allocates, one set per case. Node types come in two
 * implementations, so both of the collector's paths are exercised: {@link IntArrayType}
 * (which the collector walks directly) and {@link CellType} (a plain {@link ObjectType}
 * reached through virtual calls), each without a finalizer, with one, with one that
 * resurrects its object, and with a legacy ({@code tp_del}) finalizer.
 */
final class TestTypes {

    /** What a node's finalizer does. */
    enum Fin { NONE, PLAIN, RESURRECT, LEGACY }

    /** Told when a finalizer runs. */
    interface Recorder {
        /** Called from the finalizer; may resurrect {@code self}. */
        void finalized(Heap heap, int self, Object payload, boolean resurrect);

        /** Called from the legacy finalizer ({@code tp_del}). */
        void legacyFinalized(Heap heap, int self);
    }

    final IntArrayType[] fast = new IntArrayType[Fin.values().length];
    final CellType[] cell = new CellType[Fin.values().length];
    final ObjectType atom = new ObjectType("atom", false) { };
    final TupleType tuple = new TupleType();
    final ObjectType weakRef = new ObjectType("weakref", true) {
        @Override
        public boolean supportsWeakRefs() {
            return false;
        }
    };

    TestTypes(Recorder recorder) {
        for (Fin f : Fin.values()) {
            fast[f.ordinal()] = new FastNode("fast-" + f, f, recorder);
            cell[f.ordinal()] = new CellType("cell-" + f, f, recorder);
        }
    }

    /** {@link IntArrayType} with an optional finalizer. */
    static final class FastNode extends IntArrayType {
        private final Fin fin;
        private final Recorder recorder;

        FastNode(String name, Fin fin, Recorder recorder) {
            super(name);
            this.fin = fin;
            this.recorder = recorder;
        }

        @Override
        public boolean hasFinalizer() {
            return fin == Fin.PLAIN || fin == Fin.RESURRECT;
        }

        @Override
        public void finalize(Heap heap, int self, Object payload) {
            recorder.finalized(heap, self, payload, fin == Fin.RESURRECT);
        }

        @Override
        public boolean hasLegacyFinalizer() {
            return fin == Fin.LEGACY;
        }

        @Override
        public void legacyFinalize(Heap heap, int self, Object payload) {
            recorder.legacyFinalized(heap, self);
        }
    }

    /** A node whose payload is a {@link Cell}; traversal goes first slot to last. */
    static final class CellType extends ObjectType {
        private final Fin fin;
        private final Recorder recorder;

        CellType(String name, Fin fin, Recorder recorder) {
            super(name, true);
            this.fin = fin;
            this.recorder = recorder;
        }

        @Override
        public void traverse(int self, Object payload, ReferenceVisitor visitor) {
            for (int r : ((Cell) payload).slots) {
                if (r != Heap.NULL) {
                    visitor.visit(r);
                }
            }
        }

        @Override
        public void clear(Heap heap, int self, Object payload) {
            int[] slots = ((Cell) payload).slots;
            for (int i = 0; i < slots.length; i++) {
                int r = slots[i];
                if (r != Heap.NULL) {
                    slots[i] = Heap.NULL;
                    heap.decref(r);
                }
            }
        }

        @Override
        public boolean hasFinalizer() {
            return fin == Fin.PLAIN || fin == Fin.RESURRECT;
        }

        @Override
        public void finalize(Heap heap, int self, Object payload) {
            recorder.finalized(heap, self, payload, fin == Fin.RESURRECT);
        }

        @Override
        public boolean hasLegacyFinalizer() {
            return fin == Fin.LEGACY;
        }

        @Override
        public void legacyFinalize(Heap heap, int self, Object payload) {
            recorder.legacyFinalized(heap, self);
        }

        @Override
        public long basicSize(Object payload) {
            return 16 + 8L * ((Cell) payload).slots.length;
        }

        /** Stores {@code value} (increfed) in a slot and drops the old referent. */
        void set(Heap heap, int obj, int index, int value) {
            int[] slots = ((Cell) heap.payload(obj)).slots;
            if (value != Heap.NULL) {
                heap.incref(value);
            }
            int old = slots[index];
            slots[index] = value;
            if (old != Heap.NULL) {
                heap.decref(old);
            }
        }
    }

    /**
     * An immutable container like CPython's tuple: no tp_clear (cycles through it are broken
     * by clearing the other members), released last element first, and untracked by any
     * collection that finds it reachable and holding nothing that may be tracked.
     */
    static final class TupleType extends ObjectType {
        TupleType() {
            super("tuple", true);
        }

        @Override
        public void traverse(int self, Object payload, ReferenceVisitor visitor) {
            int[] items = (int[]) payload;
            for (int i = items.length - 1; i >= 0; i--) {
                visitor.visit(items[i]);
            }
        }

        @Override
        public UntrackRule untrackRule() {
            return UntrackRule.EVERY_COLLECTION;
        }

        @Override
        public boolean maybeUntrack(Heap heap, int self, Object payload) {
            for (int r : (int[]) payload) {
                if (heap.mayBeTracked(r)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public long basicSize(Object payload) {
            return 24 + 8L * ((int[]) payload).length;
        }

        @Override
        public boolean supportsWeakRefs() {
            return false;
        }
    }

    /** Payload of a {@link CellType} object. */
    static final class Cell {
        final int[] slots;

        Cell(int n) {
            slots = new int[n];
        }
    }
}
