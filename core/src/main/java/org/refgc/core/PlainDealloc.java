package org.refgc.core;

/**
 * Deallocation of <em>plain</em> objects without the general machinery of
 * {@link HeapEngine#deallocate}. An object is plain when it is slab-stored
 * ({@link HeapEngine#F_INTARRAY}: its type has no finalizer, legacy finalizer, dealloc
 * hook or untrack rule, its clear is {@link IntArrayType}'s own, and it is not a weak
 * reference) and nothing weakly refers to it.
 *
 * <p>Such an object's deallocation (CPython's {@code subtype_dealloc}: untrack, release
 * the references last slot first, free) runs no embedder code. When, in addition,
 * dropping its references frees nothing else and the trashcan would neither defer it
 * nor run deferred deallocations when it ends, the steps leave the same state in any
 * order, and they run here in one go. The caller falls back to the general path
 * otherwise, with everything as it was.
 *
 * <p>{@link #clearGarbage} runs delete_garbage over runs of plain objects and keeps
 * the heap's counters (live objects, bytes, per-type counts, tracked objects, the
 * generation-0 count, the free-handle list) in locals meanwhile: updating each in
 * memory once per object costs more than the rest of the work, and nobody can read
 * them while no embedder code runs. They are written back at the end of each run,
 * before any general deallocation (which may run embedder code), so they are exact
 * whenever they can be observed.
 *
 * <p>{@link #startChain} and {@link #finishChain} are the two halves of the general
 * deallocation loop (HeapEngine's startDealloc and finishDealloc, with the trashcan)
 * for plain GC objects, with the deallocation stack's size, the trashcan's nesting
 * and the counters in locals: the same steps, the same stack entries, the same order
 * of frees; HeapEngine hands them every plain object it meets.
 *
 * <p>{@code PlainDeallocTest} (java-tests) runs random scenarios on a plain type and
 * on an equivalent type that takes the general path and requires identical results,
 * counters seen by finalizers mid-deallocation, and handle reuse order.
 */
final class PlainDealloc {
    private final HeapEngine e;

    // ---- counters batched by clearGarbage (amounts to subtract)
    private long objects;
    private long bytes;
    private long tracked;
    private long containers;
    /** The type whose live count {@link #typeFreed} is pending for, or -1. */
    private int pendingType = -1;
    private long typeFreed;
    /** The free-handle list's head while batching. */
    private int freeHead;

    PlainDealloc(HeapEngine e) {
        this.e = e;
    }

    /** Whether h (alive, with info {@code f}) is plain. */
    private boolean isPlain(int h, int f) {
        return (f & HeapEngine.F_INTARRAY) != 0 && (e.weakRefs.live == 0 || e.wref[h] == Heap.NULL);
    }

    /** Whether the trashcan lets a GC object's deallocation run now and end quietly. */
    private boolean trashAllows() {
        int nesting = e.trashNesting;
        return nesting < HeapEngine.TRASH_UNWIND_LEVEL && (nesting > 0 || e.deleteLater == Heap.NULL);
    }

    /**
     * Drops the references in h's slots, last first, if none of them frees its
     * referent (nor is a misuse); otherwise changes nothing.
     *
     * @return whether the references were dropped
     */
    private boolean dropSlotsIfNoneDies(int h) {
        return dropSlotsIfNoneDies(e.slab.data, e.refcnt, e.top, e.size, h, e.info[h]);
    }

    /** {@link #dropSlotsIfNoneDies(int)} for h, whose info is {@code f}, with the heap's arrays passed in. */
    private static boolean dropSlotsIfNoneDies(int[] d, int[] rc, int top, int[] size, int h, int f) {
        if ((f & HeapEngine.F_INLINE) != 0) {
            return dropOneIfItSurvives(rc, top, size[h]);
        }
        // slots at off+1 .. last (for F_TWO, whose region has no length word, off is
        // one before the region)
        int off = (f & HeapEngine.F_TWO) != 0 ? size[h] - 1 : size[h];
        int last = (f & HeapEngine.F_TWO) != 0 ? off + 2 : off + d[off];
        for (int i = last; i > off; i--) {
            int r = d[i];
            if (r == Heap.NULL) {
                continue;
            }
            int c;
            if (r >= HeapEngine.FIRST_HANDLE && r < top && (c = rc[r]) > 1) {
                rc[r] = c - 1;
            } else {
                for (int j = i + 1; j <= last; j++) { // undo
                    if (d[j] != Heap.NULL) {
                        rc[d[j]]++;
                    }
                }
                return false;
            }
        }
        return true;
    }

