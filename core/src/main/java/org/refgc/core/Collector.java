package org.refgc.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * CPython 3.12's generational cycle collector ({@code Modules/gcmodule.c}) over the
 * handle table of {@link HeapEngine}.
 *
 * <p>{@link #collectMain} reads as CPython's {@code gc_collect_main}: a sequence of
 * phase calls, each a method whose javadoc names the CPython function it mirrors and
 * what holds before and after it. gc_refs lives in one byte per handle
 * ({@code gcRefs}, see the note above {@link #updateRefs}), which also plays the part
 * of NEXT_MASK_UNREACHABLE during {@link #moveUnreachable}; the F_COLLECTING flag
 * plays that of PREV_MASK_COLLECTING once the objects are sorted.
 *
 * <p>Hot loops (update, subtract, move) walk the lists through the {@code gcNext}
 * array and special-case slab-stored {@link IntArrayType} objects, reading the slots directly
 * instead of calling {@link ObjectType#traverse} once per object and
 * {@link ReferenceVisitor#visit} once per edge.
 */
final class Collector {
    static final int NUM_GENERATIONS = 3;

    private final HeapEngine e;

    // ---- gcstate
    boolean enabled;
    /** CPython's ceval gc_scheduled: an automatic collection waits for a safe point. */
    boolean pending;
    /** CPython's gcstate->collecting. */
    boolean collecting;
    int debug;
    final int[] count = new int[NUM_GENERATIONS];
    final int[] threshold = new int[NUM_GENERATIONS];
    long longLivedTotal;
    long longLivedPending;
    private final long[] statCollections = new long[NUM_GENERATIONS];
    private final long[] statCollected = new long[NUM_GENERATIONS];
    private final long[] statUncollectable = new long[NUM_GENERATIONS];
    final List<CollectionListener> listeners = new ArrayList<>();

    /** Whether any finalizer ran in the current collection's finalize_garbage. */
    private boolean finalizersRan;
    /** Whether handle_weakrefs called any callback in the current collection. */
    private boolean callbacksRan;
    /** How many objects the last move_unreachable put on its unreachable list. */
    private long unreachableCount;

    // ---- visitors for generic types (allocated once)
    private final ReferenceVisitor visitDecref = this::visitDecref;
    /** subtract_refs' traversals, replayed by move_unreachable. */
    private final TraversalRecord record = new TraversalRecord();
    private final ReferenceVisitor recordDecref = r -> {
        record.addEdge(r);
        visitDecref(r);
    };
    private final ReferenceVisitor visitReachable = this::visitReachable;
    private final ReferenceVisitor visitMove = this::visitMove;

    Collector(HeapEngine e, Heap.Builder b) {
        this.e = e;
        this.enabled = b.enabled;
        threshold[0] = b.threshold0;
        threshold[1] = b.threshold1;
        threshold[2] = b.threshold2;
    }

    static int genHead(int generation) {
        return HeapEngine.GEN0 + generation;
    }

    // =====================================================================
    // Counting and scheduling
    // =====================================================================

    /** _PyObject_GC_Link: count a new container; maybe schedule a collection. */
    void onContainerAllocated() {
        count[0]++;
        if (count[0] > threshold[0] && enabled && threshold[0] != 0 && !collecting) {
            pending = true; // _Py_ScheduleGC
        }
    }

    /** PyObject_GC_Del: a container was freed. */
    void onContainerFreed() {
        if (count[0] > 0) {
            count[0]--;
        }
    }

    /** _Py_RunGC, reached from the embedder's safe point (CPython's eval breaker). */
    long safePoint() {
        if (!pending || collecting) {
            // a safe point inside a collection (a finalizer, a callback) never nests a
            // second one; the request waits for the next safe point after it
            return 0;
        }
        pending = false;
        if (!enabled) {
            return 0;
        }
        collecting = true;
        try {
            return collectGenerations();
        } finally {
            collecting = false;
        }
    }

    /** gc.collect(generation): 0 if a collection is already running. */
    long collectRequested(int generation) {
        if (collecting) {
            return 0;
        }
        collecting = true;
        try {
            return collectWithCallback(generation);
        } finally {
            collecting = false;
        }
    }

    /**
     * gc_collect_generations: collect the oldest generation whose count exceeds its
     * threshold, except that generation 2 also waits until the objects that survived
     * a generation-1 collection since the last full one (long_lived_pending) exceed a
     * quarter of those that survived the last full collection (long_lived_total).
     */
    long collectGenerations() {
        for (int i = NUM_GENERATIONS - 1; i >= 0; i--) {
            if (count[i] > threshold[i]) {
                if (i == NUM_GENERATIONS - 1 && longLivedPending < longLivedTotal / 4) {
                    continue;
                }
                return collectWithCallback(i);
            }
        }
        return 0;
    }

    /** gc_collect_with_callback: "start" listeners, the collection, "stop" listeners. */
    long collectWithCallback(int generation) {
        invokeListeners("start", new CollectionInfo(generation, 0, 0));
        long[] result = new long[2];
        long total = collectMain(generation, result);
        invokeListeners("stop", new CollectionInfo(generation, result[0], result[1]));
        return total;
    }

    /** invoke_gc_callback: every listener, by index (the list may change meanwhile). */
    private void invokeListeners(String phase, CollectionInfo info) {
        for (int i = 0; i < listeners.size(); i++) {
            CollectionListener l = listeners.get(i);
            try {
                l.onCollection(phase, info);
            } catch (RuntimeException | StackOverflowError ex) {
                e.unraisable(ex, "gc callback " + l);
            }
        }
    }

    // =====================================================================
    // gc_collect_main
    // =====================================================================

    /**
     * gc_collect_main: collect {@code generation} and the younger ones.
     *
     * @param result receives [collected m, uncollectable n]
     * @return n + m
     */
    long collectMain(int generation, long[] result) {
        long m = 0; // objects collected
        long n = 0; // unreachable objects that could not be collected
        long t0 = 0;
        if ((debug & DebugFlags.STATS) != 0) {
            debugOut("gc: collecting generation " + generation + "...\n");
            showStatsEachGeneration();
            t0 = System.nanoTime();
        }
        if (e.validating) {
            validateOrThrow("before collecting generation " + generation);
        }

        // update collection and allocation counters
        if (generation + 1 < NUM_GENERATIONS) {
            count[generation + 1] += 1;
        }
        for (int i = 0; i <= generation; i++) {
            count[i] = 0;
        }

        // merge younger generations with the one being collected
        for (int i = 0; i < generation; i++) {
            e.listMerge(genHead(i), genHead(generation));
        }
        int young = genHead(generation);
        int old = generation < NUM_GENERATIONS - 1 ? genHead(generation + 1) : young;

        // find what is unreachable from outside young
        long reachable = deduceUnreachable(young, HeapEngine.UNREACHABLE, denseScanApplies(generation));

        // untrack tuple-like objects that cannot be part of a cycle
        reachable -= untrackTuples(young);

        // move reachable objects to the next generation
        if (young != old) {
            if (generation == NUM_GENERATIONS - 2) {
                longLivedPending += reachable;
            }
            e.listMerge(young, old);
        } else {
            // dicts are only untracked at full collections (bpo-14775)
            reachable -= untrackDicts(young);
            longLivedPending = 0;
            longLivedTotal = reachable;
        }

        // objects with legacy finalizers, and all they reach, are uncollectable
        boolean anyLegacy = (e.anyTypeFlags & HeapEngine.TF_LEGACY) != 0;
        if (anyLegacy) {
            moveLegacyFinalizers(HeapEngine.UNREACHABLE, HeapEngine.FINALIZERS);
            moveLegacyFinalizerReachable(HeapEngine.FINALIZERS);
        }

        if ((debug & DebugFlags.COLLECTABLE) != 0) {
            for (int h = e.gcNext[HeapEngine.UNREACHABLE]; h != HeapEngine.UNREACHABLE; h = e.gcNext[h]) {
                debugCycle("collectable", h);
            }
        }

        // clear weakrefs to the trash; call callbacks of weakrefs outside it
        m += handleWeakrefs(HeapEngine.UNREACHABLE, old);

        // PEP 442: call finalizers on the trash, each object at most once
        finalizeGarbage(HeapEngine.UNREACHABLE);

        // finalizers may have resurrected objects: keep only what is still trash
        handleResurrectedObjects(HeapEngine.UNREACHABLE, HeapEngine.STILL_UNREACHABLE, old);

        // break the cycles with tp_clear (or save everything under DEBUG_SAVEALL);
        // the list is as move_unreachable left it unless some embedder code ran
        m += anyLegacy || callbacksRan || finalizersRan
                ? e.listSize(HeapEngine.STILL_UNREACHABLE) : unreachableCount;
        deleteGarbage(HeapEngine.STILL_UNREACHABLE, old);

        // count and report the uncollectable objects
        for (int h = e.gcNext[HeapEngine.FINALIZERS]; h != HeapEngine.FINALIZERS; h = e.gcNext[h]) {
            n++;
            if ((debug & DebugFlags.UNCOLLECTABLE) != 0) {
                debugCycle("uncollectable", h);
            }
        }
        if ((debug & DebugFlags.STATS) != 0) {
            double secs = (System.nanoTime() - t0) / 1e9;
            debugOut(String.format(Locale.ROOT,
                    "gc: done, %d unreachable, %d uncollectable, %.4fs elapsed\n", n + m, n, secs));
        }

        // append the uncollectable objects to garbage; they survive into old
        handleLegacyFinalizers(HeapEngine.FINALIZERS, old);

        // the free lists are emptied only by a collection of the oldest generation
        if (generation == NUM_GENERATIONS - 1) {
            e.clearFreeLists();
        }

        result[0] = m;
        result[1] = n;
        statCollections[generation]++;
        statCollected[generation] += m;
        statUncollectable[generation] += n;
        if (e.validating) {
            validateOrThrow("after collecting generation " + generation);
        }
        return n + m;
    }

    // =====================================================================
    // Phases
    // =====================================================================

    /**
     * deduce_unreachable: {@link #updateRefs}, {@link #subtractRefs},
     * {@link #moveUnreachable}. A type's traverse runs once per object for the last two:
     * subtract_refs records what it reports and move_unreachable replays it
     * ({@link TraversalRecord}); the record is dropped before any embedder code runs.
     * <p>Before: {@code base} is a proper list, no object on it has F_COLLECTING;
     * every gcRefs code is 0.
     * <p>After: {@code base} holds exactly the objects reachable from outside it;
     * {@code unreachable} holds the rest, flagged F_COLLECTING; every code is 0.
     *
     * @return the number of objects left in base
     */
    private long deduceUnreachable(int base, int unreachable, boolean dense) {
        e.listInit(unreachable);
        try {
            long size;
            if (dense) {
                updateRefsDense();
                subtractRefsDense();
                size = e.trackedCount - e.frozenCount; // see denseScanApplies
                if (e.validating && size != e.listSize(base)) {
                    throw new IllegalStateException("tracked objects outside the permanent generation: "
                            + size + ", but generation 2 holds " + e.listSize(base));
                }
            } else {
                size = updateRefs(base);
                subtractRefs(base);
            }
            return moveUnreachable(base, unreachable, dense, size);
        } catch (RuntimeException | Error ex) {
            // a broken invariant (validating mode): leave no stale codes behind
            Arrays.fill(e.gcRefs, NOT_COLLECTING);
            throw ex;
        } finally {
            record.clear(); // embedder code may run from here on
        }
    }

    /**
     * Whether a collection of {@code generation} may run update_refs and subtract_refs
     * over the handle arrays in index order instead of along the young list. Those two
     * phases give the same result in any order; only the set matters. At a full
     * collection the set is every tracked object outside the permanent generation,
     * which a scan recognises by its flags, without the dependent loads of a list walk.
     * Worth it when such objects are at least half of the handle space.
     */
    private boolean denseScanApplies(int generation) {
        long young = e.trackedCount - e.frozenCount;
        return generation == NUM_GENERATIONS - 1 && young * 2 >= (e.top - HeapEngine.FIRST_HANDLE);
    }

    /*
     * How gc_refs is kept. CPython stores gc_refs in _gc_prev, shifted past two flag
     * bits, and marks the objects being collected with PREV_MASK_COLLECTING. Here each
     * handle has one byte, gcRefs[h], so that the random accesses of subtract_refs and
     * move_unreachable (one per edge) touch a quarter of the memory an int would, and
     * the list links stay intact during the analysis:
     *
     *   0            not being collected (every handle's state outside the analysis)
     *   1  ZERO      being collected, gc_refs == 0, not scanned yet
     *   2..126       being collected, gc_refs == code - 1 (once move_unreachable's
     *                cursor has passed, the object is reachable and the code is
     *                only reset to 0 when move_unreachable returns)
     *   127 BIG      being collected, not scanned yet, gc_refs above 125: the exact
     *                value is in gcPrev[h] (h's prev link is restored by
     *                move_unreachable's cursor; nothing else reads it meanwhile)
     *   -1 TENTATIVE scanned with gc_refs == 0: tentatively unreachable (CPython's
     *                NEXT_MASK_UNREACHABLE); objects left with it when
     *                move_unreachable's cursor reaches the end form the unreachable
     *                list, where F_COLLECTING replaces it
     *
     * Every code is back to 0 when move_unreachable returns, before any embedder code
     * runs (finalizers, callbacks, clear), so whenever the heap is observable all are 0.
     */
    static final byte NOT_COLLECTING = 0;
    static final byte ZERO = 1;
    static final byte ONE = 2;
    static final byte BIG = 127;
    static final byte TENTATIVE = -1;

    /** gc_refs = c as a code (BIG stores c in gcPrev[h]). */
    private static void setGcRefs(byte[] refs, int[] prev, int h, int c) {
        if (c < BIG - 1) {
            refs[h] = (byte) (c + 1);
        } else {
            refs[h] = BIG;
            prev[h] = c;
        }
    }

    private static void checkRefcount(int h, int c) {
        if (c <= 0) {
            throw new IllegalStateException("tracked object " + h + " has refcount " + c
                    + " (a deallocated object left tracked?)");
        }
    }

    /**
     * update_refs: gc_refs = refcount for every object in {@code containers}.
     * <p>Before: every object's gcRefs code is 0.
     * <p>After: every object there has a code from ZERO to BIG (see above) whose
     * gc_refs is its refcount, which is positive (a zero refcount would mean a dead
     * object left tracked). Links are intact except gcPrev of BIG objects.
     *
     * @return how many objects {@code containers} holds
     */
    private long updateRefs(int containers) {
        final byte[] refs = e.gcRefs;
        final int[] prev = e.gcPrev;
        final int[] next = e.gcNext;
        final int[] rc = e.refcnt;
        long size = 0;
        for (int h = next[containers]; h != containers; h = next[h]) {
            int c = rc[h];
            checkRefcount(h, c);
            setGcRefs(refs, prev, h, c);
            size++;
        }
        return size;
    }

    /**
     * update_refs over the arrays: the same assignment as {@link #updateRefs} for every
     * tracked object outside the permanent generation (see {@link #denseScanApplies}).
     */
    private void updateRefsDense() {
        final int[] info = e.info;
        final byte[] refs = e.gcRefs;
        final int[] prev = e.gcPrev;
        final int[] rc = e.refcnt;
        final int top = e.top;
        final int want = HeapEngine.F_TRACKED;
        final int mask = HeapEngine.F_TRACKED | HeapEngine.F_FROZEN;
        for (int h = HeapEngine.FIRST_HANDLE; h < top; h++) {
            // every handle's code is 0 here, so this stores one unconditionally; the
            // branch is left for the rare refcounts a byte cannot hold (and the
            // impossible ones). Branching on membership first was slower: 0.84-0.92
            // against 0.60-0.88 ms a pass on a 10^6 binary tree (minimum of 12
            // collections a run, several runs, noisy)
            int c = rc[h];
            boolean member = (info[h] & mask) == want;
            refs[h] = (byte) (member ? c + 1 : NOT_COLLECTING);
            if (member && (c <= 0 || c >= BIG - 1)) {
                checkRefcount(h, c);
                setGcRefs(refs, prev, h, c);
            }
        }
    }

    /**
     * subtract_refs: for every reference from an object in {@code containers} to an
     * object being collected, subtract one from the target's gc_refs.
     * <p>After: gc_refs &ge; 0 for every object there (if the types' traverse reports
     * only counted references); those with gc_refs &gt; 0 are referenced from outside
     * the set. An excess reference takes a ZERO code to 0 (a BIG one to gc_refs -1),
     * which move_unreachable treats as reachable: the safe side. A validating heap
     * throws instead.
     */
    private void subtractRefs(int containers) {
        final int[] info = e.info;
        final int[] next = e.gcNext;
        final int[] slabOff = e.size;
        final int[] slab = e.slab.data;
        final boolean fast = !e.validating;
        for (int h = next[containers]; h != containers; h = next[h]) {
            int f = info[h];
            if (fast && (f & HeapEngine.F_LEAF) != 0) {
                continue; // no slot refers to a GC object
            }
            if (fast && (f & HeapEngine.F_INLINE) != 0) {
                decrementCode(e.gcRefs, slabOff[h]);
            } else if (fast && (f & HeapEngine.F_TWO) != 0) {
                int off = slabOff[h];
                decrementCode(e.gcRefs, slab[off + 1]);
                decrementCode(e.gcRefs, slab[off]);
            } else if (fast && (f & HeapEngine.F_INTARRAY) != 0) {
                subtractSlots(slab, slabOff[h]);
            } else {
                subtractGeneric(h);
            }
        }
    }

    /**
     * subtract_refs over the arrays: the same decrements as {@link #subtractRefs}, for
     * the set {@link #updateRefsDense} initialised. The decrements are written out
     * rather than calls of {@link #decrementCode}: with the calls, a full collection of a
     * 10^6 linked list measured about 4% slower (JMH, same machine, back to back).
     * F_LEAF objects are skipped without reading their slots. A validating heap takes
     * its own loop, which keeps the validity flag out of this one's registers.
     */
    private void subtractRefsDense() {
        if (e.validating) {
            subtractRefsDenseChecked();
            return;
        }
        final int[] info = e.info;
        final int[] slabOff = e.size;
        final int[] slab = e.slab.data;
        final byte[] refs = e.gcRefs;
        final int top = e.top;
        final int member = HeapEngine.F_TRACKED | HeapEngine.F_FROZEN;
        final int mask = member | HeapEngine.F_INTARRAY | HeapEngine.F_INLINE
                | HeapEngine.F_TWO | HeapEngine.F_LEAF;
        final int slots = HeapEngine.F_TRACKED | HeapEngine.F_INTARRAY;
        for (int h = HeapEngine.FIRST_HANDLE; h < top; h++) {
            int f = info[h] & mask;
            if (f == (slots | HeapEngine.F_INLINE)) {
                // visit_decref on the one slot, kept in size[h]
                int r = slabOff[h];
                int v = refs[r];
                if (v > NOT_COLLECTING) {
                    if (v != BIG) {
                        refs[r] = (byte) (v - 1);
                    } else {
                        decrementBig(r);
                    }
                }
            } else if (f == (slots | HeapEngine.F_TWO)) {
                // visit_decref on the two slots (a region without a length word),
                // last first
                int off = slabOff[h];
                int r = slab[off + 1];
                int v = refs[r];
                if (v > NOT_COLLECTING) {
                    if (v != BIG) {
                        refs[r] = (byte) (v - 1);
                    } else {
                        decrementBig(r);
                    }
                }
                r = slab[off];
                v = refs[r];
                if (v > NOT_COLLECTING) {
                    if (v != BIG) {
                        refs[r] = (byte) (v - 1);
                    } else {
                        decrementBig(r);
                    }
                }
            } else if (f == slots) {
                subtractSlots(slab, slabOff[h]);
            } else if ((f & (member | HeapEngine.F_INTARRAY)) == HeapEngine.F_TRACKED) {
                subtractGeneric(h); // not slab-stored
            }
            // else: not a member, or F_LEAF (no slot refers to a GC object)
        }
    }

    /** {@link #subtractRefsDense} for a validating heap: every traverse checked. */
    private void subtractRefsDenseChecked() {
        final int[] info = e.info;
        final int top = e.top;
        final int mask = HeapEngine.F_TRACKED | HeapEngine.F_FROZEN;
        for (int h = HeapEngine.FIRST_HANDLE; h < top; h++) {
            if ((info[h] & mask) == HeapEngine.F_TRACKED) {
                subtractGeneric(h);
            }
        }
    }

    /** visit_decref over a slab-stored {@link IntArrayType} object's slots, last slot first. */
    private void subtractSlots(int[] slab, int off) {
        final byte[] refs = e.gcRefs;
        int len = slab[off];
        if (len <= 2) {
            // the common small objects without a loop (fewer instructions per object
            // lets the CPU overlap more objects' memory accesses)
            if (len == 2) {
                decrementCode(refs, slab[off + 2]);
            }
            if (len >= 1) {
                decrementCode(refs, slab[off + 1]);
            }
            return;
        }
        for (int i = off + len; i > off; i--) {
            int r = slab[i];
            int v = refs[r];
            if (v > NOT_COLLECTING) {
                if (v != BIG) {
                    refs[r] = (byte) (v - 1);
                } else {
                    decrementBig(r);
                }
            }
        }
    }

    /**
     * visit_decref over a generically traversed object's referents, recorded for
     * move_unreachable (see {@link TraversalRecord}).
     */
    private void subtractGeneric(int h) {
        if (!record.accepting()) {
            traverseChecked(h, visitDecref);
            return;
        }
        int start = record.mark();
        traverseChecked(h, recordDecref);
        record.close(h, start);
    }

    /** visit_decref on the fast path (no validation). */
    private void decrementCode(byte[] refs, int r) {
        int v = refs[r];
        if (v > NOT_COLLECTING) {
            if (v != BIG) {
                refs[r] = (byte) (v - 1);
            } else {
                decrementBig(r);
            }
        }
    }

    /** visit_decref. */
    private void visitDecref(int r) {
        final byte[] refs = e.gcRefs;
        int v = refs[r];
        if (v > NOT_COLLECTING) {
            if (v == ZERO && e.validating) {
                throw excessReference(r);
            }
            if (v != BIG) {
                refs[r] = (byte) (v - 1);
            } else {
                decrementBig(r);
            }
        }
    }

    private void decrementBig(int r) {
        int g = e.gcPrev[r];
        if (g > 0) {
            e.gcPrev[r] = g - 1;
        } else if (e.validating) {
            throw excessReference(r);
        } else {
            e.gcPrev[r] = -1; // excess: counts as reachable
        }
    }

    private IllegalStateException excessReference(int r) {
        return new IllegalStateException("object " + r + " (" + e.typeUnchecked(r).name()
                + ") has more references reported by traverse than its refcount");
    }

    /** The young list head while move_unreachable runs (visitReachable appends to it). */
    private int reachableHead;
    /** Objects left TENTATIVE behind move_unreachable's cursor. */
    private long tentativeCount;

    /**
     * move_unreachable: split {@code young} into the objects reachable from outside it
     * (which stay, in a possibly new order) and the rest (moved to
     * {@code unreachable}), giving both lists CPython's order.
     * <p>Before: every object in young has a code from ZERO to BIG from
     * {@link #subtractRefs}; {@code unreachable} is empty.
     * <p>CPython moves each object found with gc_refs == 0 to the unreachable list at
     * once, and back to young's tail if a scanned object reaches it later. Here it
     * stays where it is, marked TENTATIVE; when reached, it moves to young's tail,
     * exactly where CPython would append it, and once the cursor reaches the end, the
     * objects still TENTATIVE move to {@code unreachable} in list order, which is the
     * order CPython's list would have. So young ends as
     * [objects scanned in place, in list order] + [objects reached late, in the order
     * reached], as in CPython, and an object reached late (a chain seen from its far
     * end, say) moves once instead of twice.
     * <p>Loop invariant: every object behind the cursor is TENTATIVE or reachable
     * (scanned, code 0..126, never ZERO), with a valid prev link; objects ahead have
     * their codes from subtract_refs, or ONE if a scanned object reached them. Young's
     * tail is kept in a local: its next link and young's prev link are written when
     * the cursor stops at it (or before a generic traverse, whose visits read them),
     * which saves two stores per rescue; the cursor stops at the tail instead of
     * following its next link back to young.
     * <p>After: young and unreachable are proper lists; every code is 0; unreachable's
     * objects have F_COLLECTING, young's do not.
     *
     * @param size how many objects young holds (the analysis only counts those it
     *        leaves TENTATIVE)
     * @return how many objects stayed in young
     */
    private long moveUnreachable(int young, int unreachable, boolean dense, long size) {
        final int[] info = e.info;
        final byte[] refs = e.gcRefs;
        final int[] prev = e.gcPrev;
        final int[] next = e.gcNext;
        final int[] slabOff = e.size;
        final int[] slab = e.slab.data;
        final boolean fast = !e.validating;
        reachableHead = young;
        // tentativeCount and young's tail live in locals while the loop runs; the
        // tail's next link and young's prev link (the tail) are written when the
        // loop ends, or before the generic path's visitReachable, which reads them
        long tentative = 0;
        int tail = prev[young];
        int before = young;
        int h = next[young];
        if (h == young) {
            tentativeCount = 0;
            unreachableCount = 0;
            return 0;
        }
        for (;;) {
            int c = refs[h];
            int f;
            int fi;
            if (c == BIG) {
                int g = prev[h];
                prev[h] = before;
                c = g == 0 ? ZERO : ONE;
            }
            if (c == ZERO) {
                refs[h] = TENTATIVE;
                tentative++;
            } else if (fast && (f = (fi = info[h]) & (HeapEngine.F_INTARRAY | HeapEngine.F_INLINE
                    | HeapEngine.F_TWO)) != 0) {
                // h is reachable: so is everything it refers to. Its code (a
                // positive gc_refs, or 0 after an excess reference) stays: visits
                // leave it unchanged, and resetDone clears it. visit_reachable for
                // each slot, last first; small objects without a loop (as
                // subtractSlots); none for an F_LEAF object of two or more slots,
                // whose slots refer to no GC object. The flag is tested only after
                // the one-slot case: with it in the mask that picks the layout, this
                // pass measured 1.7x slower on a 10^6 linked list (4.2 -> 7.0 ms).
                // A rescue moves the target to young's tail: reachSlot returns the
                // new tail.
                if (f == (HeapEngine.F_INTARRAY | HeapEngine.F_INLINE)) {
                    // the one slot is in size[h]
                    int t = reachSlot(refs, prev, next, tail, slabOff[h]);
                    if (t != tail) {
                        tail = t;
                        tentative--;
                    }
                } else if ((fi & HeapEngine.F_LEAF) != 0) {
                    // no slot refers to a GC object: nothing to reach
                } else if (f == (HeapEngine.F_INTARRAY | HeapEngine.F_TWO)) {
                    // two slots, at size[h] and the next int
                    int off = slabOff[h];
                    int t = reachSlot(refs, prev, next, tail, slab[off + 1]);
                    if (t != tail) {
                        tail = t;
                        tentative--;
                    }
                    t = reachSlot(refs, prev, next, tail, slab[off]);
                    if (t != tail) {
                        tail = t;
                        tentative--;
                    }
                } else {
                    int off = slabOff[h];
                    int len = slab[off];
                    for (int i = off + len; i > off; i--) {
                        int t = reachSlot(refs, prev, next, tail, slab[i]);
                        if (t != tail) {
                            tail = t;
                            tentative--;
                        }
                    }
                }
            } else {
                next[tail] = young;
                prev[young] = tail;
                tentativeCount = tentative;
                if (!record.replay(h, visitReachable)) {
                    traverseChecked(h, visitReachable);
                }
                tentative = tentativeCount;
                tail = prev[young];
            }
            if (h == tail) {
                break; // nothing after h: the cursor has reached the end
            }
            before = h;
            // Lists in allocation order link h to h + 1, and a chain rescued from its
            // far end (see rescue) links h to h - 1: predicting those lets the CPU
            // start on the next object before next[h] is loaded (the loop would
            // otherwise wait on that load every turn).
            int nx = next[h];
            h = nx == h + 1 ? h + 1 : nx == h - 1 ? h - 1 : nx;
        }
        next[tail] = young;
        prev[young] = tail;
        tentativeCount = tentative;
        unreachableCount = tentative;
        long kept = size - tentative;
        if (tentative > 0) {
            if (dense && kept == 0) {
                allUnreachable(young, unreachable);
            } else {
                splitTentative(young, unreachable, dense);
            }
        }
        resetDone(young, dense);
        return kept;
    }

    /**
     * visit_reachable on move_unreachable's fast path: a ZERO code ahead of the cursor
     * becomes ONE; a TENTATIVE object (behind the cursor) is rescued, moving to young's
     * tail (as {@link #rescue}, with the tail passed in: r is neither the tail nor next
     * to an object whose prev link holds a BIG count, as those are all ahead; r's next
     * link and young's prev link are left for the caller, which writes them once the
     * cursor stops); a BIG one ahead with gc_refs 0 gets 1; other codes stay.
     *
     * @return young's tail afterwards (r if rescued)
     */
    private static int reachSlot(byte[] refs, int[] prev, int[] next, int tail, int r) {
        int v = refs[r];
        if (v != NOT_COLLECTING) {
            if ((byte) (v + 1) > 0) {
                // ZERO becomes ONE; other positive codes stay. Whether a target was
                // scanned yet is random in a random graph, so this takes no branch on it.
                refs[r] = (byte) (v + (((v ^ ZERO) - 1) >>> 31));
            } else if (v < 0) {
                int p = prev[r];
                int q = next[r];
                next[p] = q;
                prev[q] = p;
                next[tail] = r;
                prev[r] = tail;
                refs[r] = ONE;
                return r;
            } else if (prev[r] == 0) {
                prev[r] = 1; // BIG, ahead: gc_refs 0 becomes 1
            }
        }
        return tail;
    }

    /** visit_reachable. */
    private void visitReachable(int r) {
        final byte[] refs = e.gcRefs;
        int v = refs[r];
        if (v == ZERO) {
            refs[r] = ONE;
        } else if (v < 0) {
            rescue(r);
        } else if (v == BIG && e.gcPrev[r] == 0) {
            e.gcPrev[r] = 1;
        }
    }

    /**
     * The objects move_unreachable found reachable (all in young now) go back to code
     * 0: after a dense analysis by clearing the whole array (every other code is 0
     * already), else along young.
     */
    private void resetDone(int young, boolean dense) {
        final byte[] refs = e.gcRefs;
        if (dense) {
            Arrays.fill(refs, HeapEngine.FIRST_HANDLE, e.top, NOT_COLLECTING);
        } else {
            final int[] next = e.gcNext;
            for (int h = next[young]; h != young; h = next[h]) {
                refs[h] = NOT_COLLECTING;
            }
        }
    }

    /**
     * A scanned object reached TENTATIVE r (behind the cursor): r moves to young's
     * tail with gc_refs 1, where CPython's move_unreachable appends an object it takes
     * back from the unreachable list.
     */
    private void rescue(int r) {
        final int[] prev = e.gcPrev;
        final int[] next = e.gcNext;
        final int young = reachableHead;
        int p = prev[r];
        int q = next[r];
        next[p] = q;
        prev[q] = p;
        int last = prev[young];
        next[last] = r;
        prev[r] = last;
        next[r] = young;
        prev[young] = r;
        e.gcRefs[r] = ONE;
        tentativeCount--;
    }

    /**
     * The end of move_unreachable: move the objects still TENTATIVE from young to
     * {@code unreachable}, in list order, with F_COLLECTING (CPython's
     * PREV_MASK_COLLECTING, which its unreachable objects keep) and, unless
     * {@code dense} (then {@link #resetDone} clears every code), code 0.
     * <p>Links are written only where the walk switches between the two lists: an
     * object that follows its list predecessor onto the same list is linked already.
     */
    private void splitTentative(int young, int unreachable, boolean dense) {
        final int[] info = e.info;
        final byte[] refs = e.gcRefs;
        final int[] prev = e.gcPrev;
        final int[] next = e.gcNext;
        long left = tentativeCount;
        int keptTail = young;
        int lostTail = prev[unreachable];
        int last = young;
        int h = next[young];
        while (left > 0) {
            int nx = next[h];
            if (refs[h] < 0) {
                if (!dense) {
                    refs[h] = NOT_COLLECTING;
                }
                info[h] |= HeapEngine.F_COLLECTING;
                if (lostTail != last) {
                    next[lostTail] = h;
                    prev[h] = lostTail;
                }
                lostTail = h;
                left--;
            } else if (keptTail != last) {
                next[keptTail] = h;
                prev[h] = keptTail;
                keptTail = h;
            } else {
                keptTail = h;
            }
            last = h;
            h = nx == h + 1 ? h + 1 : nx; // see moveUnreachable
        }
        // h is the first object after the last TENTATIVE one (maybe young itself)
        next[keptTail] = h;
        prev[h] = keptTail;
        next[lostTail] = unreachable;
        prev[unreachable] = lostTail;
        tentativeCount = 0;
    }

    /**
     * The end of move_unreachable when nothing in young proved reachable, at a dense
     * (full) collection: the whole list becomes {@code unreachable} as it is, and its
     * objects, which are exactly the tracked ones outside the permanent generation
     * (see {@link #denseScanApplies}), get F_COLLECTING by a scan of the flags in
     * index order instead of a walk along the list. Their codes are left to
     * {@link #resetDone}.
     */
    private void allUnreachable(int young, int unreachable) {
        final int[] info = e.info;
        final int top = e.top;
        final int want = HeapEngine.F_TRACKED;
        final int mask = HeapEngine.F_TRACKED | HeapEngine.F_FROZEN;
        for (int h = HeapEngine.FIRST_HANDLE; h < top; h++) {
            int f = info[h];
            if ((f & mask) == want) {
                info[h] = f | HeapEngine.F_COLLECTING;
            }
        }
        e.listMerge(young, unreachable);
        tentativeCount = 0;
    }

    /**
     * untrack_tuples: ask each object of a type with {@link UntrackRule#EVERY_COLLECTION}
     * whether it can stop being tracked.
     * <p>Before/after: young is a proper list of reachable objects; after, those the
     * type agreed to untrack are off it.
     *
     * @return how many were untracked
     */
    private long untrackTuples(int young) {
        if ((e.anyTypeFlags & HeapEngine.TF_UNTRACK_EVERY) == 0) {
            return 0;
        }
        return untrackByRule(young, HeapEngine.TF_UNTRACK_EVERY);
    }

    /**
     * untrack_dicts: as {@link #untrackTuples}, for types with
     * {@link UntrackRule#FULL_COLLECTION}; run only at full collections.
     *
     * @return how many were untracked
     */
    private long untrackDicts(int young) {
        if ((e.anyTypeFlags & HeapEngine.TF_UNTRACK_FULL) == 0) {
            return 0;
        }
        return untrackByRule(young, HeapEngine.TF_UNTRACK_FULL);
    }

    private long untrackByRule(int head, int rule) {
        long removed = 0;
        int h = e.gcNext[head];
        while (h != head) {
            int nxt = e.gcNext[h];
            if ((e.typeFlagsOf(h) & rule) != 0
                    && e.typeUnchecked(h).maybeUntrack(e.heap, h, e.payload[h])) {
                e.untrackRaw(h);
                removed++;
            }
            h = nxt;
        }
        return removed;
    }

    /**
     * move_legacy_finalizers: move the unreachable objects whose type has a legacy
     * finalizer (tp_del) to {@code finalizers}; they are no longer being collected.
     * (CPython's pass also clears NEXT_MASK_UNREACHABLE on the whole list; here
     * {@link #moveUnreachable} left the list ordinary, so without legacy types the
     * pass is skipped.)
     * <p>After: the objects left on {@code unreachable} have F_COLLECTING; those moved
     * do not.
     */
    private void moveLegacyFinalizers(int unreachable, int finalizers) {
        final int[] info = e.info;
        final int[] next = e.gcNext;
        final int[] typeFlags = e.typeFlags;
        int h = next[unreachable];
        while (h != unreachable) {
            int nxt = next[h];
            int f = info[h];
            if ((typeFlags[f >>> HeapEngine.TYPE_SHIFT] & HeapEngine.TF_LEGACY) != 0) {
                e.listMove(h, finalizers);
                info[h] = f & ~HeapEngine.F_COLLECTING;
            }
            h = nxt;
        }
    }

    /**
     * move_legacy_finalizer_reachable: everything still being collected that an
     * object on {@code finalizers} refers to joins it (the list grows as it is walked).
     * <p>After: {@code finalizers} is closed under references into the trash; its
     * objects have no F_COLLECTING.
     */
    private void moveLegacyFinalizerReachable(int finalizers) {
        for (int h = e.gcNext[finalizers]; h != finalizers; h = e.gcNext[h]) {
            e.traverse(h, visitMove);
        }
    }

    /** visit_move. */
    private void visitMove(int r) {
        if (r != Heap.NULL && (e.info[r] & HeapEngine.F_COLLECTING) != 0) {
            e.listMove(r, HeapEngine.FINALIZERS);
            e.info[r] &= ~HeapEngine.F_COLLECTING;
        }
    }

    /**
     * handle_weakrefs: clear every weak reference to an object in {@code unreachable}
     * (and the referent link of every weak reference object in it); then call the
     * callbacks of the cleared weak references that are not themselves trash.
     * <p>After: nothing in {@code unreachable} is weakly referenced. Weak references
     * whose callback ran and that survived it are in {@code old}.
     *
     * @return how many of those weak references were freed by dropping the
     *         collector's temporary reference (counted as collected)
     */
    private long handleWeakrefs(int unreachable, int old) {
        final int wrcb = HeapEngine.WRCB_TO_CALL;
        e.listInit(wrcb);
        callbacksRan = false;
        if (e.weakRefs.live == 0) {
            return 0; // no weak reference objects: nothing to clear or call
        }
        final int[] info = e.info;
        final WeakRefs weakRefs = e.weakRefs;
        for (int h = e.gcNext[unreachable]; h != unreachable; h = e.gcNext[h]) {
            int f = info[h];
            if ((f & HeapEngine.F_WEAKREF) != 0) {
                // a weak reference in the trash: clear it so its callback never runs (bpo-38006)
                weakRefs.clearRef(h);
                continue; // weak references cannot themselves be weakly referenced
            }
            if ((e.typeFlags[f >>> HeapEngine.TYPE_SHIFT] & HeapEngine.TF_WEAKREFABLE) == 0) {
                continue;
            }
            int wr;
            while ((wr = weakRefs.head(h)) != Heap.NULL) {
                weakRefs.clearRef(wr);
                if (weakRefs.callbackRaw(wr) == Heap.NULL) {
                    continue;
                }
                if ((info[wr] & HeapEngine.F_COLLECTING) != 0) {
                    continue; // the weak reference is trash too: its callback is not needed
                }
                e.refcnt[wr]++; // keep wr alive until its callback has run
                // gc_list_move (an untracked or frozen wr is tracked again by this)
                e.untrackRaw(wr);
                e.listAppend(wr, wrcb);
                info[wr] |= HeapEngine.F_TRACKED;
                e.trackedCount++;
            }
        }
        long freed = 0;
        callbacksRan = !e.listIsEmpty(wrcb);
        while (!e.listIsEmpty(wrcb)) {
            int wr = e.gcNext[wrcb];
            int cb = weakRefs.callbackRaw(wr);
            if (cb != Heap.NULL) {
                weakRefs.invokeCallback(cb, wr);
            }
            e.decref(wr);
            if (e.gcNext[wrcb] == wr) {
                e.listMove(wr, old); // still alive
            } else {
                freed++;
            }
        }
        return freed;
    }

    /**
     * finalize_garbage: call the PEP 442 finalizer of each object in
     * {@code collectable} that has one and was not finalized yet, marking it
     * finalized first. Objects may be freed meanwhile (they leave the list).
     * <p>After: {@code collectable} holds the survivors, in their original order.
     */
    private void finalizeGarbage(int collectable) {
        finalizersRan = false;
        if ((e.anyTypeFlags & HeapEngine.TF_FINALIZER) == 0) {
            return;
        }
        final int seen = HeapEngine.SEEN;
        e.listInit(seen);
        while (!e.listIsEmpty(collectable)) {
            int h = e.gcNext[collectable];
            e.listMove(h, seen);
            int f = e.info[h];
            if ((f & HeapEngine.F_FINALIZED) == 0
                    && (e.typeFlags[f >>> HeapEngine.TYPE_SHIFT] & HeapEngine.TF_FINALIZER) != 0) {
                e.info[h] = f | HeapEngine.F_FINALIZED;
                finalizersRan = true;
                e.refcnt[h]++;
                try {
                    e.typeUnchecked(h).finalize(e.heap, h, e.payload[h]);
                } catch (RuntimeException | StackOverflowError ex) {
                    e.unraisable(ex, "finalizer of " + e.repr(h));
                }
                e.decref(h);
            }
        }
        e.listMerge(seen, collectable);
    }

    /**
     * handle_resurrected_objects: rerun the reachability analysis on
     * {@code unreachable} alone; whatever a finalizer made reachable again moves to
     * {@code old}, the rest to {@code stillUnreachable}.
     * <p>After: {@code stillUnreachable}'s objects have F_COLLECTING (they are about to
     * be cleared); {@code unreachable} is empty.
     * <p>If no finalizer ran, nothing can have been resurrected, and the analysis would
     * return the same list in the same order, so the list is moved as it is.
     */
    private void handleResurrectedObjects(int unreachable, int stillUnreachable, int old) {
        if (!finalizersRan) {
            e.listInit(stillUnreachable);
            e.listMerge(unreachable, stillUnreachable);
            return;
        }
        // gc_list_clear_collecting
        for (int h = e.gcNext[unreachable]; h != unreachable; h = e.gcNext[h]) {
            e.info[h] &= ~HeapEngine.F_COLLECTING;
        }
        deduceUnreachable(unreachable, stillUnreachable, false);
        e.listMerge(unreachable, old);
    }

    /**
     * delete_garbage: break cycles by calling each object's clear (tp_clear), holding
     * a temporary reference around the call; under DEBUG_SAVEALL append each object to
     * garbage instead. Objects still alive afterwards move to {@code old}.
     * <p>After: {@code collectable} is empty.
     */
    private void deleteGarbage(int collectable, int old) {
        final boolean saveAll = (debug & DebugFlags.SAVEALL) != 0;
        while (!e.listIsEmpty(collectable)) {
            if (!saveAll) {
                // the plain objects at the front, in one loop (same steps, same order)
                e.plain.clearGarbage(collectable, old);
                if (e.listIsEmpty(collectable)) {
                    break;
                }
            }
            int h = e.gcNext[collectable];
            if (saveAll) {
                appendGarbage(h);
            } else {
                clearObject(h);
            }
            if (e.gcNext[collectable] == h) {
                // still alive: it may die later
                e.info[h] &= ~HeapEngine.F_COLLECTING;
                e.listMove(h, old);
            }
        }
    }

    /** tp_clear of one object, protected by a temporary reference. */
    private void clearObject(int h) {
        e.refcnt[h]++;
        int f = e.info[h];
        try {
            if ((f & HeapEngine.F_INTARRAY) != 0) {
                clearIntArray(h);
            } else {
                e.typeUnchecked(h).clear(e.heap, h, e.payload[h]);
            }
            if ((f & HeapEngine.F_WEAKREF) != 0 && (e.info[h] & HeapEngine.F_ALIVE) != 0) {
                int cb = e.weakRefs.clearWeakRefTakeCallback(h);
                if (cb != Heap.NULL) {
                    e.decref(cb);
                }
            }
        } catch (RefcountException ex) {
            throw ex;
        } catch (RuntimeException | StackOverflowError ex) {
            e.unraisable(ex, "in tp_clear of " + e.typeUnchecked(h).name());
        }
        e.decref(h);
    }

    /** IntArrayType.clear without virtual calls: empty slots from last to first. */
    private void clearIntArray(int h) {
        if ((e.typeFlagsOf(h) & HeapEngine.TF_INTARRAY_CLEAR) == 0) {
            e.typeUnchecked(h).clear(e.heap, h, e.payload[h]);
            return;
        }
        e.clearSlabSlots(h);
    }

    /**
     * handle_legacy_finalizers: append to garbage every object on {@code finalizers}
     * that has a legacy finalizer (every object, under DEBUG_SAVEALL); then merge the
     * list into {@code old}.
     */
    private void handleLegacyFinalizers(int finalizers, int old) {
        final boolean saveAll = (debug & DebugFlags.SAVEALL) != 0;
        for (int h = e.gcNext[finalizers]; h != finalizers; h = e.gcNext[h]) {
            if (saveAll || (e.typeFlagsOf(h) & HeapEngine.TF_LEGACY) != 0) {
                appendGarbage(h);
            }
        }
        e.listMerge(finalizers, old);
    }

    private void appendGarbage(int h) {
        e.refcnt[h]++;
        e.garbage.add(h);
        try {
            e.binding.garbageAppended(e.heap, h);
        } catch (RuntimeException ex) {
            e.unraisable(ex, "gc.garbage sink");
        }
    }

    // =====================================================================
    // Helpers
    // =====================================================================

    /** Traverse h; in validating mode, reject references to dead handles. */
    private void traverseChecked(int h, ReferenceVisitor v) {
        if (e.validating) {
            e.traverse(h, r -> {
                if (r != Heap.NULL && !e.isAlive(r)) {
                    throw new RefcountException(r, 0, 0, "object " + h + " ("
                            + e.typeUnchecked(h).name() + ") refers to a freed handle");
                }
                v.visit(r);
            });
        } else {
            e.traverse(h, v);
        }
    }

    private void debugOut(String text) {
        try {
            e.binding.debugOutput(text);
        } catch (RuntimeException ex) {
            e.unraisable(ex, "gc debug output");
        }
    }

    /** debug_cycle. */
    private void debugCycle(String msg, int h) {
        debugOut("gc: " + msg + " " + e.repr(h) + "\n");
    }

    /** show_stats_each_generations. */
    private void showStatsEachGeneration() {
        StringBuilder sb = new StringBuilder("gc: objects in each generation:");
        for (int i = 0; i < NUM_GENERATIONS; i++) {
            sb.append(' ').append(e.listSize(genHead(i)));
        }
        sb.append("\ngc: objects in permanent generation: ")
                .append(e.listSize(HeapEngine.PERMANENT)).append('\n');
        debugOut(sb.toString());
    }

    private void validateOrThrow(String when) {
        List<String> problems = new ArrayList<>();
        e.validate(problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("heap invariants violated " + when + ":\n  "
                    + String.join("\n  ", problems));
        }
    }

    void validateCounts(List<String> out) {
        for (int i = 0; i < NUM_GENERATIONS; i++) {
            if (count[i] < 0) {
                out.add("generation " + i + " count is negative: " + count[i]);
            }
        }
    }

    // =====================================================================
    // The gc module's other functions
    // =====================================================================

    int[] getCount() {
        return count.clone();
    }

    int[] getThreshold() {
        return threshold.clone();
    }

    void setThreshold(int t0, int t1, int t2) {
        threshold[0] = t0;
        threshold[1] = t1;
        threshold[2] = t2;
    }

    /** gc.get_objects. */
    int[] getObjects(int generation) {
        if (generation >= NUM_GENERATIONS) {
            throw new IllegalArgumentException("generation parameter must be less than the number of "
                    + "available generations (" + NUM_GENERATIONS + ")");
        }
        if (generation < -1) {
            throw new IllegalArgumentException("generation parameter cannot be negative");
        }
        if (generation != -1) {
            return e.listToArray(genHead(generation));
        }
        IntList out = new IntList(64);
        for (int i = 0; i < NUM_GENERATIONS; i++) {
            int head = genHead(i);
            for (int h = e.gcNext[head]; h != head; h = e.gcNext[h]) {
                out.add(h);
            }
        }
        return out.toArray();
    }

    /** gc.get_referrers: tracked objects of generations 0-2 referring to any target. */
    int[] getReferrers(int[] targets) {
        int[] sorted = targets.clone();
        Arrays.sort(sorted);
        IntList out = new IntList(16);
        boolean[] hit = new boolean[1];
        ReferenceVisitor v = r -> {
            if (Arrays.binarySearch(sorted, r) >= 0) {
                hit[0] = true;
            }
        };
        for (int i = 0; i < NUM_GENERATIONS; i++) {
            int head = genHead(i);
            for (int h = e.gcNext[head]; h != head; h = e.gcNext[h]) {
                hit[0] = false;
                e.traverse(h, v);
                if (hit[0]) {
                    out.add(h);
                }
            }
        }
        return out.toArray();
    }

    /** gc.get_referents: what each GC object among {@code objects} refers to. */
    int[] getReferents(int[] objects) {
        IntList out = new IntList(16);
        for (int h : objects) {
            e.checkAlive(h, 0);
            if ((e.info[h] & HeapEngine.F_GC) == 0) {
                continue;
            }
            e.traverse(h, r -> {
                if (r != Heap.NULL) {
                    out.add(r);
                }
            });
        }
        return out.toArray();
    }

    /** gc.freeze. */
    void freeze() {
        for (int i = 0; i < NUM_GENERATIONS; i++) {
            int head = genHead(i);
            for (int h = e.gcNext[head]; h != head; h = e.gcNext[h]) {
                e.info[h] |= HeapEngine.F_FROZEN;
                e.frozenCount++;
            }
            e.listMerge(head, HeapEngine.PERMANENT);
            count[i] = 0;
        }
    }

    /** gc.unfreeze. */
    void unfreeze() {
        int head = HeapEngine.PERMANENT;
        for (int h = e.gcNext[head]; h != head; h = e.gcNext[h]) {
            e.info[h] &= ~HeapEngine.F_FROZEN;
        }
        e.frozenCount = 0;
        e.listMerge(HeapEngine.PERMANENT, genHead(NUM_GENERATIONS - 1));
    }

    int getFreezeCount() {
        return (int) e.frozenCount;
    }

    GenerationStats[] getStats() {
        GenerationStats[] out = new GenerationStats[NUM_GENERATIONS];
        for (int i = 0; i < NUM_GENERATIONS; i++) {
            out[i] = new GenerationStats(statCollections[i], statCollected[i], statUncollectable[i]);
        }
        return out;
    }
}
