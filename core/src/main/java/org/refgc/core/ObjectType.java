package org.refgc.core;

/**
 * Describes a kind of object to the heap, the way CPython's type slots
 * ({@code tp_traverse}, {@code tp_clear}, {@code tp_finalize}, {@code tp_del},
 * {@code tp_dealloc}, {@code __sizeof__}) describe a C type.
 *
 * <p>The embedder subclasses this once per kind of object. The heap calls the slots:
 * <ol>
 *   <li>{@link #traverse} during collection, for {@code get_referents}/{@code get_referrers},
 *       and (through {@link #traverseForRelease}) at deallocation, where the heap itself
 *       releases (decrefs) every reference reported, in the order reported. A type must therefore not decref its own
 *       references in {@link #onFree}.</li>
 *   <li>{@link #clear} when the collector breaks a cycle ({@code tp_clear}): the type
 *       drops its references itself, with {@link Heap#decref}, and must leave the
 *       payload so that {@link #traverse} no longer reports them.</li>
 *   <li>{@link #finalize} at most once per object (PEP 442), before deallocation or
 *       when found in cyclic trash. It may resurrect the object.</li>
 *   <li>{@link #legacyFinalize} ({@code tp_del}): objects in cyclic trash that have one
 *       are never collected; they go to {@link Heap#garbage()}.</li>
 *   <li>{@link #onFree} after the object's references were released, just before the
 *       handle is freed.</li>
 * </ol>
 * Slots other than {@code traverse} run arbitrary embedder code and may call back
 * into the heap. {@code traverse}, {@link #basicSize} and {@link #maybeUntrack} must
 * not change the heap.
 *
 * <p>Exceptions thrown from {@code finalize}, {@code legacyFinalize}, {@code clear}
 * and {@code onFree} are reported through {@link VmBinding#reportUnraisable}, as
 * CPython's {@code PyErr_WriteUnraisable}, and the heap carries on.
 */
public abstract class ObjectType {
    private final String name;
    private final boolean gc;

    // This type's registration in the last heap that used it: one immutable (heap serial,
    // id) pair, so a type shared between heaps on several threads stays safe, and does not
    // keep that heap reachable.
    volatile HeapEngine.TypeSlot typeSlot;

    /**
     * @param name the type name used in debug output and statistics
     * @param gc   whether instances are GC containers: tracked at allocation, counted
     *             in generation 0 and examined by the collector ({@code Py_TPFLAGS_HAVE_GC})
     */
    protected ObjectType(String name, boolean gc) {
        this.name = name;
        this.gc = gc;
    }

    /** @return the type name ({@code tp_name}) */
    public final String name() {
        return name;
    }

    /** @return whether instances are GC containers */
    public final boolean isGc() {
        return gc;
    }

    /**
     * Reports every counted reference the object holds ({@code tp_traverse}).
     * Must not modify the heap. The default reports nothing (an atomic object).
     *
     * @param self    the object's handle
     * @param payload the object's payload
     * @param visitor receives each referent
     */
    public void traverse(int self, Object payload, ReferenceVisitor visitor) {
    }

    /**
     * Reports the same references as {@link #traverse}, in the order deallocation releases
     * them, where a type's {@code tp_dealloc} order differs from its {@code tp_traverse}
     * order (a CPython dict traverses each entry's value then key, but releases the key
     * first). The heap uses it only at deallocation. Must not modify the heap. The default
     * is {@link #traverse}.
     *
     * @param self    the object's handle
     * @param payload the object's payload
     * @param visitor receives each referent, in release order
     */
    public void traverseForRelease(int self, Object payload, ReferenceVisitor visitor) {
        traverse(self, payload, visitor);
    }

    /**
     * Drops the object's references to break a cycle ({@code tp_clear}). The type
     * decrefs what it drops. The default does nothing (the cycle then survives unless
     * another member breaks it).
     *
     * @param heap    the heap
     * @param self    the object's handle (alive, refcount &gt; 0)
     * @param payload the object's payload
     */
    public void clear(Heap heap, int self, Object payload) {
    }

    /** @return whether the type has a PEP 442 finalizer ({@code tp_finalize}, Python's {@code __del__}) */
    public boolean hasFinalizer() {
        return false;
    }

    /**
     * The PEP 442 finalizer. Called at most once per object; the object is alive
     * (its refcount is at least 1) while it runs, and it may store new references to
     * it (resurrection).
     *
     * @param heap    the heap
     * @param self    the object's handle
     * @param payload the object's payload
     */
    public void finalize(Heap heap, int self, Object payload) {
    }

    /** @return whether the type has a legacy finalizer ({@code tp_del}) */
    public boolean hasLegacyFinalizer() {
        return false;
    }

    /**
     * The legacy finalizer ({@code tp_del}), run at deallocation with the object
     * temporarily alive (refcount 1). Called at every deallocation attempt, unlike
     * {@link #finalize}. Cyclic trash reaching an object with a legacy finalizer is
     * uncollectable.
     *
     * @param heap    the heap
     * @param self    the object's handle
     * @param payload the object's payload
     */
    public void legacyFinalize(Heap heap, int self, Object payload) {
    }

    /**
     * Dealloc hook: the object's references were released and weakrefs cleared; the
     * handle is freed right after. Must not decref the references {@link #traverse}
     * reports (the heap already did).
     *
     * @param heap    the heap
     * @param self    the handle about to be freed
     * @param payload the payload about to be dropped
     */
    public void onFree(Heap heap, int self, Object payload) {
    }

    /** @return when the collector asks {@link #maybeUntrack} about survivors */
    public UntrackRule untrackRule() {
        return UntrackRule.NEVER;
    }

    /**
     * Whether a tracked survivor may stop being tracked because it can no longer be
     * part of a cycle (CPython's {@code _PyTuple_MaybeUntrack}/{@code _PyDict_MaybeUntrack}):
     * typically, none of its referents {@link Heap#mayBeTracked may be tracked}. Must
     * not modify the heap.
     *
     * @param heap    the heap (to ask {@link Heap#mayBeTracked})
     * @param self    the object's handle
     * @param payload the object's payload
     * @return true to untrack the object
     */
    public boolean maybeUntrack(Heap heap, int self, Object payload) {
        return false;
    }

    /**
     * The object's size as CPython's {@code __sizeof__} reports it under the 64-bit
     * model, without the 16-byte GC header (the heap adds it for GC types, as
     * {@code sys.getsizeof} does).
     *
     * @param payload the object's payload
     * @return size in bytes
     */
    public long basicSize(Object payload) {
        return 16;
    }

    /**
     * How many dead instances the type's free list keeps (CPython 3.12 keeps up to 80 exact
     * lists and 80 exact dicts: {@code PyList_MAXFREELIST}, {@code PyDict_MAXFREELIST}).
     * A GC object that dies while its type's free list has room goes there instead of
     * {@code PyObject_GC_Del}, so generation 0's count does not go down; a new object
     * taken from a non-empty free list does not count as an allocation. A full
     * collection empties the free lists ({@code clear_freelists}). Only the counts are
     * modelled: handles, accounting and identity are as without a free list. Default 0.
     *
     * @return the free list's capacity, 0 for none (non-GC types have none)
     */
    public int freeListCapacity() {
        return 0;
    }

    /**
     * Whether objects of this type can be weakly referenced (a weak reference object
     * itself cannot, as in CPython). Default true.
     *
     * @return true if {@link Heap#newWeakRef} may target instances
     */
    public boolean supportsWeakRefs() {
        return true;
    }

    @Override
    public String toString() {
        return "ObjectType[" + name + (gc ? ", gc]" : "]");
    }
}
