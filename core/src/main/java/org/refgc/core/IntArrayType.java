package org.refgc.core;

/**
 * A ready-made type whose payload is an {@code int[]} of referent handles, each slot
 * either {@link Heap#NULL} or a counted reference. It behaves like a CPython list or
 * tuple of objects: traversal and release go from the last slot to the first,
 * {@code clear} empties the slots, and the size model is that of a tuple
 * ({@code 24 + 8 * length} bytes plus the GC header).
 *
 * <p>Storage: unless the type has a hook that receives the payload (a finalizer,
 * legacy finalizer, {@code onFree}, an untrack rule) or overrides {@code clear} or
 * {@code basicSize}, the heap keeps its instances' slots in one primitive slab
 * (4 bytes per slot plus 4 per object; an instance with exactly one slot keeps it
 * in the heap's per-object state and takes no slab space, one with two takes 8
 * bytes) rather than in an
 * {@code int[]} per object:
 * {@link Heap#allocate} copies the given {@code int[]} in (taking over its
 * references, as before), {@link Heap#payload} returns a copy of the slots, and
 * {@link Heap#setPayload} replaces them. Read and write slots through {@link #get},
 * {@link #set} and {@link #setStealing}: writes into an array obtained from
 * {@code payload} do not reach the object. The collector and deallocation walk the
 * slab directly, without a virtual call per edge; other instances keep their
 * {@code int[]} payload and go through {@link #traverse} and {@link #clear}.
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
        return heap.allocate(this, slots); // copied into the slab for slab-stored types
    }

    /**
     * Allocates an object with {@code length} empty slots.
     *
     * @param heap   the heap
     * @param length number of slots
     * @return the new handle, refcount 1
     */
    public int newEmpty(Heap heap, int length) {
        if (length < 0) {
            throw new NegativeArraySizeException(Integer.toString(length));
        }
        heap.check();
        return heap.engine.allocateIntArray(this, length);
    }

    /**
     * Number of slots of {@code obj}.
     *
     * @param heap the heap
     * @param obj  the object (of this type)
     * @return its length
     */
    public int length(Heap heap, int obj) {
        heap.check();
        return heap.engine.slotCount(obj);
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
        heap.check();
        heap.engine.slotCount(obj); // checks obj before value is increfed
        if (value != Heap.NULL) {
            heap.incref(value);
        }
        int old;
        try {
            old = heap.engine.swapSlot(obj, index, value);
        } catch (RuntimeException ex) {
            if (value != Heap.NULL) {
                heap.decref(value);
            }
            throw ex;
        }
        if (old != Heap.NULL) {
            heap.decref(old);
        }
    }

    /**
     * Stores a reference the caller gives up (like CPython's {@code PyTuple_SET_ITEM},
     * which steals it): no incref of {@code value}; the old slot value, if any, is
     * decrefed.
     *
     * @param heap  the heap
     * @param obj   the object (of this type)
     * @param index slot index
     * @param value new referent (the caller's reference moves into the slot) or {@link Heap#NULL}
     */
    public void setStealing(Heap heap, int obj, int index, int value) {
        heap.check();
        int old = heap.engine.swapSlot(obj, index, value);
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
        heap.check();
        return heap.engine.slot(obj, index);
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
        if (heap.engine.inSlab(self)) {
            heap.engine.clearSlabSlots(self);
            return;
        }
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
