package org.refgc.core;

/**
 * A ready-made type whose payload is an {@code int[]} of referent handles, each slot
 * either {@link Heap#NULL} or a counted reference. It behaves like a CPython list or
 * tuple of objects: traversal and release go from the last slot to the first,
 * {@code clear} empties the slots, and the size model is that of a tuple
 * ({@code 24 + 8 * length} bytes plus the GC header).
 *
 * <p>The collector recognises this type and walks its slots directly, without a
 * virtual call per edge.
 *
 * <pre>{@code
 * IntArrayType node = new IntArrayType("node");
 * int leaf = node.newObject(heap);            // no references
 * int pair = node.newObject(heap, leaf, leaf); // increfs leaf twice
 * heap.decref(leaf);                           // pair now owns leaf
 * node.set(heap, pair, 0, Heap.NULL);         // decrefs leaf
 * }</pre>
 */
public class IntArrayType extends ObjectType {

    /** A GC container type named {@code name}. */
    public IntArrayType(String name) {
        this(name, true);
    }

    /**
     * @param name the type name
     * @param gc   whether instances are GC containers (a non-GC instance is never
     *             examined by the collector, so its slots cannot form collectable cycles)
     */
    public IntArrayType(String name, boolean gc) {
        super(name, gc);
    }

    /**
     * Allocates an object whose slots refer to {@code refs}, increfing each non-null
     * one (the caller keeps its own references).
     *
     * @param heap the heap
     * @param refs initial slot values
     * @return the new handle, refcount 1
     */
    public int newObject(Heap heap, int... refs) {
        int[] slots = refs.clone();
        for (int r : slots) {
            if (r != Heap.NULL) {
                heap.incref(r);
            }
        }
        return heap.allocate(this, slots);
    }

    /**
     * Allocates an object with {@code length} empty slots.
     *
     * @param heap   the heap
     * @param length number of slots
     * @return the new handle, refcount 1
     */
    public int newEmpty(Heap heap, int length) {
        return heap.allocate(this, new int[length]);
    }

    /**
     * Stores a reference in a slot: increfs {@code value}, then decrefs the old one
     * (which may run finalizers and free objects).
     *
     * @param heap  the heap
     * @param obj   the object (of this type)
     * @param index slot index
     * @param value new referent or {@link Heap#NULL}
     */
    public void set(Heap heap, int obj, int index, int value) {
        int[] slots = (int[]) heap.payload(obj);
        if (value != Heap.NULL) {
            heap.incref(value);
        }
        int old = slots[index];
        slots[index] = value;
        if (old != Heap.NULL) {
            heap.decref(old);
        }
    }

    /**
     * Reads a slot (a borrowed reference).
     *
     * @param heap  the heap
     * @param obj   the object
     * @param index slot index
     * @return the referent or {@link Heap#NULL}
     */
    public int get(Heap heap, int obj, int index) {
        return ((int[]) heap.payload(obj))[index];
    }

    @Override
    public final void traverse(int self, Object payload, ReferenceVisitor visitor) {
        int[] slots = (int[]) payload;
        for (int i = slots.length - 1; i >= 0; i--) {
            int r = slots[i];
            if (r != Heap.NULL) {
                visitor.visit(r);
            }
        }
    }

    @Override
    public void clear(Heap heap, int self, Object payload) {
        int[] slots = (int[]) payload;
        for (int i = slots.length - 1; i >= 0; i--) {
            int r = slots[i];
            if (r != Heap.NULL) {
                slots[i] = Heap.NULL;
                heap.decref(r);
            }
        }
    }

    @Override
    public long basicSize(Object payload) {
        return 24 + 8L * ((int[]) payload).length;
    }
}