    /** Drops one reference to r (NULL: nothing) if that does not free r; otherwise changes nothing. */
    private static boolean dropOneIfItSurvives(int[] rc, int top, int r) {
        int c;
        if (r == Heap.NULL) {
            return true;
        }
        if (r >= HeapEngine.FIRST_HANDLE && r < top && (c = rc[r]) > 1) {
            rc[r] = c - 1;
            return true;
        }
        return false;
    }

    /**
     * h's whole deallocation if h is plain and it frees nothing else (see the class
     * comment).
     * <p>Before: refcnt[h] is 0. After (if true): h is free.
     *
     * @return false (nothing changed) if the general path must run
     */
    boolean freeIfPlain(int h) {
        int f = e.info[h];
        if (!isPlain(h, f) || ((f & HeapEngine.F_GC) != 0 && !trashAllows()) || !dropSlotsIfNoneDies(h)) {
            return false;
        }
        beginBatch();
        release(h, f);
        flush();
        return true;
    }

    /**
     * delete_garbage (see Collector) for the objects at the front of {@code collectable}
     * while they are plain: for each, Py_INCREF; IntArrayType's tp_clear (slots emptied
     * last to first, each reference dropped); Py_DECREF. An object still alive
     * afterwards moves to {@code old}, without F_COLLECTING. Referents that die are
     * freed here when plain and freeing nothing else, else by {@link HeapEngine#decref}.
     * <p>After: {@code collectable} is empty or starts with an object that is not plain.
     * <p>The work is split in two: {@link #clearPlainRun} walks the list while every
     * reference it drops is a plain one, with the heap's arrays and counters in final
     * locals (the JIT keeps them in registers and checks the arrays' bounds once); when
     * a reference needs the general path, {@link #finishGeneral} completes that
     * object's clear through {@link HeapEngine#decref}, which may run embedder code,
     * and a new run starts after it. The steps and their order are the same as one
     * loop's.
     */
    void clearGarbage(int collectable, int old) {
        for (;;) {
            beginBatch();
            boolean bailed;
            try {
                bailed = clearPlainRun(collectable, old);
            } finally {
                flush();
            }
            if (!bailed) {
                return;
            }
            finishGeneral(bailObject, bailOffset, bailIndex, bailRef, collectable, old);
        }
    }

    /** Where {@link #clearPlainRun} stopped: the object being cleared, ... */
    private int bailObject;
    /** ... the offset of its slots, ... */
    private int bailOffset;
    /** ... the slab index of the slot whose reference needs the general path (the offset itself for the temporary reference), ... */
    private int bailIndex;
    /** ... and that reference (the slot is emptied already). */
    private int bailRef;

