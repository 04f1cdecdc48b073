package org.refgc.core.property;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deliberately simple model of what CPython 3.12 does with a graph of objects: plain Java
 * objects, hash maps and a tracing pass, with none of core's data structures or tricks.
 *
 * <p>The model is driven with the same operations as the heap under test and predicts, after
 * each one, which objects are alive, every refcount, every generation, the collector's counts,
 * which weakrefs are cleared, how many times each finalizer ran, and what {@code collect}
 * returns. The property tests compare the heap with it after every step.
 *
 * <p>Semantics modelled (each stated in CPython's terms):
 * <ol>
 *   <li>The refcount is the number of counted references: the test's own references (its
 *       "roots", {@link MObj#external}) plus one per edge slot of a live object pointing at it.
 *       Weakrefs do not count.</li>
 *   <li>At refcount zero (subtype_dealloc): a PEP 442 finalizer runs once if the object has
 *       one and was never finalized; if it resurrects the object, deallocation stops there
 *       (weakrefs are not cleared). Otherwise weakrefs to it are cleared, its edges are
 *       released (which may free more objects), and it is freed; freeing a GC object
 *       decrements the gen0 count if positive (PyObject_GC_Del).</li>
 *   <li>{@code collect(g)} (gc_collect_main): bump count[g+1], zero counts 0..g, merge
 *       generations 0..g; the unreachable set U is what cannot be traced from objects whose
 *       refcount exceeds their references from inside the young set; survivors move to g+1
 *       (long_lived_pending / long_lived_total updated as CPython does); weakrefs to U are
 *       cleared; finalizers of U run (each object at most once); objects of U reachable again
 *       are resurrected into the old generation; the rest (FU) are freed, and the return value
 *       is |FU| (no legacy finalizers or weakref callbacks are modelled).</li>
 *   <li>Automatic collection (_PyObject_GC_Link, _Py_RunGC, gc_collect_generations):
 *       allocation of a GC object schedules a collection when count[0] &gt; threshold[0], the
 *       collector is enabled and threshold[0] is non-zero; the next safe point runs the oldest
 *       generation whose count exceeds its threshold, gen2 only when long_lived_pending &gt;=
 *       long_lived_total / 4.</li>
 *   <li>An object resurrected by its finalizer during deallocation is back in gen0
 *       (subtype_dealloc re-tracks it before calling the finalizer).</li>
 * </ol>
 * Finalizers here only ever touch their own object: a resurrecting finalizer takes one new
 * external reference to itself. So the outcome does not depend on the order in which
 * objects are finalized or freed.
 */
final class ReferenceModel {

    /** What an object is, as far as the model cares. */
    enum Kind { NODE, ATOM, WEAKREF, TUPLE }

    /** One object of the model. */
    static final class MObj {
        final int handle;
        final Kind kind;
        final boolean gc;
        /** Edge slots; 0 is an empty slot. Counted references. */
        final int[] slots;
        /** References held by the test itself. */
        int external;
        int refcount;
        int generation;
        final boolean hasFinalizer;
        final boolean resurrects;
        /** Has a legacy finalizer (tp_del): cyclic trash reaching it is uncollectable. */
        boolean legacy;
        /** Tracked by the collector (GC objects start tracked; tuples may be untracked). */
        boolean tracked;
        /** Has a tp_clear (tuples have none). */
        boolean hasClear = true;
        boolean finalized;
        int finalizeCalls;
        /** For weakrefs: the referent, or 0 once cleared. A weakref's slot 0 is its callback. */
        int referent;
        /** Releases its slots last to first at deallocation and tp_clear (a list); else first to last. */
        boolean releaseReversed;
        /** Creation order (weakref list order: newer callback-bearing weakrefs come first). */
        long seq;

        MObj(int handle, Kind kind, boolean gc, int slots, boolean hasFinalizer, boolean resurrects) {
            this.handle = handle;
            this.kind = kind;
            this.gc = gc;
            this.slots = new int[slots];
            this.hasFinalizer = hasFinalizer;
            this.resurrects = resurrects;
        }
    }

    /** The permanent generation of gc.freeze(). */
    static final int PERMANENT = 3;

    /**
     * Coverage counters over all models of a run (single-threaded test use): automatic
     * collections of generation 0, 1, 2; gen2 collections deferred by the long-lived rule;
     * collections that freed something; finalizers run; resurrections; weakrefs cleared;
     * weakref callbacks run at deallocation; weakref callbacks run by the collector;
     * tuples untracked; objects appended to gc.garbage.
     */
    static final long[] STATS = new long[12];

    final Map<Integer, MObj> live = new LinkedHashMap<>();
    /** Handles whose finalizer ran since the last {@link #drainFinalized()}. */
    private final List<Integer> finalizedNow = new ArrayList<>();
    /** Handles freed since the last {@link #drainFreed()}. */
    private final List<Integer> freed = new ArrayList<>();
    /** Weakref callbacks run since the last {@link #drainCallbacks()}: pairs (callback, weakref). */
    private final List<int[]> callbacksNow = new ArrayList<>();
    /** Legacy finalizers run since the last {@link #drainLegacy()}. */
    private final List<Integer> legacyNow = new ArrayList<>();
    /** gc.garbage: each entry holds a counted reference. */
    final List<Integer> garbage = new ArrayList<>();
    /** DEBUG_SAVEALL. */
    boolean saveAll;
    /** Deepest nesting of deallocations since reset. */
    int maxDepth;
    /** Deepest trashcan nesting since reset. */
    int maxNesting;
    static final int TRASH_UNWIND_LEVEL = 50;
    private int trashNesting;
    private final ArrayDeque<MObj> deleteLater = new ArrayDeque<>();
    private long nextSeq;
    /** Objects whose deallocation began (which takes them off their gc list), during a collection. */
    private final Set<MObj> deallocStarted = new HashSet<>();
    final int[] count = new int[3];
    final int[] threshold = {700, 10, 10};
    long longLivedPending;
    long longLivedTotal;
    boolean enabled = true;
    boolean scheduled;

    MObj get(int h) {
        MObj o = live.get(h);
        if (o == null) {
            throw new IllegalStateException("model has no live object " + h);
        }
        return o;
    }

    List<Integer> drainFinalized() {
        List<Integer> out = new ArrayList<>(finalizedNow);
        finalizedNow.clear();
        return out;
    }

    List<Integer> drainFreed() {
        List<Integer> out = new ArrayList<>(freed);
        freed.clear();
        return out;
    }

    List<Integer> drainLegacy() {
        List<Integer> out = new ArrayList<>(legacyNow);
        legacyNow.clear();
        return out;
    }

    /** del gc.garbage[:] : drops the list's references, in list order. */
    void clearGarbage() {
        List<Integer> g = new ArrayList<>(garbage);
        garbage.clear();
        for (int h : g) {
            decref(get(h));
        }
    }

    List<int[]> drainCallbacks() {
        List<int[]> out = new ArrayList<>(callbacksNow);
        callbacksNow.clear();
        return out;
    }

    // ---------------------------------------------------------------- mutations

    /** A new object with refcount 1, held by the test. */
    MObj allocate(int handle, Kind kind, boolean gc, int slots, boolean hasFinalizer, boolean resurrects) {
        if (live.containsKey(handle)) {
            throw new IllegalStateException("handle " + handle + " is already live in the model");
        }
        MObj o = new MObj(handle, kind, gc, slots, hasFinalizer, resurrects);
        o.external = 1;
        o.refcount = 1;
        o.seq = nextSeq++;
        o.tracked = gc;
        live.put(handle, o);
        if (gc) {
            linkGc();
        }
        return o;
    }

    /** A weakref object to {@code referent}, refcount 1, held by the test; it holds {@code callback} (or 0). */
    MObj newWeakRef(int handle, boolean gc, int referent, int callback) {
        get(referent); // must be live
        MObj w = allocate(handle, Kind.WEAKREF, gc, 1, false, false);
        w.referent = referent;
        if (callback != 0) {
            setSlot(handle, 0, callback);
        }
        return w;
    }

    private void linkGc() {
        count[0]++;
        if (count[0] > threshold[0] && enabled && threshold[0] != 0) {
            scheduled = true;
        }
    }

    void increfExternal(int h) {
        MObj o = get(h);
        o.external++;
        o.refcount++;
    }

    void decrefExternal(int h) {
        MObj o = get(h);
        if (o.external <= 0) {
            throw new IllegalStateException("test holds no reference to " + h);
        }
        o.external--;
        decref(o);
    }

    /** Stores {@code target} (which gains a reference) into an empty slot of {@code holder}. */
    void setThreshold(int t0, int t1, int t2) {
        threshold[0] = t0;
        threshold[1] = t1;
        threshold[2] = t2;
    }

    void setSlot(int holder, int slot, int target) {
        MObj h = get(holder);
        if (h.slots[slot] != 0) {
            throw new IllegalStateException("slot not empty");
        }
        MObj t = get(target);
        t.refcount++;
        h.slots[slot] = target;
    }

    /** Empties a slot, dropping its reference. */
    void clearSlot(int holder, int slot) {
        MObj h = get(holder);
        int t = h.slots[slot];
        if (t == 0) {
            throw new IllegalStateException("slot already empty");
        }
        h.slots[slot] = 0;
        decref(get(t));
    }

    /** Drops one reference to {@code o}; deallocates what reaches zero. */
    private void decref(MObj o) {
        decref(o, 1);
    }

    private void decref(MObj o, int depth) {
        o.refcount--;
        if (o.refcount < 0) {
            throw new IllegalStateException("model refcount below zero for " + o.handle);
        }
        if (o.refcount == 0) {
            dealloc(o, depth);
        }
    }

    /**
     * subtype_dealloc / list_dealloc / tupledealloc / weakref_dealloc, depth first as
     * CPython's nested C calls are, with the trashcan (_PyTrash_begin/_PyTrash_end) for
     * containers.
     */
    private void dealloc(MObj d, int depth) {
        maxDepth = Math.max(maxDepth, depth);
        deallocStarted.add(d); // untracked: off whatever gc list it was on
        // Py_TRASHCAN_BEGIN (containers: subtype_dealloc, list_dealloc, tupledealloc; one level
        // per object): 50 nested deallocations deep, the object is deposited for later.
        boolean trashcan = d.kind == Kind.NODE || d.kind == Kind.TUPLE;
        if (trashcan) {
            if (trashNesting >= TRASH_UNWIND_LEVEL) {
                deleteLater.push(d);
                return;
            }
            trashNesting++;
            maxNesting = Math.max(maxNesting, trashNesting);
        }
        deallocBody(d, depth);
        // Py_TRASHCAN_END: the outermost deallocation destroys what was deposited, newest first.
        if (trashcan) {
            trashNesting--;
            if (trashNesting <= 0 && !deleteLater.isEmpty()) {
                trashNesting++;
                while (!deleteLater.isEmpty()) {
                    dealloc(deleteLater.pop(), 1);
                }
                trashNesting--;
            }
        }
    }

    private void deallocBody(MObj d, int depth) {
        if (d.hasFinalizer && !d.finalized) {
            runFinalizer(d);
            if (d.refcount > 0) {
                // Resurrected: dealloc stops before weakrefs are cleared. subtype_dealloc
                // re-tracked the object before calling the finalizer, so it is in gen0.
                d.generation = 0;
                return;
            }
        }
        clearWeakRefsTo(d.handle, depth);
        if (d.legacy) {
            legacyNow.add(d.handle); // tp_del; ours never resurrects
        }
        free(d);
        releaseSlots(d, depth);
    }

    /** Drops every reference in {@code d}'s slots, in its type's order. */
    private void releaseSlots(MObj d, int depth) {
        int n = d.slots.length;
        for (int k = 0; k < n; k++) {
            int i = d.releaseReversed ? n - 1 - k : k;
            int t = d.slots[i];
            if (t != 0) {
                d.slots[i] = 0;
                MObj tt = live.get(t);
                if (tt == null) {
                    throw new IllegalStateException("slot of " + d.handle + " refers to dead " + t);
                }
                decref(tt, depth + 1);
            }
        }
    }

    /** gc.freeze(): every tracked object to the permanent generation (3); all counts zeroed. */
    void freeze() {
        for (MObj o : live.values()) {
            if (o.tracked) {
                o.generation = PERMANENT;
            }
        }
        java.util.Arrays.fill(count, 0);
    }

    /** gc.unfreeze(): the permanent generation merges into the oldest one. */
    void unfreeze() {
        for (MObj o : live.values()) {
            if (o.generation == PERMANENT) {
                o.generation = 2;
            }
        }
    }

    private void runFinalizer(MObj o) {
        STATS[5]++;
        STATS[6] += o.resurrects ? 1 : 0;
        finalizedNow.add(o.handle);
        o.finalized = true;
        o.finalizeCalls++;
        if (o.resurrects) {
            o.external++;
            o.refcount++;
        }
    }

    /**
     * PyObject_ClearWeakRefs: clears every weakref to {@code referent}; then calls the callbacks
     * of those that have one, in list order (newest first), each weakref giving up its
     * reference to its callback; then drops those references.
     */
    private void clearWeakRefsTo(int referent, int depth) {
        List<MObj> wrs = new ArrayList<>();
        for (MObj w : live.values()) {
            if (w.kind == Kind.WEAKREF && w.referent == referent) {
                wrs.add(w);
            }
        }
        if (wrs.isEmpty()) {
            return;
        }
        wrs.sort((a, b) -> Long.compare(b.seq, a.seq));
        List<Integer> callbacks = new ArrayList<>();
        for (MObj w : wrs) {
            w.referent = 0;
            STATS[7]++;
            int cb = w.slots[0];
            if (cb != 0) {
                w.slots[0] = 0;
                callbacks.add(cb);
                callbacksNow.add(new int[] {cb, w.handle});
                STATS[8]++;
            }
        }
        for (int cb : callbacks) {
            decref(get(cb), depth + 1);
        }
    }

    private void free(MObj o) {
        live.remove(o.handle);
        freed.add(o.handle);
        if (o.gc && count[0] > 0) {
            count[0]--;
        }
    }

    // ---------------------------------------------------------------- collector

    /** gc.collect(generation): returns what CPython returns (n + m). */
    long collect(int generation) {
        if (generation + 1 < 3) {
            count[generation + 1]++;
        }
        for (int i = 0; i <= generation; i++) {
            count[i] = 0;
        }
        List<MObj> young = new ArrayList<>();
        for (MObj o : live.values()) {
            if (o.tracked && o.generation <= generation) {
                young.add(o);
            }
        }
        deallocStarted.clear();
        Set<MObj> unreachable = deduceUnreachable(young);
        int old = Math.min(generation + 1, 2);
        int survivors = young.size() - unreachable.size();
        // untrack_tuples: reachable tuples holding nothing that may be tracked
        for (MObj o : young) {
            if (o.kind == Kind.TUPLE && !unreachable.contains(o) && !mayHoldTracked(o)) {
                o.tracked = false;
                survivors--;
                STATS[10]++;
            }
        }
        for (MObj o : young) {
            if (!unreachable.contains(o)) {
                o.generation = old;
            }
        }
        if (generation == 1) {
            longLivedPending += survivors;
        } else if (generation == 2) {
            longLivedPending = 0;
            longLivedTotal = survivors;
        }
        // move_legacy_finalizers, move_legacy_finalizer_reachable: trash with a legacy
        // finalizer, and all the trash it reaches, is uncollectable; it moves to the old
        // generation, and gc.garbage gets the objects with a legacy finalizer (all of them
        // under DEBUG_SAVEALL).
        Set<MObj> legacyReachable = new java.util.LinkedHashSet<>();
        ArrayDeque<MObj> work = new ArrayDeque<>();
        for (MObj o : unreachable) {
            if (o.legacy && legacyReachable.add(o)) {
                work.add(o);
            }
        }
        while (!work.isEmpty()) {
            MObj o = work.poll();
            for (int t : o.slots) {
                MObj tt = t == 0 ? null : live.get(t);
                if (tt != null && unreachable.contains(tt) && legacyReachable.add(tt)) {
                    work.add(tt);
                }
            }
        }
        unreachable.removeAll(legacyReachable);

        // handle_weakrefs: every weakref that is itself unreachable, and every weakref to an
        // unreachable object, is cleared; those of the latter that have a callback and are not
        // trash themselves get their callback called, and keep it.
        List<MObj> toCall = new ArrayList<>();
        for (MObj w : live.values()) {
            if (w.kind == Kind.WEAKREF && w.referent != 0
                    && (unreachable.contains(w) || unreachable.contains(live.get(w.referent)))) {
                w.referent = 0;
                STATS[7]++;
                if (!unreachable.contains(w) && w.slots[0] != 0) {
                    toCall.add(w);
                }
            }
        }
        for (MObj w : toCall) {
            // The weakref goes to wrcb_to_call and then to the old generation: if it was on
            // the legacy finalizers list, it is no longer (nor counted as uncollectable).
            if (legacyReachable.remove(w)) {
                w.generation = old;
            }
            callbacksNow.add(new int[] {w.slots[0], w.handle});
            STATS[9]++;
        }
        // finalize_garbage
        for (MObj o : unreachable) {
            if (o.hasFinalizer && !o.finalized) {
                runFinalizer(o);
            }
        }
        // handle_resurrected_objects
        List<MObj> candidates = new ArrayList<>(unreachable);
        Set<MObj> still = deduceUnreachable(candidates);
        for (MObj o : candidates) {
            if (!still.contains(o)) {
                o.generation = old;
            }
        }
        // delete_garbage: tp_clear on each object still alive, which drops its references;
        // the trash then dies of refcounting (finalizers already ran, weakrefs are cleared).
        // Under DEBUG_SAVEALL it all goes to gc.garbage instead.
        long m = still.size();
        if (saveAll) {
            for (MObj o : still) {
                o.refcount++;
                garbage.add(o.handle);
                o.generation = old;
            }
            still.clear();
        }
        for (MObj o : still) {
            if (live.get(o.handle) != o) {
                continue;
            }
            o.refcount++;
            if (o.hasClear) {
                releaseSlots(o, 1);
            }
            decref(o, 1); // it may live on until trash that refers to it is cleared
        }
        for (MObj o : still) {
            if (live.get(o.handle) == o) {
                throw new IllegalStateException("trash " + o.handle + " survived delete_garbage");
            }
        }
        if (m > 0) {
            STATS[4]++;
        }
        // The uncollectable objects are counted after delete_garbage: those that only trash
        // referred to have been deallocated meanwhile (tp_del and all), which took them off
        // the finalizers list, even if a finalizer resurrected them (they are in gen0 then).
        legacyReachable.removeIf(o -> deallocStarted.contains(o));
        long n = legacyReachable.size();
        // handle_legacy_finalizers
        for (MObj o : legacyReachable) {
            if (saveAll || o.legacy) {
                o.refcount++;
                garbage.add(o.handle);
                STATS[11]++;
            }
            o.generation = old;
        }
        return n + m;
    }

    /** Whether any referent may be tracked (_PyObject_GC_MAY_BE_TRACKED): a GC non-tuple, or a tracked tuple. */
    private boolean mayHoldTracked(MObj o) {
        for (int t : o.slots) {
            MObj e = t == 0 ? null : live.get(t);
            if (e != null && e.gc && (e.kind != Kind.TUPLE || e.tracked)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The part of {@code set} not reachable from outside it: gc_refs = refcount minus the
     * references from inside the set; trace from objects with gc_refs &gt; 0.
     */
    private Set<MObj> deduceUnreachable(List<MObj> set) {
        Map<MObj, Integer> gcRefs = new HashMap<>();
        for (MObj o : set) {
            gcRefs.put(o, o.refcount);
        }
        for (MObj o : set) {
            for (int t : o.slots) {
                if (t != 0) {
                    MObj tt = live.get(t);
                    gcRefs.computeIfPresent(tt, (k, v) -> v - 1);
                }
            }
        }
        Set<MObj> reached = new HashSet<>();
        ArrayDeque<MObj> work = new ArrayDeque<>();
        for (MObj o : set) {
            if (gcRefs.get(o) > 0 && reached.add(o)) {
                work.add(o);
            }
        }
        while (!work.isEmpty()) {
            MObj o = work.poll();
            for (int t : o.slots) {
                if (t != 0) {
                    MObj tt = live.get(t);
                    if (gcRefs.containsKey(tt) && reached.add(tt)) {
                        work.add(tt);
                    }
                }
            }
        }
        Set<MObj> unreachable = new java.util.LinkedHashSet<>();
        for (MObj o : set) {
            if (!reached.contains(o)) {
                unreachable.add(o);
            }
        }
        return unreachable;
    }

    /** _Py_RunGC at a safe point, if a collection was scheduled; returns the generation run or -1. */
    int safePoint() {
        if (!scheduled) {
            return -1;
        }
        scheduled = false;
        if (!enabled) {
            return -1;
        }
        for (int i = 2; i >= 0; i--) {
            if (count[i] > threshold[i]) {
                if (i == 2 && longLivedPending < longLivedTotal / 4) {
                    STATS[3]++;
                    continue;
                }
                STATS[i]++;
                collect(i);
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- queries

    /** Objects reachable from the test's own references (the roots), by tracing. */
    Set<Integer> reachableFromRoots() {
        Set<Integer> seen = new HashSet<>();
        ArrayDeque<MObj> work = new ArrayDeque<>();
        for (MObj o : live.values()) {
            if (o.external > 0 && seen.add(o.handle)) {
                work.add(o);
            }
        }
        while (!work.isEmpty()) {
            MObj o = work.poll();
            for (int t : o.slots) {
                if (t != 0 && seen.add(t)) {
                    work.add(get(t));
                }
            }
        }
        return seen;
    }

    /** Refcount recomputed from scratch: external references plus live in-edges. */
    Map<Integer, Integer> countedReferences() {
        Map<Integer, Integer> rc = new HashMap<>();
        for (MObj o : live.values()) {
            rc.merge(o.handle, o.external, Integer::sum);
            for (int t : o.slots) {
                if (t != 0) {
                    rc.merge(t, 1, Integer::sum);
                }
            }
        }
        return rc;
    }

    int weakRefCount(int referent) {
        int n = 0;
        for (MObj w : live.values()) {
            if (w.kind == Kind.WEAKREF && w.referent == referent) {
                n++;
            }
        }
        return n;
    }
}
