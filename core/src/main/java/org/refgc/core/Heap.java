package org.refgc.core;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A heap of reference-counted objects named by {@code int} handles, with CPython
 * 3.12's reference counting and three-generation cycle collector. This is the
 * facade; the engines behind it are package-private.
 *
 * <h2>Handles and references</h2>
 * {@link #allocate} returns a handle with refcount 1: the caller owns that one
 * reference. {@link #incref}/{@link #decref} count references; when the count reaches
 * zero the object is deallocated at once (PEP 442 finalizer once, weakrefs cleared
 * and their callbacks run, legacy finalizer, referents released iteratively, handle
 * freed), in the order of CPython's {@code subtype_dealloc}. {@link #NULL} (0) is
 * never a valid handle. A freed handle may be reused by a later allocation unless
 * the heap is {@linkplain Builder#validating(boolean) validating}.
 *
 * <h2>Cycle collection</h2>
 * Objects of {@linkplain ObjectType#isGc() GC types} are tracked in generation 0 at
 * allocation. Allocation only <em>schedules</em> an automatic collection when the
 * generation-0 count exceeds its threshold; it runs at the next {@link #safePoint()},
 * as CPython defers it to the eval breaker. {@link #collect(int)} runs one now.
 *
 * <h2>Threads</h2>
 * A heap is not thread-safe: its state is plain arrays and fields, with no internal
 * synchronisation, so that refcounting costs what it costs in C. It is confined to one
 * thread at a time, as a CPython interpreter is to the thread holding the GIL. What is
 * guaranteed:
 * <ul>
 *   <li>If only one thread ever uses the heap, no locking is needed.</li>
 *   <li>Otherwise every thread, the first one included, holds the heap's lock
 *       ({@link #lock()}/{@link #unlock()}, {@link #acquire()} or {@link #withLock})
 *       around its calls. The lock is a reentrant, non-fair {@link ReentrantLock}:
 *       unlocking happens-before the next lock, so the next holder sees every write
 *       of the previous one, and counts stay exact (tested with two threads).</li>
 *   <li>Callbacks (finalizers, weak reference callbacks, listeners, the binding) run
 *       on the calling thread, inside the call that triggered them, under whatever lock
 *       the caller holds.</li>
 *   <li>An {@link ObjectType} may be shared by heaps used on different threads; the
 *       heap only caches an immutable registration on it.</li>
 *   <li>A {@linkplain Builder#validating(boolean) validating} heap checks the thread of
 *       every call: while some thread holds the lock, a call from any other thread
 *       throws {@link IllegalStateException}; while nobody holds it, only the
 *       {@linkplain #ownerThread() owner thread} (the builder's, see
 *       {@link #setOwnerThread}) may call. A non-validating heap does not check:
 *       unlocked use from two threads at once corrupts it.</li>
 * </ul>
 */
public final class Heap {
    /** The null handle: no object. */
    public static final int NULL = 0;

    final HeapEngine engine;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Thread owner;

    private Heap(Builder b) {
        this.owner = Thread.currentThread();
        this.engine = new HeapEngine(this, b);
    }

    /** @return a builder with CPython's defaults (thresholds 700/10/10, enabled, not validating) */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link Heap}. */
    public static final class Builder {
        int initialCapacity = 1024;
        boolean validating;
        VmBinding binding = new VmBinding() { };
        int threshold0 = 700;
        int threshold1 = 10;
        int threshold2 = 10;
        boolean enabled = true;

        Builder() {
        }

        /**
         * @param capacity number of handles to reserve up front (the heap grows as needed)
         * @return this
         */
        public Builder initialCapacity(int capacity) {
            if (capacity < 0) {
                throw new IllegalArgumentException("capacity < 0");
            }
            this.initialCapacity = capacity;
            return this;
        }

        /**
         * Validating mode: freed handles are never reused (any later use is caught),
         * generation lists and refcounts are checked eagerly around each collection,
         * and calls from the wrong thread are rejected.
         *
         * @param validating whether to validate
         * @return this
         */
        public Builder validating(boolean validating) {
            this.validating = validating;
            return this;
        }

        /**
         * @param binding the embedder's callbacks
         * @return this
         */
        public Builder binding(VmBinding binding) {
            if (binding == null) {
                throw new NullPointerException("binding");
            }
            this.binding = binding;
            return this;
        }

        /**
         * Initial thresholds, as {@code gc.set_threshold}.
         *
         * @return this
         */
        public Builder thresholds(int t0, int t1, int t2) {
            this.threshold0 = t0;
            this.threshold1 = t1;
            this.threshold2 = t2;
            return this;
        }

        /**
         * @param enabled whether automatic collection starts enabled (CPython: yes)
         * @return this
         */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** @return a new heap, owned by the calling thread */
        public Heap build() {
            return new Heap(this);
        }
    }

    // ---------------------------------------------------------------- objects

    /**
     * Creates an object with refcount 1. If the type is a GC type it is tracked in
     * generation 0, generation 0's count goes up by one, and an automatic collection
     * may be scheduled (it runs at the next {@link #safePoint()}). The payload's
     * references, if any, must already be counted (they now belong to the object).
     *
     * @param type    the object's type
     * @param payload the embedder's data (may be null)
     * @return the new handle
     * @throws IllegalStateException if {@code type} would be the heap's 4,194,305th distinct
     *         type (a heap registers at most 2^21 types)
     */
    public int allocate(ObjectType type, Object payload) {
        check();
        return engine.allocate(type, payload);
    }

    /**
     * Adds one reference.
     *
     * @param handle a live object
     * @throws RefcountException if the handle is not alive
     */
    public void incref(int handle) {
        check();
        engine.incref(handle);
    }

    /**
     * Drops one reference; at zero the object is deallocated now (see class doc).
     *
     * @param handle a live object
     * @throws RefcountException if the handle is not alive or its count is already 0
     */
    public void decref(int handle) {
        check();
        engine.decref(handle);
    }

    /**
     * @param handle a live object
     * @return its reference count
     */
    public long refcount(int handle) {
        check();
        return engine.refcount(handle);
    }

    /**
     * @param handle a live object
     * @return its payload; for an {@link IntArrayType} object whose slots the heap
     *         keeps in its slab, a copy of the slots (see {@link IntArrayType})
     */
    public Object payload(int handle) {
        check();
        return engine.payload(handle);
    }

    /**
     * Replaces the payload (the embedder keeps the counted references consistent).
     * The recorded size is re-measured.
     *
     * @param handle  a live object
     * @param payload the new payload
     */
    public void setPayload(int handle, Object payload) {
        check();
        engine.setPayload(handle, payload);
    }

    /**
     * Re-measures a live object's size after its payload changed size (like a
     * realloc), for {@link #liveBytes()}.
     *
     * @param handle a live object
     */
    public void resized(int handle) {
        check();
        engine.resized(handle);
    }

    /**
     * @param handle a live object
     * @return its type
     */
    public ObjectType type(int handle) {
        check();
        return engine.type(handle);
    }

    /**
     * @param handle any int
     * @return whether it names a live object (never throws)
     */
    public boolean isAlive(int handle) {
        check();
        return engine.isAlive(handle);
    }

    /**
     * Starts tracking a GC object ({@code PyObject_GC_Track}); no-op if tracked.
     * Generation counts do not change.
     *
     * @param handle a live object of a GC type
     */
    public void track(int handle) {
        check();
        engine.track(handle);
    }

    /**
     * Stops tracking ({@code PyObject_GC_UnTrack}); no-op if not tracked.
     *
     * @param handle a live object
     */
    public void untrack(int handle) {
        check();
        engine.untrack(handle);
    }

    /**
     * @param handle a live object
     * @return whether the collector tracks it ({@code gc.is_tracked})
     */
    public boolean isTracked(int handle) {
        check();
        return engine.isTracked(handle);
    }

    /**
     * @param handle a live object
     * @return whether its PEP 442 finalizer has run ({@code gc.is_finalized})
     */
    public boolean isFinalized(int handle) {
        check();
        return engine.isFinalized(handle);
    }

    /**
     * Whether an object could be part of a cycle, for {@link ObjectType#maybeUntrack}
     * ({@code _PyObject_GC_MAY_BE_TRACKED}): a GC object that is tracked, or whose
     * type is not untracked at every collection.
     *
     * @param handle {@link #NULL} or a live object
     * @return false for NULL and non-GC objects
     */
    public boolean mayBeTracked(int handle) {
        return engine.mayBeTracked(handle);
    }

    // ---------------------------------------------------------------- weak references

    /**
     * Creates a weak reference object (refcount 1, tracked if {@code wrType} is a GC
     * type) to {@code referent}, which is not counted. The weak reference holds a
     * counted reference to {@code callback} (increfed here) until it is cleared.
     * Callback-less references are {@link WeakRefKind#BASIC_REF}, others
     * {@link WeakRefKind#OTHER}.
     *
     * @param wrType   the weak reference's type
     * @param payload  its payload
     * @param referent a live object whose type {@linkplain ObjectType#supportsWeakRefs() supports weakrefs}
     * @param callback a live object, or {@link #NULL}
     * @return the weak reference's handle
     */
    public int newWeakRef(ObjectType wrType, Object payload, int referent, int callback) {
        return newWeakRef(wrType, payload, referent, callback,
                callback == NULL ? WeakRefKind.BASIC_REF : WeakRefKind.OTHER);
    }

    /**
     * As {@link #newWeakRef(ObjectType, Object, int, int)} with an explicit list position.
     *
     * @param kind where it goes in the referent's weakref list
     * @return the weak reference's handle
     */
    public int newWeakRef(ObjectType wrType, Object payload, int referent, int callback, WeakRefKind kind) {
        check();
        return engine.weakRefs.newWeakRef(wrType, payload, referent, callback, kind);
    }

    /**
     * @param handle any live object
     * @return whether it is a weak reference object
     */
    public boolean isWeakRef(int handle) {
        check();
        return engine.isWeakRef(handle);
    }

    /**
     * @param weakRef a live weak reference
     * @return its referent (borrowed), or {@link #NULL} once cleared
     */
    public int weakRefReferent(int weakRef) {
        check();
        return engine.weakRefs.referent(weakRef);
    }

    /**
     * @param weakRef a live weak reference
     * @return its callback (borrowed), or {@link #NULL} if none or cleared
     */
    public int weakRefCallback(int weakRef) {
        check();
        return engine.weakRefs.callback(weakRef);
    }

    /**
     * Clears a weak reference without calling its callback ({@code _PyWeakref_ClearRef}
     * plus dropping the callback).
     *
     * @param weakRef a live weak reference
     */
    public void clearWeakRef(int weakRef) {
        check();
        engine.weakRefs.clearAndDropCallback(weakRef);
    }

    /**
     * @param handle a live object
     * @return how many weak references point to it ({@code weakref.getweakrefcount})
     */
    public int weakRefCount(int handle) {
        check();
        return engine.weakRefs.count(handle);
    }

    /**
     * @param handle a live object
     * @return the weak references to it, in list order ({@code weakref.getweakrefs})
     */
    public int[] weakRefs(int handle) {
        check();
        return engine.weakRefs.list(handle);
    }

    // ---------------------------------------------------------------- collector

    /**
     * Runs a collection of {@code generation} and the younger ones now
     * ({@code gc.collect(generation)}). Returns 0 without collecting if a collection
     * is already running (e.g. called from a finalizer).
     *
     * @param generation 0, 1 or 2
     * @return the number of unreachable objects found, counted as CPython does
     *         (collected plus uncollectable)
     * @throws IllegalArgumentException if generation is not 0..2
     */
    public long collect(int generation) {
        check();
        if (generation < 0 || generation > 2) {
            throw new IllegalArgumentException("invalid generation");
        }
        return engine.collector.collectRequested(generation);
    }

    /** @return {@code collect(2)} */
    public long collect() {
        return collect(2);
    }

    /**
     * Runs the automatic collection scheduled by allocation, if any (CPython's
     * {@code _Py_RunGC} from the eval breaker): the oldest generation whose count
     * exceeds its threshold, generation 2 only under the long-lived 25% rule. Cheap
     * when nothing is pending. A request is dropped if the collector was disabled
     * meanwhile; a safe point reached during a collection runs nothing and leaves the
     * request pending.
     *
     * @return objects collected, or 0
     */
    public long safePoint() {
        check();
        return engine.collector.safePoint();
    }

    /** @return whether a collection is scheduled for the next safe point */
    public boolean isCollectionPending() {
        return engine.collector.pending;
    }

    /** @return whether a collection is running now ({@code gcstate->collecting}) */
    public boolean isCollecting() {
        return engine.collector.collecting;
    }

    /** Enables automatic collection ({@code gc.enable}). */
    public void enable() {
        check();
        engine.collector.enabled = true;
    }

    /** Disables automatic collection ({@code gc.disable}); explicit collect still works. */
    public void disable() {
        check();
        engine.collector.enabled = false;
    }

    /** @return whether automatic collection is enabled ({@code gc.isenabled}) */
    public boolean isEnabled() {
        return engine.collector.enabled;
    }

    /** @return the three generation counts ({@code gc.get_count}) */
    public int[] getCount() {
        check();
        return engine.collector.getCount();
    }

    /** @return the three thresholds ({@code gc.get_threshold}) */
    public int[] getThreshold() {
        check();
        return engine.collector.getThreshold();
    }

    /**
     * Sets the thresholds ({@code gc.set_threshold}). A threshold0 of 0 disables
     * automatic collection.
     */
    public void setThreshold(int t0, int t1, int t2) {
        check();
        engine.collector.setThreshold(t0, t1, t2);
    }

    /** @param flags a combination of {@link DebugFlags} ({@code gc.set_debug}) */
    public void setDebug(int flags) {
        check();
        engine.collector.debug = flags;
    }

    /** @return the debug flags ({@code gc.get_debug}) */
    public int getDebug() {
        return engine.collector.debug;
    }

    /**
     * @param generation 0..2, or -1 for all generations (permanent excluded)
     * @return the tracked objects of that generation, in list order ({@code gc.get_objects})
     * @throws IllegalArgumentException if generation is not -1..2
     */
    public int[] getObjects(int generation) {
        check();
        return engine.collector.getObjects(generation);
    }

    /**
     * @param targets objects
     * @return tracked objects of generations 0-2 (not the permanent one, as in CPython)
     *         that refer to any of the targets, each once, in generation and list order
     *         ({@code gc.get_referrers})
     */
    public int[] getReferrers(int... targets) {
        check();
        return engine.collector.getReferrers(targets);
    }

    /**
     * @param objects objects
     * @return the direct referents of each GC object among them, in traversal order,
     *         with repeats ({@code gc.get_referents})
     */
    public int[] getReferents(int... objects) {
        check();
        return engine.collector.getReferents(objects);
    }

    /** Moves every tracked object into the permanent generation ({@code gc.freeze}). */
    public void freeze() {
        check();
        engine.collector.freeze();
    }

    /** Moves the permanent generation back into the oldest one ({@code gc.unfreeze}). */
    public void unfreeze() {
        check();
        engine.collector.unfreeze();
    }

    /** @return the number of objects in the permanent generation ({@code gc.get_freeze_count}) */
    public int getFreezeCount() {
        check();
        return engine.collector.getFreezeCount();
    }

    /** @return per-generation statistics ({@code gc.get_stats}), index = generation */
    public GenerationStats[] getStats() {
        return engine.collector.getStats();
    }

    /**
     * Registers a listener called at the start and stop of every collection
     * ({@code gc.callbacks.append}).
     */
    public void addCollectionListener(CollectionListener listener) {
        engine.collector.listeners.add(listener);
    }

    /** Removes a listener (first occurrence). */
    public void removeCollectionListener(CollectionListener listener) {
        engine.collector.listeners.remove(listener);
    }

    // ---------------------------------------------------------------- garbage

    /**
     * @return the objects in {@code gc.garbage}: uncollectable trash, or all trash under
     *         {@link DebugFlags#SAVEALL}. The heap holds a counted reference to each.
     */
    public int[] garbage() {
        check();
        return engine.garbage.toArray();
    }

    /** @return the number of objects in {@link #garbage()} */
    public int garbageSize() {
        return engine.garbage.size();
    }

    /** Appends an object to the garbage list, increfing it (Python's {@code gc.garbage.append}). */
    public void addGarbage(int handle) {
        check();
        engine.incref(handle);
        engine.garbage.add(handle);
    }

    /**
     * Removes the entry at {@code index} and drops the list's reference to it.
     *
     * @param index position in {@link #garbage()}
     * @return the handle removed (possibly freed by now)
     */
    public int removeGarbageAt(int index) {
        check();
        int h = engine.garbage.removeAt(index);
        engine.decref(h);
        return h;
    }

    /** Empties the garbage list, dropping its references in list order ({@code del gc.garbage[:]}). */
    public void clearGarbage() {
        check();
        int[] all = engine.garbage.toArray();
        engine.garbage.clear();
        for (int h : all) {
            engine.decref(h);
        }
    }

    // ---------------------------------------------------------------- accounting

    /**
     * @param handle a live object
     * @return its size as {@code sys.getsizeof} reports it: the type's basic size plus
     *         16 bytes of GC header for GC types
     */
    public long sizeOf(int handle) {
        check();
        return engine.sizeOf(handle);
    }

    /** @return bytes of all live objects, as recorded at allocation or last re-measure */
    public long liveBytes() {
        return engine.liveBytes;
    }

    /** @return the highest {@link #liveBytes()} seen */
    public long peakBytes() {
        return engine.peakBytes;
    }

    /** @return live objects, as {@code sys.getallocatedblocks} counts memory blocks */
    public long allocatedBlocks() {
        return engine.liveObjects;
    }

    /**
     * @param type a type
     * @return how many live objects have that type
     */
    public long liveCount(ObjectType type) {
        return engine.liveCount(type);
    }

    /** @return bytes of the heap's per-handle arrays divided by their capacity */
    public double bytesPerHandle() {
        return engine.bytesPerHandle();
    }

    /** @return whether this heap validates eagerly */
    public boolean isValidating() {
        return engine.validating;
    }

    /** @return the binding given to the builder */
    public VmBinding binding() {
        return engine.binding;
    }

    // ---------------------------------------------------------------- threads

    /** Takes the heap's lock (reentrant), waiting as needed. */
    public void lock() {
        lock.lock();
    }

    /**
     * Tries to take the lock within a time limit.
     *
     * @return whether the lock was taken
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean tryLock(long timeout, TimeUnit unit) throws InterruptedException {
        return lock.tryLock(timeout, unit);
    }

    /** Releases the lock taken by {@link #lock()}. */
    public void unlock() {
        lock.unlock();
    }

    /** @return whether the calling thread holds the lock */
    public boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    /** The lock held for a try-with-resources block; closing releases it. */
    public interface Access extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the lock for a try-with-resources block:
     * {@code try (Heap.Access a = heap.acquire()) { heap.incref(h); }}.
     *
     * @return an access whose close releases the lock
     */
    public Access acquire() {
        lock.lock();
        return lock::unlock;
    }

    /** Runs {@code action} holding the lock. */
    public void withLock(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    /** @return the thread allowed to call without the lock (validating mode only) */
    public Thread ownerThread() {
        return owner;
    }

    /** @param thread the thread allowed to call without the lock (validating mode only) */
    public void setOwnerThread(Thread thread) {
        this.owner = thread;
    }

    // Validating mode: reject calls from a thread that may not use the heap now.
    void check() {
        if (engine.validating) {
            checkThread();
        }
    }

    private void checkThread() {
        Thread me = Thread.currentThread();
        if (lock.isLocked()) {
            if (!lock.isHeldByCurrentThread()) {
                throw new IllegalStateException("heap used by " + me.getName()
                        + " while another thread holds its lock");
            }
        } else if (me != owner) {
            throw new IllegalStateException("heap used by " + me.getName()
                    + " without its lock (owner is " + (owner == null ? "none" : owner.getName()) + ")");
        }
    }

    /** @return a validator for this heap's internal invariants */
    public HeapValidator validator() {
        return new HeapValidator(this);
    }
}