    /**
     * One run of {@link #clearGarbage}: the objects at the front of {@code collectable}
     * while they are plain and every reference their clear drops either leaves its
     * referent alive or frees a plain object that frees nothing else. The counters
     * stay in locals and are added to the batch's when the run ends.
     *
     * @return false if the list is empty or starts with an object that is not plain;
     *         true if a dropped reference needs the general path ({@code bail*} say which)
     */
    private boolean clearPlainRun(int collectable, int old) {
        final HeapEngine e = this.e;
        final int[] info = e.info;
        final int[] next = e.gcNext;
        final int[] prev = e.gcPrev;
        final int[] rc = e.refcnt;
        final int[] size = e.size;
        final int[] wref = e.wref;
        final int[] d = e.slab.data; // freeing slab regions never moves it
        final int[] slabFree = e.slab.freeHeads;
        final int top = e.top;
        final boolean noWeakRefs = e.weakRefs.live == 0;
        final boolean trashOk = trashAllows();
        final boolean quarantine = e.validating;
        long nObjects = 0;
        long nBytes = 0;
        long nTracked = 0;
        long nContainers = 0;
        int free = this.freeHead;
        int curType = -1;
        long curFreed = 0;
        try {
            int h = next[collectable];
            while (h != collectable) {
                int f = info[h];
                if ((f & HeapEngine.F_INTARRAY) == 0 || !(noWeakRefs || wref[h] == Heap.NULL)) {
                    return false; // not plain
                }
                long releasedBefore = nObjects;
                rc[h]++;
                // tp_clear, then the temporary reference: slot indices off+len .. off+1,
                // then "slot" off, which stands for h itself
                // (An object with F_INLINE has one slot, in size[h]: off 0, slot index 1;
                // one with F_TWO has its slots at size[h] and the next int, with no
                // length word: off is one before them.)
                final boolean inl = (f & HeapEngine.F_INLINE) != 0;
                final boolean two = (f & HeapEngine.F_TWO) != 0;
                int off = inl ? 0 : two ? size[h] - 1 : size[h];
                // (The step is written so that the JIT does not see a counted loop: for
                // the one or two turns an object takes, a counted loop's set-up, which
                // checks the whole index range first, costs more than the turns.)
                for (int i = off + (inl ? 1 : two ? 2 : d[off]); i >= off; i = i > off ? i - 1 : off - 1) {
                    int r;
                    if (i > off) {
                        if (inl) {
                            r = size[h];
                            if (r == Heap.NULL) {
                                continue;
                            }
                            size[h] = Heap.NULL;
                        } else {
                            r = d[i];
                            if (r == Heap.NULL) {
                                continue;
                            }
                            d[i] = Heap.NULL;
                        }
                    } else {
                        r = h;
                    }
                    // Py_DECREF(r)
                    int c = 0;
                    if (r >= HeapEngine.FIRST_HANDLE && r < top) {
                        c = rc[r];
                        if (c > 1) {
                            rc[r] = c - 1;
                            continue;
                        }
                    }
                    int fr;
                    if (c != 1
                            || ((fr = info[r]) & HeapEngine.F_INTARRAY) == 0
                            || !(noWeakRefs || wref[r] == Heap.NULL)
                            || !((fr & HeapEngine.F_GC) == 0 || trashOk)
                            || !dropSlotsIfNoneDies(d, rc, top, size, r, fr)) {
                        bailObject = h;
                        bailOffset = off;
                        bailIndex = i;
                        bailRef = r;
                        return true;
                    }
                    // r's whole deallocation (as release does), counters in locals
                    rc[r] = 0;
                    if ((fr & HeapEngine.F_TRACKED) != 0) {
                        int p = prev[r]; // gc_list_remove
                        int q = next[r];
                        next[p] = q;
                        prev[q] = p;
                        nTracked++;
                        if ((fr & HeapEngine.F_FROZEN) != 0) {
                            e.frozenCount--;
                        }
                    }
                    int tid = fr >>> HeapEngine.TYPE_SHIFT;
                    if (tid != curType) {
                        if (curType >= 0) {
                            e.typeLive[curType] -= curFreed;
                        }
                        curType = tid;
                        curFreed = 0;
                    }
                    curFreed++;
                    nObjects++;
                    boolean gc = (fr & HeapEngine.F_GC) != 0;
                    int freedSlots;
                    if ((fr & HeapEngine.F_INLINE) != 0) {
                        freedSlots = 1;
                    } else if ((fr & HeapEngine.F_TWO) != 0) {
                        EdgeSlab.freePair(d, slabFree, size[r]);
                        freedSlots = 2;
                    } else {
                        freedSlots = EdgeSlab.free(d, slabFree, size[r]);
                    }
                    nBytes += HeapEngine.intArrayBytes(freedSlots, gc);
                    info[r] = 0;
                    if (quarantine) {
                        next[r] = Heap.NULL;
                    } else {
                        next[r] = free;
                        free = r;
                    }
                    if (gc) {
                        nContainers++;
                    }
                }
                int nh = next[collectable];
                if (nh == h) {
                    // still alive: it may die later
                    info[h] &= ~HeapEngine.F_COLLECTING;
                    e.listMove(h, old);
                    nh = next[collectable];
                }
                // In an allocation-ordered list the next object follows the ones this
                // step freed: predicting it lets the CPU start on it before the list
                // head is reloaded (each step otherwise waits on that load).
                int guess = h + (int) Math.max(1, nObjects - releasedBefore);
                h = nh == guess ? guess : nh;
            }
            return false;
        } finally {
            this.freeHead = free;
            addPending(nObjects, nBytes, nTracked, nContainers);
            if (curType >= 0) {
                e.typeLive[curType] -= curFreed;
            }
        }
    }

