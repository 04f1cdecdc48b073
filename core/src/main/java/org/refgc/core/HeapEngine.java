package org.refgc.core;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * The object table and reference counting: a struct of arrays indexed by handle,
 * and deallocation in the order of CPython's {@code subtype_dealloc}, made iterative
 * by emulating CPython 3.12's trashcan.
 *
 * <h2>Per-handle state</h2>
 * <pre>
 *  refcnt[h]   the reference count (0 only while h is being deallocated)
 *  info[h]     bits 0-10 flags (F_*), bits 11-31 the type's index in types[]
 *  gcPrev[h]   previous object in h's GC list; on the trashcan's delete-later
 *              list, the next deposited object; briefly, during a collection's
 *              analysis, a gc_refs too large for gcRefs[h]
 *  gcRefs[h]   one byte: h's gc_refs while a collection analyses it (Collector
 *              explains the codes), 0 at all other times
 *  gcNext[h]   next object in h's GC list; for a free handle, the next free one
 *  payload[h]  the embedder's object
 *  wref[h]     a weakref object: its row in the WeakRefs side table;
 *              any other object: the first weak reference to it (or NULL)
 *  size[h]     bytes recorded for accounting (basic size + GC header); for an
 *              object with F_INTARRAY, the offset of its slots in {@link #slab}
 *              (its size follows from its length), or with F_INLINE as well, its
 *              one slot's value, or with F_TWO, the offset of its two slots
 * </pre>
 * That is 6 ints, one byte and one reference per handle: 29 bytes with compressed oops.
 * The slots of slab-stored {@link IntArrayType} objects live in {@link EdgeSlab}
 * (4 bytes per slot plus a 4-byte length per object), except that an object with
 * exactly one slot (F_INLINE) keeps it in size[h], and one with exactly two
 * (F_TWO) has a region without the length word.
 *
 * <h2>Flag lifecycle</h2>
 * <ul>
 *   <li>F_ALIVE: set at allocation, cleared at free.</li>
 *   <li>F_TRACKED: set while h is on one of the GC lists (a generation, the permanent
 *       generation or a collector scratch list).</li>
 *   <li>F_FINALIZED: set once the PEP 442 finalizer ran; never cleared.</li>
 *   <li>F_COLLECTING (CPython's PREV_MASK_COLLECTING, once the objects are sorted):
 *       set by move_unreachable on the objects it leaves unreachable (during the
 *       analysis "being collected" is a gcRefs code, see Collector), cleared when they
 *       prove reachable or leave the collection.</li>
 *   <li>F_FROZEN: set while h is in the permanent generation (lets a full collection
 *       find its objects by scanning the arrays instead of walking its list).</li>
 *   <li>F_WEAKREF, F_GC, F_INTARRAY: fixed at allocation.</li>
 *   <li>F_INLINE, F_TWO: with F_INTARRAY, set while the object has exactly one or
 *       two slots (at allocation, and by setPayload).</li>
 *   <li>F_LEAF: with F_INTARRAY, set at allocation and by setPayload when no slot
 *       refers to a GC object; cleared by the first store of one (it may then stay
 *       clear after that slot is emptied: it is a hint that only ever errs towards
 *       reading the slots).</li>
 * </ul>
 *
 * <h2>List heads</h2>
 * Handles 1..9 are the sentinel heads of the GC lists (three generations, the
 * permanent generation and the collector's scratch lists); real objects start at
 * {@link #FIRST_HANDLE}. Every list is circular and doubly linked through its head.
 */
final class HeapEngine {
    // ---- flags in info[h] (bits 0-10)
    static final int F_ALIVE = 1;
    static final int F_TRACKED = 1 << 1;
    static final int F_FINALIZED = 1 << 2;
    static final int F_COLLECTING = 1 << 3;
    /**
     * With F_INTARRAY: the object has exactly one slot, kept in size[h] itself (no slab
     * region), so that the collector's passes over one-slot objects (chains, pairs)
     * read one array less and the object costs no slab space.
     */
    static final int F_INLINE = 1 << 4;
    static final int F_WEAKREF = 1 << 5;
    static final int F_GC = 1 << 6;
    /** The object's slots are in the slab (its type has TF_INTARRAY); payload[h] is null. */
    static final int F_INTARRAY = 1 << 7;
    static final int F_FROZEN = 1 << 8;
    /**
     * With F_INTARRAY: the object has exactly two slots, in a headerless slab region
     * at size[h] (data[off], data[off + 1]; see EdgeSlab.allocatePair), so that the
     * passes over two-slot objects (trees, pairs) read two ints of slab per object
     * instead of three.
     */
    static final int F_TWO = 1 << 9;
    /**
     * With F_INTARRAY: no slot refers to an object of a GC type (each is NULL or an
     * atomic value). visit_decref and visit_reachable ignore such referents, as
     * CPython's do (their _PyObject_IS_GC test), so the collector's passes skip the
     * object's slots without reading them: a list of numbers or strings costs the
     * collector what an empty one does. Set at allocation and by setPayload when it
     * holds; cleared by the first store of a GC object, and never set again by a store.
     */
    static final int F_LEAF = 1 << 10;
    static final int TYPE_SHIFT = 11;
    static final int MAX_TYPES = 1 << 21;

    // ---- per-type flags in typeFlags[id]
    static final int TF_FINALIZER = 1;
    static final int TF_LEGACY = 1 << 1;
    static final int TF_WEAKREFABLE = 1 << 2;
    static final int TF_UNTRACK_EVERY = 1 << 3;
    static final int TF_UNTRACK_FULL = 1 << 4;
    /**
     * An IntArrayType whose instances keep their slots in the slab: its clear and
     * basicSize are IntArrayType's own and it has no hook that receives the payload
     * (finalizers, dealloc hook, untrack test), so the slots are seen only through
     * IntArrayType's methods and {@link Heap#payload} (a copy).
     */
    static final int TF_INTARRAY = 1 << 5;
    static final int TF_GC = 1 << 6;
    static final int TF_ONFREE = 1 << 7;
    /** An IntArrayType whose clear is IntArrayType's own. */
    static final int TF_INTARRAY_CLEAR = 1 << 8;
    /** A GC type with a free list ({@link ObjectType#freeListCapacity}). */
    static final int TF_FREELIST = 1 << 9;

    // ---- list heads (sentinel handles)
    static final int GEN0 = 1;
    static final int GEN1 = 2;
    static final int GEN2 = 3;
    static final int PERMANENT = 4;
    static final int UNREACHABLE = 5;
    static final int FINALIZERS = 6;
    static final int WRCB_TO_CALL = 7;
    static final int SEEN = 8;
    static final int STILL_UNREACHABLE = 9;
    static final int FIRST_HANDLE = 16;
    /** Handles stay below 2^30 (room for tags on links). */
    static final int MAX_HANDLES = (1 << 30) - 1;

    /** CPython's _PyTrash_UNWIND_LEVEL: deallocations nest this deep, then are deferred. */
    static final int TRASH_UNWIND_LEVEL = 50;

    /**
     * An immutable (heap, index) pair cached on each {@link ObjectType}. The heap is named by
     * its serial number, not referenced: a type that outlives its heaps (a shared singleton,
     * a type of a closed context) must not keep the last of them reachable.
     */
    static final class TypeSlot {
        final long owner;
        final int id;

        TypeSlot(long owner, int id) {
            this.owner = owner;
            this.id = id;
        }
    }

    private static final java.util.concurrent.atomic.AtomicLong SERIALS = new java.util.concurrent.atomic.AtomicLong();

    /** This heap's serial number: what {@link TypeSlot} remembers of it. */
    private final long serial = SERIALS.incrementAndGet();

    final Heap heap;
    final boolean validating;
    final VmBinding binding;
    final Collector collector;
    final WeakRefs weakRefs;
    final IntList garbage = new IntList();
    /** Deallocation of plain (slab-stored, hookless) objects without the general machinery. */
    final PlainDealloc plain = new PlainDealloc(this);

    // ---- the struct of arrays
    int[] refcnt;
    int[] info;
    int[] gcPrev;
    int[] gcNext;
    byte[] gcRefs;
    Object[] payload;
    int[] wref;
    int[] size;
    /** Slots of F_INTARRAY objects. */
    final EdgeSlab slab;
    /** Next never-used handle. */
    int top = FIRST_HANDLE;
    /** Head of the free-handle list (linked through gcNext), or NULL. */
    int freeHead;

    // ---- types
    ObjectType[] types = new ObjectType[16];
    int[] typeFlags = new int[16];
    long[] typeLive = new long[16];
    /** Per type: its free list's capacity, and how many dead objects it holds now. */
    int[] freeListCap = new int[16];
    int[] freeListed = new int[16];
    int typeCount;
    private final IdentityHashMap<ObjectType, Integer> typeIds = new IdentityHashMap<>();
    /** Whether any registered type has the flag (lets the collector skip whole passes). */
    int anyTypeFlags;

    // ---- tracking counts
    /** Objects with F_TRACKED. */
    long trackedCount;
    /** Objects with F_FROZEN (the permanent generation's size). */
    long frozenCount;

    // ---- accounting
    long liveBytes;
    long peakBytes;
    long liveObjects;

    // ---- deallocation state
    /** Pending work: a positive entry is a reference to drop, ~h finishes h's deallocation. */
    final IntList deallocStack = new IntList(256);
    /** Scratch for one traversal's referents. */
    private final IntList scratch = new IntList(64);
    private final ReferenceVisitor scratchAdder = scratch::add;
    /** CPython's trash->delete_nesting. */
    int trashNesting;
    /** CPython's trash->delete_later (linked through gcPrev), or NULL. */
    int deleteLater;

    HeapEngine(Heap heap, Heap.Builder b) {
        this.heap = heap;
        this.validating = b.validating;
        this.binding = b.binding;
        int cap = (int) Math.min(MAX_HANDLES, Math.max(FIRST_HANDLE * 2L, (long) b.initialCapacity + FIRST_HANDLE));
        refcnt = new int[cap];
        info = new int[cap];
        gcPrev = new int[cap];
        gcNext = new int[cap];
        gcRefs = new byte[cap];
        payload = new Object[cap];
        wref = new int[cap];
        size = new int[cap];
        slab = new EdgeSlab(Math.min(1 << 26, cap * 2));
        for (int head = GEN0; head <= STILL_UNREACHABLE; head++) {
            listInit(head);
        }
        this.weakRefs = new WeakRefs(this);
        this.collector = new Collector(this, b);
    }

    // =====================================================================
    // Types
    // =====================================================================

    /** @return the type's index in this heap, registering it on first use */
    int typeId(ObjectType t) {
        TypeSlot s = t.typeSlot;
        if (s != null && s.owner == serial) {
            return s.id;
        }
        Integer id = typeIds.get(t);
        if (id == null) {
            id = registerType(t);
        }
        t.typeSlot = new TypeSlot(serial, id);
        return id;
    }

    private int registerType(ObjectType t) {
        if (typeCount == MAX_TYPES) {
            throw new IllegalStateException("too many types");
        }
        int id = typeCount++;
        if (id == types.length) {
            int n = id * 2;
            types = Arrays.copyOf(types, n);
            typeFlags = Arrays.copyOf(typeFlags, n);
            typeLive = Arrays.copyOf(typeLive, n);
            freeListCap = Arrays.copyOf(freeListCap, n);
            freeListed = Arrays.copyOf(freeListed, n);
        }
        int tf = 0;
        if (t.isGc()) {
            tf |= TF_GC;
            int cap = t.freeListCapacity();
            if (cap > 0) {
                tf |= TF_FREELIST;
                freeListCap[id] = cap;
            }
        }
        if (t.hasFinalizer()) {
            tf |= TF_FINALIZER;
        }
        if (t.hasLegacyFinalizer()) {
            tf |= TF_LEGACY;
        }
        if (t.supportsWeakRefs()) {
            tf |= TF_WEAKREFABLE;
        }
        UntrackRule rule = t.untrackRule();
        if (rule == UntrackRule.EVERY_COLLECTION) {
            tf |= TF_UNTRACK_EVERY;
        } else if (rule == UntrackRule.FULL_COLLECTION) {
            tf |= TF_UNTRACK_FULL;
        }
        if (overrides(t, "onFree", Heap.class, int.class, Object.class)) {
            tf |= TF_ONFREE;
        }
        if (t instanceof IntArrayType) {
            if (declaringClass(t, "clear", Heap.class, int.class, Object.class) == IntArrayType.class) {
                tf |= TF_INTARRAY_CLEAR;
            }
            // (a free list changes the gen0 count at dealloc: not a plain slab-stored type)
            boolean hooks = (tf & (TF_FINALIZER | TF_LEGACY | TF_ONFREE | TF_UNTRACK_EVERY | TF_UNTRACK_FULL
                    | TF_FREELIST)) != 0;
            if ((tf & TF_INTARRAY_CLEAR) != 0 && !hooks
                    && declaringClass(t, "basicSize", Object.class) == IntArrayType.class) {
                tf |= TF_INTARRAY;
            }
        }
        types[id] = t;
        typeFlags[id] = tf;
        anyTypeFlags |= tf;
        typeIds.put(t, id);
        return id;
    }

    /** Whether t's class overrides a slot of ObjectType (so the heap must call it). */
    private static boolean overrides(ObjectType t, String name, Class<?>... params) {
        return declaringClass(t, name, params) != ObjectType.class;
    }

    /** The class whose implementation of a public slot t uses (null if unknown). */
    private static Class<?> declaringClass(ObjectType t, String name, Class<?>... params) {
        try {
            return t.getClass().getMethod(name, params).getDeclaringClass();
        } catch (NoSuchMethodException ex) {
            return null;
        }
    }

    // =====================================================================
    // Handles
    // =====================================================================

    private int newHandle() {
        int h = freeHead;
        if (h != Heap.NULL) {
            freeHead = gcNext[h];
            return h;
        }
        if (top == refcnt.length) {
            grow();
        }
        return top++;
    }

    private void grow() {
        int cap = refcnt.length;
        if (cap >= MAX_HANDLES) {
            throw new OutOfMemoryError("heap handle space exhausted (" + MAX_HANDLES + " handles)");
        }
        int n = (int) Math.min(MAX_HANDLES, cap * 2L);
        refcnt = Arrays.copyOf(refcnt, n);
        info = Arrays.copyOf(info, n);
        gcPrev = Arrays.copyOf(gcPrev, n);
        gcNext = Arrays.copyOf(gcNext, n);
        gcRefs = Arrays.copyOf(gcRefs, n);
        payload = Arrays.copyOf(payload, n);
        wref = Arrays.copyOf(wref, n);
        size = Arrays.copyOf(size, n);
    }

    int capacity() {
        return refcnt.length;
    }

    /** Throws unless h names a live object. */
    void checkAlive(int h, long delta) {
        if (h < FIRST_HANDLE || h >= top || (info[h] & F_ALIVE) == 0) {
            throw new RefcountException(h, 0, delta,
                    h == Heap.NULL ? "use of the NULL handle" : "use of a freed or unknown handle");
        }
    }

    boolean isAlive(int h) {
        return h >= FIRST_HANDLE && h < top && (info[h] & F_ALIVE) != 0;
    }

    // =====================================================================
    // Allocation and refcounts
    // =====================================================================

    /** CPython's _PyObject_GC_New/_PyObject_GC_Link + PyObject_GC_Track (or PyObject_New). */
    int allocate(ObjectType type, Object p) {
        int tid = typeId(type);
        int tf = typeFlags[tid];
        if ((tf & TF_INTARRAY) != 0) {
            if (!(p instanceof int[] slots)) {
                throw new IllegalArgumentException("payload of an IntArrayType object must be an int[]");
            }
            int h = allocateIntArray(tid, tf, slots.length);
            if (slots.length == 1) {
                size[h] = slots[0];
            } else {
                System.arraycopy(slots, 0, slab.data, slotBase(h, info[h]), slots.length);
            }
            if (!noGcReferent(slots)) {
                info[h] &= ~F_LEAF;
            }
            return h;
        }
        return allocateWithPayload(type, p);
    }

    /** allocate, keeping p as the payload even for a slab-stored IntArrayType (weakref objects). */
    int allocateWithPayload(ObjectType type, Object p) {
        int tid = typeId(type);
        int tf = typeFlags[tid];
        long bytes = type.basicSize(p) + ((tf & TF_GC) != 0 ? 16 : 0);
        int h = newHandle();
        info[h] = F_ALIVE | (tid << TYPE_SHIFT) | ((tf & TF_GC) != 0 ? F_GC : 0);
        payload[h] = p;
        size[h] = (int) Math.min(Integer.MAX_VALUE, bytes);
        return finishAllocate(h, tid, tf, size[h]);
    }

    /**
     * Allocates an object of a slab-stored IntArrayType (TF_INTARRAY) with
     * {@code length} NULL slots.
     */
    int allocateIntArray(ObjectType type, int length) {
        int tid = typeId(type);
        int tf = typeFlags[tid];
        if ((tf & TF_INTARRAY) == 0) {
            return allocate(type, new int[length]);
        }
        return allocateIntArray(tid, tf, length);
    }

    private int allocateIntArray(int tid, int tf, int length) {
        int off = length == 1 ? Heap.NULL : length == 2 ? slab.allocatePair() : slab.allocate(length);
        int h = newHandle();
        info[h] = F_ALIVE | F_INTARRAY | F_LEAF | shapeFlags(length) | (tid << TYPE_SHIFT)
                | ((tf & TF_GC) != 0 ? F_GC : 0);
        size[h] = off; // the one slot, NULL, when F_INLINE
        return finishAllocate(h, tid, tf, intArrayBytes(length, (tf & TF_GC) != 0));
    }

    /** IntArrayType's size model plus the GC header. */
    static long intArrayBytes(int length, boolean gc) {
        return 24 + 8L * length + (gc ? 16 : 0);
    }

    /** The bytes recorded for h's accounting. */
    long recordedBytes(int h) {
        int f = info[h];
        if ((f & F_INTARRAY) != 0) {
            return intArrayBytes(slotCountRaw(h, f), (f & F_GC) != 0);
        }
        return size[h];
    }

    private int finishAllocate(int h, int tid, int tf, long bytes) {
        refcnt[h] = 1;
        wref[h] = Heap.NULL;
        liveObjects++;
        typeLive[tid]++;
        liveBytes += bytes;
        if (liveBytes > peakBytes) {
            peakBytes = liveBytes;
        }
        if ((tf & TF_GC) != 0) {
            if ((tf & TF_FREELIST) != 0 && freeListed[tid] > 0) {
                freeListed[tid]--; // reused from the free list: not a new allocation
            } else {
                collector.onContainerAllocated();
            }
            listAppend(h, GEN0);
            info[h] |= F_TRACKED;
            trackedCount++;
        }
        return h;
    }

    // A handle with a positive refcount is alive: freed, never-used and sentinel
    // handles all have refcount 0. So the hot paths test the refcount alone.

    void incref(int h) {
        int c;
        if (h >= FIRST_HANDLE && h < top && (c = refcnt[h]) > 0) {
            refcnt[h] = c + 1;
        } else {
            checkAlive(h, 1);
            refcnt[h]++; // an object being deallocated (refcount 0) may still be increfed
        }
    }

    void decref(int h) {
        int c;
        if (h >= FIRST_HANDLE && h < top && (c = refcnt[h]) > 1) {
            refcnt[h] = c - 1;
            return;
        }
        checkAlive(h, -1);
        c = refcnt[h];
        if (c <= 0) {
            throw new RefcountException(h, c, -1, "decref below zero");
        }
        refcnt[h] = 0;
        if (!plain.freeIfPlain(h)) {
            deallocate(h);
        }
    }

    long refcount(int h) {
        checkAlive(h, 0);
        return refcnt[h];
    }

    Object payload(int h) {
        checkAlive(h, 0);
        if ((info[h] & F_INTARRAY) != 0) {
            return slotsCopy(h);
        }
        return payload[h];
    }

    /** F_INLINE or F_TWO for a slab-stored object of {@code length} slots, else 0. */
    static int shapeFlags(int length) {
        return length == 1 ? F_INLINE : length == 2 ? F_TWO : 0;
    }

    /** The number of slots of a slab-stored object h with info f. */
    int slotCountRaw(int h, int f) {
        return (f & F_INLINE) != 0 ? 1 : (f & F_TWO) != 0 ? 2 : slab.length(size[h]);
    }

    /** The slab index of slot 0 of a slab-stored object h with info f, not F_INLINE. */
    int slotBase(int h, int f) {
        return (f & F_TWO) != 0 ? size[h] : size[h] + 1;
    }

    /** Frees a slab-stored object's slab region, if it has one. */
    private void freeSlots(int h, int f) {
        if ((f & F_TWO) != 0) {
            EdgeSlab.freePair(slab.data, slab.freeHeads, size[h]);
        } else if ((f & F_INLINE) == 0) {
            slab.free(size[h]);
        }
    }

    /** A copy of a slab-stored object's slots. */
    int[] slotsCopy(int h) {
        int f = info[h];
        if ((f & F_INLINE) != 0) {
            return new int[] {size[h]};
        }
        int base = slotBase(h, f);
        return Arrays.copyOfRange(slab.data, base, base + slotCountRaw(h, f));
    }

    void setPayload(int h, Object p) {
        checkAlive(h, 0);
        if ((info[h] & F_INTARRAY) != 0) {
            if (!(p instanceof int[] slots)) {
                throw new IllegalArgumentException("payload of an IntArrayType object must be an int[]");
            }
            long before = recordedBytes(h);
            int f = info[h];
            freeSlots(h, f);
            f = (f & ~(F_INLINE | F_TWO | F_LEAF)) | shapeFlags(slots.length)
                    | (noGcReferent(slots) ? F_LEAF : 0);
            info[h] = f;
            if (slots.length == 1) {
                size[h] = slots[0];
            } else {
                size[h] = slots.length == 2 ? slab.allocatePair() : slab.allocate(slots.length);
                System.arraycopy(slots, 0, slab.data, slotBase(h, f), slots.length);
            }
            liveBytes += recordedBytes(h) - before;
            if (liveBytes > peakBytes) {
                peakBytes = liveBytes;
            }
            return;
        }
        payload[h] = p;
        resized(h);
    }

    // ---- slots of IntArrayType objects (slab or int[] payload)

    /** Slot {@code i} of an IntArrayType object. */
    int slot(int h, int i) {
        checkAlive(h, 0);
        int f = info[h];
        if ((f & F_INTARRAY) != 0) {
            if ((f & F_INLINE) != 0) {
                checkSlotIndex(i, 1);
                return size[h];
            }
            checkSlotIndex(i, slotCountRaw(h, f));
            return slab.data[slotBase(h, f) + i];
        }
        return ((int[]) payload[h])[i];
    }

    /** Stores v in slot i of an IntArrayType object (no refcount change); returns the old value. */
    int swapSlot(int h, int i, int v) {
        checkAlive(h, 0);
        int f = info[h];
        if ((f & F_INTARRAY) != 0) {
            if ((f & F_LEAF) != 0 && refersToGc(v)) {
                info[h] = f & ~F_LEAF; // (if the index is bad, the object stays correct, only slower)
            }
            if ((f & F_INLINE) != 0) {
                checkSlotIndex(i, 1);
                int old = size[h];
                size[h] = v;
                return old;
            }
            checkSlotIndex(i, slotCountRaw(h, f));
            int[] d = slab.data;
            int at = slotBase(h, f) + i;
            int old = d[at];
            d[at] = v;
            return old;
        }
        int[] slots = (int[]) payload[h];
        int old = slots[i];
        slots[i] = v;
        return old;
    }

    /**
     * Whether a slot holding v could matter to the collector: v is an object of a GC
     * type, or not a handle this heap knows (then assume it could).
     */
    private boolean refersToGc(int v) {
        return v != Heap.NULL && (v < 0 || v >= top || (info[v] & F_GC) != 0);
    }

    /** Whether none of {@code slots} {@linkplain #refersToGc refers to a GC object} (F_LEAF). */
    private boolean noGcReferent(int[] slots) {
        for (int v : slots) {
            if (refersToGc(v)) {
                return false;
            }
        }
        return true;
    }

    /** Number of slots of an IntArrayType object. */
    int slotCount(int h) {
        checkAlive(h, 0);
        int f = info[h];
        if ((f & F_INTARRAY) != 0) {
            return slotCountRaw(h, f);
        }
        return ((int[]) payload[h]).length;
    }

    private static void checkSlotIndex(int i, int length) {
        if (i < 0 || i >= length) {
            throw new ArrayIndexOutOfBoundsException("slot " + i + " out of bounds for length " + length);
        }
    }

    /**
     * IntArrayType.clear of a slab-stored object: empties the slots from last to first,
     * dropping each reference (the slab may move during a decref, so it is re-read).
     */
    void clearSlabSlots(int h) {
        if ((info[h] & F_INLINE) != 0) {
            int r = size[h];
            if (r != Heap.NULL) {
                size[h] = Heap.NULL;
                decref(r);
            }
            return;
        }
        int f = info[h];
        int base = slotBase(h, f);
        for (int i = slotCountRaw(h, f) - 1; i >= 0; i--) {
            int[] d = slab.data;
            int r = d[base + i];
            if (r != Heap.NULL) {
                d[base + i] = Heap.NULL;
                decref(r);
            }
        }
    }

    boolean inSlab(int h) {
        return (info[h] & F_INTARRAY) != 0;
    }

    void resized(int h) {
        checkAlive(h, 0);
        if ((info[h] & F_INTARRAY) != 0) {
            return; // the size follows from the length
        }
        long bytes = Math.min(Integer.MAX_VALUE, sizeOf(h));
        liveBytes += bytes - size[h];
        size[h] = (int) bytes;
        if (liveBytes > peakBytes) {
            peakBytes = liveBytes;
        }
    }

    ObjectType type(int h) {
        checkAlive(h, 0);
        return types[info[h] >>> TYPE_SHIFT];
    }

    ObjectType typeUnchecked(int h) {
        return types[info[h] >>> TYPE_SHIFT];
    }

    int typeFlagsOf(int h) {
        return typeFlags[info[h] >>> TYPE_SHIFT];
    }

    boolean isWeakRef(int h) {
        checkAlive(h, 0);
        return (info[h] & F_WEAKREF) != 0;
    }

    long sizeOf(int h) {
        checkAlive(h, 0);
        if ((info[h] & F_INTARRAY) != 0) {
            return recordedBytes(h);
        }
        ObjectType t = typeUnchecked(h);
        return t.basicSize(payload[h]) + ((info[h] & F_GC) != 0 ? 16 : 0);
    }

    long liveCount(ObjectType t) {
        TypeSlot s = t.typeSlot;
        Integer id = (s != null && s.owner == serial) ? Integer.valueOf(s.id) : typeIds.get(t);
        return id == null ? 0 : typeLive[id];
    }

    double bytesPerHandle() {
        long perHandle = 4L * 6 + 1 + referenceSize(); // the slab is counted per slot, see slabBytesPerSlot
        // The arrays are sized alike, so bytes / capacity is the per-handle cost.
        return (double) (perHandle * capacity()) / capacity();
    }

    private static int referenceSize() {
        try {
            Class<?> mx = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
            Object bean = java.lang.management.ManagementFactory.getPlatformMXBean(
                    mx.asSubclass(java.lang.management.PlatformManagedObject.class));
            Object opt = mx.getMethod("getVMOption", String.class).invoke(bean, "UseCompressedOops");
            Object value = opt.getClass().getMethod("getValue").invoke(opt);
            return "true".equals(value) ? 4 : 8;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
            return 8;
        }
    }

    // =====================================================================
    // Tracking
    // =====================================================================

    /** PyObject_GC_Track. */
    void track(int h) {
        checkAlive(h, 0);
        if ((info[h] & F_GC) == 0) {
            throw new IllegalArgumentException("object of non-GC type '" + typeUnchecked(h).name()
                    + "' cannot be tracked");
        }
        trackRaw(h);
    }

    /** _PyObject_GC_TRACK: append to generation 0 (no count change). */
    void trackRaw(int h) {
        if ((info[h] & F_TRACKED) == 0) {
            listAppend(h, GEN0);
            info[h] = (info[h] | F_TRACKED) & ~(F_COLLECTING | F_FROZEN);
            trackedCount++;
        }
    }

    /** PyObject_GC_UnTrack. */
    void untrack(int h) {
        checkAlive(h, 0);
        untrackRaw(h);
    }

    void untrackRaw(int h) {
        int f = info[h];
        if ((f & F_TRACKED) != 0) {
            listRemove(h);
            info[h] = f & ~(F_TRACKED | F_COLLECTING | F_FROZEN);
            trackedCount--;
            if ((f & F_FROZEN) != 0) {
                frozenCount--;
            }
        }
    }

    boolean isTracked(int h) {
        checkAlive(h, 0);
        return (info[h] & F_TRACKED) != 0;
    }

    boolean isFinalized(int h) {
        checkAlive(h, 0);
        return (info[h] & (F_FINALIZED | F_GC)) == (F_FINALIZED | F_GC);
    }

    /** _PyObject_GC_MAY_BE_TRACKED. */
    boolean mayBeTracked(int h) {
        if (h == Heap.NULL) {
            return false;
        }
        checkAlive(h, 0);
        int f = info[h];
        if ((f & F_GC) == 0) {
            return false;
        }
        if ((typeFlags[f >>> TYPE_SHIFT] & TF_UNTRACK_EVERY) != 0) {
            return (f & F_TRACKED) != 0;
        }
        return true;
    }

    // =====================================================================
    // Intrusive GC lists (CPython's gc_list_*)
    // =====================================================================

    void listInit(int head) {
        gcPrev[head] = head;
        gcNext[head] = head;
    }

    boolean listIsEmpty(int head) {
        return gcNext[head] == head;
    }

    /** gc_list_append: h must not be on a list. */
    void listAppend(int h, int head) {
        int last = gcPrev[head];
        gcNext[last] = h;
        gcPrev[h] = last;
        gcNext[h] = head;
        gcPrev[head] = h;
    }

    /**
     * gc_list_remove, without clearing h's own links: whatever takes h next (a list,
     * the trashcan's delete-later list, the free list) writes the links it uses, and
     * nothing reads an untracked object's links.
     */
    void listRemove(int h) {
        int p = gcPrev[h];
        int n = gcNext[h];
        gcNext[p] = n;
        gcPrev[n] = p;
    }

    /** gc_list_move: unlink h from its list, append it to head's. */
    void listMove(int h, int head) {
        int p = gcPrev[h];
        int n = gcNext[h];
        gcNext[p] = n;
        gcPrev[n] = p;
        listAppend(h, head);
    }

    /** gc_list_merge: append from's objects to to's, leaving from empty. */
    void listMerge(int from, int to) {
        if (!listIsEmpty(from)) {
            int toTail = gcPrev[to];
            int first = gcNext[from];
            int last = gcPrev[from];
            gcNext[toTail] = first;
            gcPrev[first] = toTail;
            gcNext[last] = to;
            gcPrev[to] = last;
        }
        listInit(from);
    }

    /** gc_list_size (walks the list). */
    int listSize(int head) {
        int n = 0;
        for (int h = gcNext[head]; h != head; h = gcNext[h]) {
            n++;
        }
        return n;
    }

    int[] listToArray(int head) {
        IntList out = new IntList(64);
        for (int h = gcNext[head]; h != head; h = gcNext[h]) {
            out.add(h);
        }
        return out.toArray();
    }

    // =====================================================================
    // Traversal
    // =====================================================================

    /**
     * Reports h's counted references: the type's traverse, plus the callback of a
     * weak reference object (CPython's weakref gc_traverse).
     */
    void traverse(int h, ReferenceVisitor v) {
        int f = info[h];
        Object p = payload[h];
        if ((f & F_INTARRAY) != 0) {
            if ((f & F_INLINE) != 0) {
                int r = size[h];
                if (r != Heap.NULL) {
                    v.visit(r);
                }
                return;
            }
            int base = slotBase(h, f);
            for (int i = slotCountRaw(h, f) - 1; i >= 0; i--) {
                int r = slab.data[base + i]; // re-read: a visitor may allocate
                if (r != Heap.NULL) {
                    v.visit(r);
                }
            }
            return;
        }
        types[f >>> TYPE_SHIFT].traverse(h, p, v);
        if ((f & F_WEAKREF) != 0) {
            int cb = weakRefs.callbackRaw(h);
            if (cb != Heap.NULL) {
                v.visit(cb);
            }
        }
    }

    // =====================================================================
    // Deallocation (subtype_dealloc + trashcan), iterative
    // =====================================================================

    /**
     * Called when h's refcount has just reached zero (CPython's _Py_Dealloc). Runs h's
     * deallocation and every deallocation it causes, without Java recursion: the
     * references an object releases go on {@link #deallocStack} and are dropped one
     * at a time, each completed (including what it frees) before the next, as the
     * nested C calls would. Like CPython's trashcan, once 50 deallocations are nested
     * further ones are deposited and run when the nesting unwinds.
     */
    void deallocate(int h) {
        int base = deallocStack.size();
        int nestingAtEntry = trashNesting;
        try {
            startDealloc(h);
            drain(base);
        } catch (RuntimeException | Error ex) {
            deallocStack.truncate(base);
            trashNesting = nestingAtEntry;
            throw ex;
        }
    }

    private void drain(int base) {
        IntList stack = deallocStack;
        while (stack.size() > base) {
            int x = stack.pop();
            if (x < 0) {
                if (!plain.finishChain(~x, base)) {
                    finishDealloc(~x);
                }
            } else {
                dropReference(x);
            }
        }
    }

    /** Py_DECREF of a reference the deallocator releases. */
    private void dropReference(int r) {
        if (r >= FIRST_HANDLE && r < top) {
            int c = refcnt[r];
            if (c > 1) {
                refcnt[r] = c - 1;
                return;
            }
            if (c == 1) { // a positive refcount implies alive
                refcnt[r] = 0;
                startDealloc(r);
                return;
            }
        }
        checkAlive(r, -1);
        throw new RefcountException(r, refcnt[r], -1, "decref below zero (released by a deallocated object)");
    }

    /**
     * The first half of subtype_dealloc, up to and including queuing the release of
     * h's references: untrack; trashcan check; PEP 442 finalizer (may resurrect);
     * clear weakrefs with callbacks; legacy finalizer (may resurrect); clear weakrefs
     * created meanwhile without callbacks. Then pushes ~h and h's referents so that
     * the referents are released in traverse order before h is freed.
     */
    private void startDealloc(int h) {
        // Kept small so that the JIT inlines it into drain (the per-object loop);
        // the rare paths are separate methods.
        IntList stack = deallocStack;
        for (;;) {
            int f = info[h];
            if ((f & (F_INTARRAY | F_GC)) == (F_INTARRAY | F_GC)
                    && (weakRefs.live == 0 || wref[h] == Heap.NULL)) {
                h = plain.startChain(h);
                if (h == Heap.NULL) {
                    return;
                }
                continue;
            }
            if ((f & F_GC) != 0) {
                if ((f & F_TRACKED) != 0) {
                    untrackRaw(h);
                }
                if (trashNesting >= TRASH_UNWIND_LEVEL) {
                    depositObject(h);
                    return;
                }
                trashNesting++;
            }
            int tf = typeFlags[f >>> TYPE_SHIFT];
            if ((tf & (TF_FINALIZER | TF_LEGACY)) != 0 || (weakRefs.live != 0 && wref[h] != Heap.NULL)) {
                if (!runDeallocHooks(h, f, tf, (f & F_GC) != 0)) {
                    return; // resurrected
                }
            }
            // Queue ~h to free h, then the referents above it, so that they pop in
            // traverse order. The first one to pop is handled here at once (what
            // popping it next would do): dropped if that cannot free it, or, if it
            // dies, deallocated by the next turn of this loop (a chain costs no
            // stack round trip per link). If nothing else was queued, h is finished
            // here too (what popping ~h next would do).
            int mark = stack.size();
            stack.add(~h);
            int first;
            if ((f & F_INLINE) != 0) {
                first = size[h];
            } else if ((f & F_INTARRAY) != 0) {
                first = queueSlots(slotBase(h, f), slotCountRaw(h, f));
            } else {
                first = queueTraversed(h, f);
            }
            if (first >= FIRST_HANDLE && first < top) {
                int c = refcnt[first];
                if (c > 1) {
                    refcnt[first] = c - 1;
                } else if (c == 1) {
                    refcnt[first] = 0;
                    h = first;
                    continue;
                } else {
                    stack.add(first); // dropReference reports the misuse
                }
            } else if (first != Heap.NULL) {
                stack.add(first);
            }
            if (stack.size() == mark + 1) {
                stack.truncate(mark);
                finishDealloc(h);
            }
            return;
        }
    }

    /**
     * startDealloc's queueing for a slab-stored object (its own method, so that
     * startDealloc stays within the JIT's inlining budget): queues all slots but the
     * last (released first: traverse order is last slot first).
     *
     * @param base the slab index of the object's slot 0
     * @param count its number of slots
     * @return the last slot's value, or NULL if there are no slots
     */
    private int queueSlots(int base, int count) {
        int[] d = slab.data;
        int last = base + count - 1;
        for (int i = base; i < last; i++) {
            int r = d[i];
            if (r != Heap.NULL) {
                deallocStack.add(r);
            }
        }
        return count > 0 ? d[last] : Heap.NULL;
    }

    /** _PyTrash_thread_deposit_object: h's deallocation waits on the delete-later list. */
    private void depositObject(int h) {
        gcPrev[h] = deleteLater;
        deleteLater = h;
    }

    /**
     * startDealloc's queueing for types with their own traverse: queues all referents
     * but the first one reported (in the type's release order, ObjectType.traverseForRelease).
     *
     * @return the first referent reported (released first), or NULL
     */
    private int queueTraversed(int h, int f) {
        IntList s = scratch;
        IntList stack = deallocStack;
        s.clear();
        types[f >>> TYPE_SHIFT].traverseForRelease(h, payload[h], scratchAdder);
        for (int i = s.size() - 1; i > 0; i--) {
            int r = s.get(i);
            if (r != Heap.NULL) {
                stack.add(r);
            }
        }
        int first = s.size() > 0 ? s.get(0) : Heap.NULL;
        s.clear();
        return first;
    }

    /**
     * The parts of subtype_dealloc before the references are released, for objects
     * that have a finalizer, a legacy finalizer or weak references: PEP 442 finalizer
     * (may resurrect), clear weakrefs calling callbacks, legacy finalizer (may
     * resurrect), clear weakrefs created meanwhile without callbacks.
     *
     * @return false if h was resurrected (its deallocation is over)
     */
    private boolean runDeallocHooks(int h, int f, int tf, boolean gc) {
        ObjectType t = types[f >>> TYPE_SHIFT];
        if ((tf & TF_FINALIZER) != 0) {
            if (gc) {
                trackRaw(h);
            }
            if (callFinalizerFromDealloc(h, t)) {
                endAbortedDealloc(gc);
                return false;
            }
            if (gc) {
                untrackRaw(h);
            }
        }
        boolean weakrefable = (tf & TF_WEAKREFABLE) != 0 && (f & F_WEAKREF) == 0;
        if (weakrefable && wref[h] != Heap.NULL) {
            weakRefs.clearWeakRefsAtDealloc(h);
        }
        if ((tf & TF_LEGACY) != 0) {
            if (gc) {
                trackRaw(h);
            }
            refcnt[h] = 1;
            try {
                t.legacyFinalize(heap, h, payload[h]);
            } catch (RuntimeException | StackOverflowError ex) {
                unraisable(ex, "legacy finalizer of " + repr(h));
            }
            if (--refcnt[h] > 0) {
                endAbortedDealloc(gc);
                return false;
            }
            if (gc) {
                untrackRaw(h);
            }
        }
        if ((tf & (TF_FINALIZER | TF_LEGACY)) != 0 && weakrefable) {
            weakRefs.clearRefsWithoutCallbacks(h);
        }
        return true;
    }

    /**
     * PyObject_CallFinalizerFromDealloc: temporarily resurrect h, call its finalizer
     * unless already finalized, and undo the resurrection.
     *
     * @return true if the finalizer resurrected h (deallocation must stop)
     */
    private boolean callFinalizerFromDealloc(int h, ObjectType t) {
        refcnt[h] = 1;
        if ((info[h] & F_FINALIZED) == 0) {
            try {
                t.finalize(heap, h, payload[h]);
            } catch (RuntimeException | StackOverflowError ex) {
                unraisable(ex, "finalizer of " + repr(h));
            }
            if ((info[h] & F_ALIVE) != 0) {
                info[h] |= F_FINALIZED;
            }
        }
        int c = refcnt[h] - 1;
        if (c < 0) {
            throw new RefcountException(h, 0, -1, "finalizer released a reference it did not own");
        }
        refcnt[h] = c;
        return c > 0;
    }

    /** Py_TRASHCAN_END for a deallocation that stopped because h was resurrected. */
    private void endAbortedDealloc(boolean gc) {
        if (gc) {
            trashEnd();
        }
    }

    /**
     * The second half of subtype_dealloc (base dealloc and tp_free) once h's
     * references were released: a weak reference is unlinked and drops its callback
     * (weakref_dealloc's clear_weakref); then onFree, accounting, free.
     */
    void finishDealloc(int h) {
        int f = info[h];
        if ((f & F_WEAKREF) != 0 || (typeFlags[f >>> TYPE_SHIFT] & TF_ONFREE) != 0) {
            if (!finishHooks(h, f)) {
                return;
            }
        }
        freeHandle(h);
        if ((f & F_GC) != 0) {
            if ((anyTypeFlags & TF_FREELIST) == 0 || !toFreeList(f >>> TYPE_SHIFT)) {
                collector.onContainerFreed();
            }
            trashEnd();
        }
    }

    /** list_dealloc/dict_dealloc: the dead object goes to its type's free list if there is room. */
    private boolean toFreeList(int tid) {
        if ((typeFlags[tid] & TF_FREELIST) == 0 || freeListed[tid] >= freeListCap[tid]) {
            return false;
        }
        freeListed[tid]++;
        return true;
    }

    /** clear_freelists (at a full collection): each free-listed object is released by PyObject_GC_Del. */
    void clearFreeLists() {
        if ((anyTypeFlags & TF_FREELIST) == 0) {
            return;
        }
        for (int t = 0; t < typeCount; t++) {
            for (; freeListed[t] > 0; freeListed[t]--) {
                collector.onContainerFreed();
            }
        }
    }

    /**
     * finishDealloc's rare part: a weak reference drops its callback (queued before
     * it is freed), and the type's onFree hook runs.
     *
     * @return false if h's free was queued behind its callback's release
     */
    private boolean finishHooks(int h, int f) {
        if ((f & F_WEAKREF) != 0) {
            int cb = weakRefs.clearWeakRefTakeCallback(h);
            if (cb != Heap.NULL) {
                deallocStack.add(~h);
                deallocStack.add(cb);
                return false;
            }
            weakRefs.freeRow(h);
        }
        if ((typeFlags[f >>> TYPE_SHIFT] & TF_ONFREE) != 0) {
            try {
                types[f >>> TYPE_SHIFT].onFree(heap, h, payload[h]);
            } catch (RuntimeException | StackOverflowError ex) {
                unraisable(ex, "dealloc hook of " + repr(h));
            }
        }
        return true;
    }

    /** PyObject_GC_Del / PyObject_Free: untrack if needed, account, recycle. */
    private void freeHandle(int h) {
        int f = info[h];
        if ((f & F_TRACKED) != 0 || (weakRefs.live != 0 && wref[h] != Heap.NULL)) {
            unlinkBeforeFree(h, f);
        }
        typeLive[f >>> TYPE_SHIFT]--;
        liveObjects--;
        if ((f & F_INTARRAY) != 0) {
            liveBytes -= intArrayBytes(slotCountRaw(h, f), (f & F_GC) != 0);
            freeSlots(h, f);
        } else {
            liveBytes -= size[h];
        }
        info[h] = 0;
        if ((f & F_INTARRAY) == 0) {
            payload[h] = null; // (a slab-stored object has none)
        }
        // refcnt[h] is 0 (deallocated objects only); gcPrev[h] is not read again
        if (validating) {
            gcNext[h] = Heap.NULL; // quarantined: never reused
        } else {
            gcNext[h] = freeHead;
            freeHead = h;
        }
    }

    /** freeHandle's rare part: leave the GC list, drop weak references to h. */
    private void unlinkBeforeFree(int h, int f) {
        if ((f & F_TRACKED) != 0) {
            untrackRaw(h);
        }
        if (weakRefs.live != 0 && wref[h] != Heap.NULL) {
            if ((f & F_WEAKREF) == 0) {
                weakRefs.clearRefsWithoutCallbacks(h);
            }
            wref[h] = Heap.NULL;
        }
    }

    /** _PyTrash_end: leave one nesting level; at the outermost, run deferred deallocations. */
    private void trashEnd() {
        if (--trashNesting <= 0 && deleteLater != Heap.NULL) {
            destroyDeferred();
        }
    }

    /** _PyTrash_thread_destroy_chain: deallocate deposited objects, newest first. */
    void destroyDeferred() {
        trashNesting++;
        try {
            while (deleteLater != Heap.NULL) {
                int op = deleteLater;
                deleteLater = gcPrev[op];
                gcPrev[op] = Heap.NULL;
                int base = deallocStack.size();
                startDealloc(op);
                drain(base);
            }
        } finally {
            trashNesting--;
        }
    }

    // =====================================================================
    // Callbacks into the embedder
    // =====================================================================

    void unraisable(Throwable ex, String where) {
        try {
            binding.reportUnraisable(heap, ex, where);
        } catch (RuntimeException nested) {
            ex.addSuppressed(nested);
            ex.printStackTrace(System.err);
        }
    }

    String repr(int h) {
        try {
            return binding.debugRepr(heap, h);
        } catch (RuntimeException ex) {
            return "<" + typeUnchecked(h).name() + " 0x" + Integer.toHexString(h) + ">";
        }
    }

    // =====================================================================
    // Validation (HeapValidator)
    // =====================================================================

    void validate(List<String> out) {
        int limit = top;
        byte[] seen = new byte[limit];
        int[] heads = {GEN0, GEN1, GEN2, PERMANENT};
        boolean collecting = collector.collecting;
        for (int head : heads) {
            checkList(head, seen, out, collecting);
        }
        for (int head = UNREACHABLE; head <= STILL_UNREACHABLE; head++) {
            if (!listIsEmpty(head)) {
                if (!collecting) {
                    out.add("scratch list " + head + " not empty outside a collection");
                }
                checkList(head, seen, out, collecting);
            }
        }
        long[] perType = new long[typeCount];
        long count = 0;
        long bytes = 0;
        int[] visible = new int[limit];
        for (int h = 0; h < limit; h++) {
            if (gcRefs[h] != 0) {
                out.add("handle " + h + " keeps gc_refs code " + gcRefs[h] + " outside the collector's analysis");
            }
        }
        for (int h = FIRST_HANDLE; h < limit; h++) {
            int f = info[h];
            if ((f & F_ALIVE) == 0) {
                if (f != 0) {
                    out.add("freed handle " + h + " has flags " + f);
                }
                continue;
            }
            count++;
            bytes += recordedBytes(h);
            perType[f >>> TYPE_SHIFT]++;
            if ((f & F_TRACKED) != 0) {
                if (seen[h] == 0) {
                    out.add("tracked object " + h + " is on no GC list");
                }
                if ((f & F_GC) == 0) {
                    out.add("tracked object " + h + " is not of a GC type");
                }
            } else if (seen[h] != 0) {
                out.add("untracked object " + h + " is on a GC list");
            }
            if (!collecting && (f & F_COLLECTING) != 0) {
                out.add("object " + h + " keeps collector flags outside a collection");
            }
            if (refcnt[h] <= 0 && trashNesting == 0 && deallocStack.isEmpty()) {
                out.add("live object " + h + " has refcount " + refcnt[h]);
            }
            final int[] vis = visible;
            final int lim = limit;
            final int self = h;
            final boolean leaf = (f & (F_INTARRAY | F_LEAF)) == (F_INTARRAY | F_LEAF);
            try {
                traverse(h, r -> {
                    if (r >= 0 && r < lim) {
                        vis[r]++;
                    }
                    if (!isAlive(r)) {
                        out.add("object " + self + " refers to dead handle " + r);
                    } else if (leaf && refersToGc(r)) {
                        out.add("object " + self + " is marked as referring to no GC object"
                                + " but refers to " + r + " (" + typeUnchecked(r).name() + ")");
                    }
                });
            } catch (RuntimeException ex) {
                out.add("traverse of " + h + " threw " + ex);
            }
            if ((f & F_WEAKREF) == 0) {
                weakRefs.checkList(h, out);
            } else {
                weakRefs.checkWeakRef(h, out);
            }
        }
        for (int i = 0; i < garbage.size(); i++) {
            int g = garbage.get(i);
            if (g >= 0 && g < limit) {
                visible[g]++;
            }
            if (!isAlive(g)) {
                out.add("garbage entry " + i + " is dead handle " + g);
            }
        }
        for (int h = FIRST_HANDLE; h < limit; h++) {
            if ((info[h] & F_ALIVE) != 0 && refcnt[h] < visible[h] && deallocStack.isEmpty()) {
                out.add("object " + h + " has refcount " + refcnt[h] + " but " + visible[h]
                        + " references to it are visible");
            }
        }
        if (count != liveObjects) {
            out.add("live object count " + liveObjects + " but " + count + " objects are alive");
        }
        if (bytes != liveBytes) {
            out.add("liveBytes " + liveBytes + " but live objects' sizes sum to " + bytes);
        }
        for (int t = 0; t < typeCount; t++) {
            if (perType[t] != typeLive[t]) {
                out.add("type " + types[t].name() + " live count " + typeLive[t] + " but " + perType[t] + " alive");
            }
        }
        if (peakBytes < liveBytes) {
            out.add("peakBytes below liveBytes");
        }
        collector.validateCounts(out);
        long tracked = 0;
        long frozen = 0;
        long weak = 0;
        for (int h = FIRST_HANDLE; h < limit; h++) {
            int f = info[h];
            if ((f & F_WEAKREF) != 0) {
                weak++;
            }
            if ((f & F_TRACKED) != 0) {
                tracked++;
            }
            if ((f & F_FROZEN) != 0) {
                frozen++;
                if ((f & F_TRACKED) == 0) {
                    out.add("object " + h + " is frozen but not tracked");
                }
            }
        }
        if (weak != weakRefs.live) {
            out.add("weak reference count " + weakRefs.live + " but " + weak + " weak references are alive");
        }
        if (tracked != trackedCount) {
            out.add("trackedCount " + trackedCount + " but " + tracked + " objects are tracked");
        }
        if (frozen != frozenCount) {
            out.add("frozenCount " + frozenCount + " but " + frozen + " objects are frozen");
        }
        if (!collecting) {
            int permanentSize = listSize(PERMANENT);
            if (permanentSize != frozen) {
                out.add("permanent generation holds " + permanentSize + " objects but " + frozen + " are frozen");
            }
            for (int h = gcNext[PERMANENT]; h != PERMANENT && h >= FIRST_HANDLE && h < limit; h = gcNext[h]) {
                if ((info[h] & F_FROZEN) == 0) {
                    out.add("object " + h + " in the permanent generation is not flagged frozen");
                    break;
                }
            }
        }
    }

    private void checkList(int head, byte[] seen, List<String> out, boolean collecting) {
        int prev = head;
        int h = gcNext[head];
        long steps = 0;
        while (h != head) {
            if (h < FIRST_HANDLE || h >= top) {
                out.add("list " + head + " links to invalid handle " + h);
                return;
            }
            if (!collecting && gcPrev[h] != prev) {
                out.add("list " + head + ": prev of " + h + " is " + gcPrev[h] + ", expected " + prev);
            }
            if ((info[h] & F_ALIVE) == 0) {
                out.add("list " + head + " holds freed handle " + h);
            }
            if (seen[h] != 0) {
                out.add("handle " + h + " is on more than one list (or twice)");
                return;
            }
            seen[h] = 1;
            prev = h;
            h = gcNext[h];
            if (++steps > top) {
                out.add("list " + head + " does not return to its head");
                return;
            }
        }
        if (!collecting && gcPrev[head] != prev) {
            out.add("list " + head + ": head's prev is " + gcPrev[head] + ", expected " + prev);
        }
    }

    void validateExact(IntUnaryOperator external, List<String> out) {
        validate(out);
        int limit = top;
        int[] visible = new int[limit];
        for (int h = FIRST_HANDLE; h < limit; h++) {
            if ((info[h] & F_ALIVE) != 0) {
                traverse(h, r -> {
                    if (r >= 0 && r < limit) {
                        visible[r]++;
                    }
                });
            }
        }
        for (int i = 0; i < garbage.size(); i++) {
            int g = garbage.get(i);
            if (g >= 0 && g < limit) {
                visible[g]++;
            }
        }
        for (int h = FIRST_HANDLE; h < limit; h++) {
            if ((info[h] & F_ALIVE) != 0) {
                long expected = (long) visible[h] + external.applyAsInt(h);
                if (refcnt[h] != expected) {
                    out.add("object " + h + " has refcount " + refcnt[h] + ", expected " + expected
                            + " (" + visible[h] + " visible + " + external.applyAsInt(h) + " external)");
                }
            }
        }
    }
}