    /**
     * The rest of h's clear after {@link #clearPlainRun} stopped at the reference
     * {@code r} in slot {@code i} (or at the temporary reference, i == off), through
     * the general path: drop r, then the remaining slots' references (last to first,
     * the slab re-read, as a decref may move it), then the temporary reference; if h
     * is still alive and first in {@code collectable}, it moves to {@code old} without
     * F_COLLECTING.
     * <p>Before: the batch's counters are written back (embedder code may run).
     */
    private void finishGeneral(int h, int off, int i, int r, int collectable, int old) {
        final HeapEngine e = this.e;
        if (i > off) {
            decrefInClear(h, r);
            for (int j = i - 1; j > off; j--) {
                int[] d = e.slab.data;
                int x = d[j];
                if (x != Heap.NULL) {
                    d[j] = Heap.NULL;
                    decrefInClear(h, x);
                }
            }
        }
        e.decref(h);
        if (e.gcNext[collectable] == h) {
            // still alive: it may die later
            e.info[h] &= ~HeapEngine.F_COLLECTING;
            e.listMove(h, old);
        }
    }

    /**
     * startDealloc (see HeapEngine) for a plain GC object h whose refcount just
     * dropped to 0, and then for each plain GC object that dies because the one
     * before released it: untrack; Py_TRASHCAN_BEGIN (past 50 nested deallocations,
     * deposit the object on the delete-later list and stop); queue ~h and the
     * references of all slots but the last; drop the last slot's reference at once.
     * The deallocation stack's size and the trashcan's nesting stay in locals while
     * the chain is walked (the same steps and the same stack entries as the general
     * loop, which updates them in memory once per object).
     * <p>Before: refcnt[h] is 0; h is plain and a GC object.
     *
     * @return an object whose deallocation the general path must start now (its
     *         refcount just dropped to 0; it is not plain), or NULL if this start is over
     */
    int startChain(int h) {
        final HeapEngine e = this.e;
        final int[] info = e.info;
        final int[] rc = e.refcnt;
        final int[] size = e.size;
        final int[] d = e.slab.data; // no allocation or embedder code runs below
        final IntList stack = e.deallocStack;
        final int top = e.top;
        int[] a = stack.raw();
        int n = stack.size();
        int nesting = e.trashNesting;
        long nTracked = 0;
        try {
            for (;;) {
                int f = info[h];
                if ((f & HeapEngine.F_TRACKED) != 0) {
                    e.listRemove(h);
                    info[h] = f & ~(HeapEngine.F_TRACKED | HeapEngine.F_COLLECTING | HeapEngine.F_FROZEN);
                    nTracked++;
                    if ((f & HeapEngine.F_FROZEN) != 0) {
                        e.frozenCount--;
                    }
                }
                if (nesting >= HeapEngine.TRASH_UNWIND_LEVEL) {
                    e.gcPrev[h] = e.deleteLater; // _PyTrash_thread_deposit_object
                    e.deleteLater = h;
                    return Heap.NULL;
                }
                nesting++;
                // (an object with F_INLINE: no slots but the last, which is size[h];
                // with F_TWO: slots at size[h] and the next int, off one before them)
                final boolean inl = (f & HeapEngine.F_INLINE) != 0;
                final boolean two = (f & HeapEngine.F_TWO) != 0;
                int off = inl ? 0 : two ? size[h] - 1 : size[h];
                int last = inl ? 1 : two ? off + 2 : off + d[off];
                if (n + (last - off) + 2 > a.length) {
                    stack.setSize(n);
                    stack.ensureCapacity(n + (last - off) + 2);
                    a = stack.raw();
                }
                int mark = n;
                a[n++] = ~h;
                for (int i = off + 1; i < last; i++) {
                    int r = d[i];
                    if (r != Heap.NULL) {
                        a[n++] = r;
                    }
                }
                int first = inl ? size[h] : last > off ? d[last] : Heap.NULL;
                if (first >= HeapEngine.FIRST_HANDLE && first < top) {
                    int c = rc[first];
                    if (c > 1) {
                        rc[first] = c - 1;
                    } else if (c == 1) {
                        rc[first] = 0;
                        int ff = info[first];
                        if ((ff & (HeapEngine.F_INTARRAY | HeapEngine.F_GC))
                                == (HeapEngine.F_INTARRAY | HeapEngine.F_GC)
                                && (e.weakRefs.live == 0 || e.wref[first] == Heap.NULL)) {
                            // A chain built in allocation order links h to h - 1:
                            // predicting that lets the CPU start on the next link
                            // before this one's slot is loaded (the walk otherwise
                            // waits on three dependent loads per link).
                            h = first == h - 1 ? h - 1 : first;
                            continue;
                        }
                        return first;
                    } else {
                        a[n++] = first; // dropReference reports the misuse
                        return Heap.NULL;
                    }
                } else if (first != Heap.NULL) {
                    a[n++] = first;
                    return Heap.NULL;
                }
                if (n != mark + 1) {
                    return Heap.NULL; // the other references are released first
                }
                // nothing else queued: h is finished now (what popping ~h would do)
                n = mark;
                stack.setSize(n);
                e.trashNesting = nesting;
                e.trackedCount -= nTracked;
                nTracked = 0;
                if (!finishChain(h, stack.size())) {
                    e.finishDealloc(h);
                }
                a = stack.raw();
                n = stack.size();
                nesting = e.trashNesting;
                return Heap.NULL;
            }
        } finally {
            stack.setSize(n);
            e.trashNesting = nesting;
            e.trackedCount -= nTracked;
        }
    }

    /**
     * finishDealloc (see HeapEngine) for the plain object h, whose references were
     * released, and for the plain objects whose ~h entries follow on the deallocation
     * stack above {@code base} (popping them): free (PyObject_GC_Del: account, free the
     * slots and the handle), then Py_TRASHCAN_END (one nesting level less; at the
     * outermost, the deferred deallocations run, after everything kept in locals is
     * written back). The stack's size, the nesting and the counters stay in locals.
     * <p>Before: h was popped.
     *
     * @return false (nothing done) if h is not a plain, untracked GC object
     */
    boolean finishChain(int h, int base) {
        final HeapEngine e = this.e;
        int[] info = e.info; // reloaded after deferred deallocations (they may grow it)
        int f = info[h];
        if (!isPlainChainEnd(h, f)) {
            return false;
        }
        int[] next = e.gcNext;
        int[] size = e.size;
        final IntList stack = e.deallocStack;
        final boolean quarantine = e.validating;
        int[] a = stack.raw();
        int n = stack.size();
        int nesting = e.trashNesting;
        long nObjects = 0;
        long nBytes = 0;
        int free = e.freeHead;
        int curType = f >>> HeapEngine.TYPE_SHIFT;
        long curFreed = 0;
        try {
            for (;;) {
                int tid = f >>> HeapEngine.TYPE_SHIFT;
                if (tid != curType) {
                    e.typeLive[curType] -= curFreed;
                    curType = tid;
                    curFreed = 0;
                }
                curFreed++;
                nObjects++;
                nBytes += HeapEngine.intArrayBytes(freeSlots(h, f), true);
                info[h] = 0;
                if (quarantine) {
                    next[h] = Heap.NULL;
                } else {
                    next[h] = free;
                    free = h;
                }
                if (--nesting <= 0 && e.deleteLater != Heap.NULL) {
                    // _PyTrash_thread_destroy_chain: everything back in the heap first
                    stack.setSize(n);
                    e.trashNesting = nesting;
                    e.freeHead = free;
                    freed(nObjects, nBytes, curType, curFreed);
                    nObjects = 0;
                    nBytes = 0;
                    curFreed = 0;
                    e.destroyDeferred();
                    info = e.info;
                    next = e.gcNext;
                    size = e.size;
                    a = stack.raw();
                    n = stack.size();
                    nesting = e.trashNesting;
                    free = e.freeHead;
                }
                if (n <= base || a[n - 1] >= 0) {
                    break;
                }
                int next2 = ~a[n - 1];
                int f2 = info[next2];
                if (!isPlainChainEnd(next2, f2)) {
                    break;
                }
                n--;
                h = next2;
                f = f2;
            }
        } finally {
            stack.setSize(n);
            e.trashNesting = nesting;
            e.freeHead = free;
            freed(nObjects, nBytes, curType, curFreed);
        }
        return true;
    }

    /** Whether h's deallocation can end in {@link #finishChain}. */
    private boolean isPlainChainEnd(int h, int f) {
        return (f & (HeapEngine.F_INTARRAY | HeapEngine.F_GC | HeapEngine.F_TRACKED))
                == (HeapEngine.F_INTARRAY | HeapEngine.F_GC)
                && (e.weakRefs.live == 0 || e.wref[h] == Heap.NULL);
    }

    /**
     * Frees a slab-stored object's slab region, if it has one; returns its number of slots.
     * The same steps as HeapEngine.freeSlots (and written out again in clearPlainRun's loop):
     * one shared helper measured 10-15% slower on delete_garbage of 10^6 garbage 2-cycles
     * (JMH, back to back), so each hot site keeps its own copy.
     */
    private int freeSlots(int h, int f) {
        if ((f & HeapEngine.F_INLINE) != 0) {
            return 1;
        }
        if ((f & HeapEngine.F_TWO) != 0) {
            EdgeSlab.freePair(e.slab.data, e.slab.freeHeads, e.size[h]);
            return 2;
        }
        return e.slab.free(e.size[h]);
    }

    /** Subtracts freed GC objects from the heap's counters. */
    private void freed(long nObjects, long nBytes, int type, long typeFreed) {
        e.typeLive[type] -= typeFreed;
        e.liveObjects -= nObjects;
        e.liveBytes -= nBytes;
        int[] count = e.collector.count;
        count[0] = (int) Math.max(0, count[0] - nObjects);
    }

    /**
     * A general Py_DECREF inside h's tp_clear: an exception other than misuse is
     * reported as Collector.clearObject reports one out of tp_clear, and the clear
     * goes on.
     */
    private void decrefInClear(int h, int r) {
        try {
            e.decref(r);
        } catch (RefcountException ex) {
            throw ex;
        } catch (RuntimeException | StackOverflowError ex) {
            e.unraisable(ex, "in tp_clear of " + e.typeUnchecked(h).name());
        }
    }

    private void addPending(long nObjects, long nBytes, long nTracked, long nContainers) {
        objects += nObjects;
        bytes += nBytes;
        tracked += nTracked;
        containers += nContainers;
    }

    /**
     * The rest of a plain object's deallocation once its references are dropped:
     * untrack, account, free the slots and the handle (PyObject_GC_UnTrack, then
     * PyObject_GC_Del).
     */
    private void release(int h, int f) {
        final HeapEngine e = this.e;
        e.refcnt[h] = 0;
        if ((f & HeapEngine.F_TRACKED) != 0) {
            e.listRemove(h);
            tracked++;
            if ((f & HeapEngine.F_FROZEN) != 0) {
                e.frozenCount--;
            }
        }
        int tid = f >>> HeapEngine.TYPE_SHIFT;
        if (tid != pendingType) {
            flushType();
            pendingType = tid;
        }
        typeFreed++;
        objects++;
        boolean gc = (f & HeapEngine.F_GC) != 0;
        bytes += HeapEngine.intArrayBytes(freeSlots(h, f), gc);
        e.info[h] = 0;
        // payload[h] is null already (slab-stored objects keep none)
        if (e.validating) {
            e.gcNext[h] = Heap.NULL; // quarantined: never reused
        } else {
            e.gcNext[h] = freeHead;
            freeHead = h;
        }
        if (gc) {
            containers++;
        }
    }

    private void beginBatch() {
        objects = 0;
        bytes = 0;
        tracked = 0;
        containers = 0;
        pendingType = -1;
        typeFreed = 0;
        freeHead = e.freeHead;
    }

    private void flushType() {
        if (pendingType >= 0) {
            e.typeLive[pendingType] -= typeFreed;
        }
        pendingType = -1;
        typeFreed = 0;
    }

    /** Writes the batched counters back (PyObject_GC_Del's gen0 count stops at 0). */
    private void flush() {
        flushType();
        e.liveObjects -= objects;
        e.liveBytes -= bytes;
        e.trackedCount -= tracked;
        int[] count = e.collector.count;
        count[0] = (int) Math.max(0, count[0] - containers);
        e.freeHead = freeHead;
        objects = 0;
        bytes = 0;
        tracked = 0;
        containers = 0;
    }
}
