package org.refgc.core.property;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntUnaryOperator;

import org.refgc.core.DebugFlags;
import org.refgc.core.Heap;
import org.refgc.core.IntArrayType;
import org.refgc.core.ObjectType;
import org.refgc.core.VmBinding;
import org.refgc.core.property.ReferenceModel.Kind;
import org.refgc.core.property.ReferenceModel.MObj;

/**
 * Runs {@link Op steps} on a real {@link Heap} and on the {@link ReferenceModel} side by side,
 * and checks after every step that they agree and that the heap keeps its invariants.
 *
 * <p>Checks after each step:
 * <ol>
 *   <li>model-independent: everything reachable (traced through {@link Heap#getReferents}) from
 *       the test's own references is alive; each refcount equals the references the heap can
 *       see plus the test's own ({@code HeapValidator.exactRefcountProblems}); no finalizer
 *       has run twice on one object;</li>
 *   <li>against the model: the same objects alive and freed, the same refcounts, finalized
 *       bits, tracking, generation membership, freeze count, generation counts, weakref
 *       referents and weakref counts, the same finalizers run in this step, and for
 *       {@code collect} the same return value;</li>
 *   <li>for {@code collect(2)} with no finalizer among the unreachable objects, directly: the
 *       survivors are exactly the reachable objects and the return value is the number of
 *       unreachable GC objects.</li>
 * </ol>
 * At the end of a case the test unfreezes, drops everything it holds, collects, and checks that the
 * heap is empty (no live objects or bytes) and that {@code HeapValidator.check()} passes.
 */
final class Lockstep implements TestTypes.Recorder, Profile.State {

    /** A case's heap configuration. */
    record Config(boolean validating, int capacity, int t0, int t1, int t2, boolean enabled, boolean validateEachStep) {
        @Override
        public String toString() {
            return "validating=" + validating + " capacity=" + capacity + " thresholds=" + t0 + "/" + t1 + "/" + t2
                    + " enabled=" + enabled;
        }
    }

    final Config config;
    final Heap heap;
    final ReferenceModel model = new ReferenceModel();
    final TestTypes types = new TestTypes(this);
    /** Live objects by id (serial of the allocating step), in id order. */
    final TreeMap<Integer, Integer> idToHandle = new TreeMap<>();
    private final Map<Integer, Integer> handleToId = new java.util.HashMap<>();
    private final List<Integer> finalizedNow = new ArrayList<>();
    private final List<int[]> callbacksNow = new ArrayList<>();
    private final List<Integer> legacyNow = new ArrayList<>();
    private final List<String> unraisable = new ArrayList<>();
    /** Whether the events since the last comparison came in an order CPython fixes (no collection). */
    private boolean ordered = true;
    private final IdentityHashMap<Object, Integer> finalizeCalls = new IdentityHashMap<>();
    private int steps;

    Lockstep(Config config) {
        this.config = config;
        this.heap = Heap.builder()
                .binding(new VmBinding() {
                    @Override
                    public void invokeWeakRefCallback(Heap h, int callback, int weakRef) {
                        callbacksNow.add(new int[] {callback, weakRef});
                    }

                    @Override
                    public void reportUnraisable(Heap h, Throwable error, String where) {
                        unraisable.add(where + ": " + error);
                    }
                })
                .validating(config.validating)
                .initialCapacity(config.capacity)
                .thresholds(config.t0, config.t1, config.t2)
                .enabled(config.enabled)
                .build();
        model.setThreshold(config.t0, config.t1, config.t2);
        model.enabled = config.enabled;
    }

    // ---------------------------------------------------------------- state queries for generators

    @Override
    public java.util.Collection<Integer> liveIds() {
        return idToHandle.keySet();
    }

    @Override
    public MObj obj(int id) {
        Integer h = idToHandle.get(id);
        return h == null ? null : model.live.get(h);
    }

    boolean isNode(MObj o) {
        return o != null && o.kind == Kind.NODE;
    }

    // ---------------------------------------------------------------- recorder

    @Override
    public void legacyFinalized(Heap h, int self) {
        legacyNow.add(self);
    }

    @Override
    public void finalized(Heap h, int self, Object payload, boolean resurrect) {
        finalizedNow.add(self);
        finalizeCalls.merge(payload, 1, Integer::sum);
        if (resurrect) {
            h.incref(self);
        }
    }

    // ---------------------------------------------------------------- steps

    /** Whether the step makes sense in the current state (replays skip those that don't). */
    boolean applicable(Op op) {
        return switch (op.code()) {
            case ALLOC -> op.a() != 3 || obj(op.b()) != null && (op.c() < 0 || obj(op.c()) != null);
            case COLLECT, SAFEPOINT, FREEZE, UNFREEZE, ENABLE, DEBUG, CLEAR_GARBAGE -> true;
            case WEAKREF -> isNode(obj(op.a())) && (op.b() < 0 || obj(op.b()) != null);
            case SET -> isNode(obj(op.a())) && op.b() < obj(op.a()).slots.length
                    && obj(op.a()).slots[op.b()] == 0 && obj(op.c()) != null;
            case CLEAR -> isNode(obj(op.a())) && op.b() < obj(op.a()).slots.length
                    && obj(op.a()).slots[op.b()] != 0;
            case DROP -> obj(op.a()) != null && obj(op.a()).external > 0;
            case HOLD -> obj(op.a()) != null;
        };
    }

    /** Runs one step on both sides, then checks. Throws AssertionError on any disagreement. */
    void apply(Op op) {
        // For collect(2) with nothing frozen, no debug flags and no finalizer (of either kind)
        // among the unreachable objects,
        // the outcome is checked directly as well as against the model.
        Set<Integer> reachableBefore = null;
        List<Integer> unreachableBefore = new ArrayList<>();
        long unreachableGc = 0;
        if (op.code() == Op.Code.COLLECT && op.a() == 2 && heap.getFreezeCount() == 0) {
            reachableBefore = traceFromRoots();
            boolean finalizer = false;
            for (int h : idToHandle.values()) {
                if (!reachableBefore.contains(h)) {
                    unreachableBefore.add(h);
                    finalizer |= heap.type(h).hasFinalizer() || heap.type(h).hasLegacyFinalizer();
                    unreachableGc += heap.isTracked(h) ? 1 : 0;
                }
            }
            if (finalizer || heap.getDebug() != 0) {
                reachableBefore = null;
            }
        }
        long realResult = 0;
        long modelResult = 0;
        switch (op.code()) {
            case ALLOC -> {
                if (op.a() == 3) {
                    int[] items = op.c() < 0 ? new int[] {idToHandle.get(op.b())}
                            : new int[] {idToHandle.get(op.b()), idToHandle.get(op.c())};
                    for (int e : items) {
                        heap.incref(e);
                    }
                    int h = heap.allocate(types.tuple, items);
                    MObj o = model.allocate(h, Kind.TUPLE, true, items.length, false, false);
                    for (int i = 0; i < items.length; i++) {
                        model.setSlot(h, i, items[i]);
                    }
                    o.releaseReversed = true;
                    o.hasClear = false;
                    bind(op.serial(), h);
                    break;
                }
                int h;
                Kind kind;
                TestTypes.Fin fin = TestTypes.Fin.values()[op.c()];
                if (op.a() == 0) {
                    h = heap.allocate(types.fast[fin.ordinal()], new int[op.b()]);
                    kind = Kind.NODE;
                } else if (op.a() == 1) {
                    h = heap.allocate(types.cell[fin.ordinal()], new TestTypes.Cell(op.b()));
                    kind = Kind.NODE;
                } else {
                    h = heap.allocate(types.atom, null);
                    kind = Kind.ATOM;
                }
                boolean gc = kind != Kind.ATOM;
                MObj o = model.allocate(h, kind, gc, kind == Kind.ATOM ? 0 : op.b(),
                        kind != Kind.ATOM && (fin == TestTypes.Fin.PLAIN || fin == TestTypes.Fin.RESURRECT),
                        fin == TestTypes.Fin.RESURRECT);
                o.releaseReversed = op.a() == 0;
                o.legacy = kind != Kind.ATOM && fin == TestTypes.Fin.LEGACY;
                bind(op.serial(), h);
            }
            case WEAKREF -> {
                int referent = idToHandle.get(op.a());
                int callback = op.b() < 0 ? Heap.NULL : idToHandle.get(op.b());
                int h = heap.newWeakRef(types.weakRef, null, referent, callback);
                model.newWeakRef(h, true, referent, callback);
                bind(op.serial(), h);
            }
            case SET -> {
                int holder = idToHandle.get(op.a());
                int target = idToHandle.get(op.c());
                setSlot(holder, op.b(), target);
                model.setSlot(holder, op.b(), target);
            }
            case CLEAR -> {
                int holder = idToHandle.get(op.a());
                setSlot(holder, op.b(), Heap.NULL);
                model.clearSlot(holder, op.b());
            }
            case DROP -> {
                int h = idToHandle.get(op.a());
                heap.decref(h);
                model.decrefExternal(h);
            }
            case HOLD -> {
                int h = idToHandle.get(op.a());
                heap.incref(h);
                model.increfExternal(h);
            }
            case COLLECT -> {
                realResult = heap.collect(op.a());
                modelResult = model.collect(op.a());
            }
            case SAFEPOINT -> {
                heap.safePoint();
                model.safePoint();
            }
            case FREEZE -> {
                heap.freeze();
                model.freeze();
            }
            case UNFREEZE -> {
                heap.unfreeze();
                model.unfreeze();
            }
            case DEBUG -> {
                heap.setDebug(op.a() == 1 ? DebugFlags.SAVEALL : 0);
                model.saveAll = op.a() == 1;
            }
            case CLEAR_GARBAGE -> {
                heap.clearGarbage();
                model.clearGarbage();
            }
            case ENABLE -> {
                if (op.a() == 1) {
                    heap.enable();
                    model.enabled = true;
                } else {
                    heap.disable();
                    model.enabled = false;
                }
            }
        }
        // Large states are compared on every 4th step and after every collection (what
        // diverged in between still shows: frees and finalizer runs accumulate until compared).
        steps++;
        if (op.code() == Op.Code.COLLECT || op.code() == Op.Code.SAFEPOINT || op.code() == Op.Code.CLEAR_GARBAGE) {
            ordered = false; // gc list order (and so gc.garbage's order) is not modelled
        }
        syncFreed();
        if (model.live.size() <= 48 || steps % 4 == 0 || op.code() == Op.Code.COLLECT
                || op.code() == Op.Code.SAFEPOINT && model.live.size() <= 96) {
            verify();
        }
        if (op.code() == Op.Code.COLLECT) {
            check(realResult == modelResult, "collect(" + op.a() + ") returned " + realResult
                    + ", CPython would return " + modelResult);
        }
        if (reachableBefore != null) {
            for (int h : unreachableBefore) {
                check(!heap.isAlive(h), "unreachable object " + h + " survived collect(2)");
            }
            for (int h : reachableBefore) {
                check(heap.isAlive(h), "reachable object " + h + " was freed by collect(2)");
            }
            check(realResult == unreachableGc, "collect(2) returned " + realResult + " but "
                    + unreachableGc + " tracked objects were unreachable");
        }
        if (config.validateEachStep) {
            heap.validator().check();
        }
    }

    private void bind(int id, int h) {
        check(!handleToId.containsKey(h), "allocate returned handle " + h + " which is still alive");
        idToHandle.put(id, h);
        handleToId.put(h, id);
    }

    private void setSlot(int holder, int slot, int value) {
        ObjectType t = heap.type(holder);
        if (t instanceof IntArrayType ia) {
            ia.set(heap, holder, slot, value);
        } else {
            ((TestTypes.CellType) t).set(heap, holder, slot, value);
        }
    }

    // ---------------------------------------------------------------- checks

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    /** Handles reachable from the test's own references and gc.garbage, traced through the real heap. */
    Set<Integer> traceFromRoots() {
        Set<Integer> seen = new HashSet<>();
        ArrayDeque<Integer> work = new ArrayDeque<>();
        for (MObj o : model.live.values()) {
            if (o.external > 0 && seen.add(o.handle)) {
                work.add(o.handle);
            }
        }
        for (int g : heap.garbage()) { // gc.garbage is a root too
            if (seen.add(g)) {
                work.add(g);
            }
        }
        while (!work.isEmpty()) {
            int h = work.poll();
            check(heap.isAlive(h), "object " + h + " is reachable from the roots but was freed");
            for (int r : heap.getReferents(h)) {
                if (seen.add(r)) {
                    work.add(r);
                }
            }
        }
        return seen;
    }

    /** What the model freed must be freed in the heap too; those ids are gone. */
    private void syncFreed() {
        for (int h : model.drainFreed()) {
            Integer id = handleToId.remove(h);
            idToHandle.remove(id);
            check(!heap.isAlive(h), "#" + id + " (handle " + h + ") should have been freed but is alive");
        }
    }

    /** Compares heap and model; checks the model-independent invariants. */
    void verify() {
        // 1. Model-independent.
        traceFromRoots();
        IntUnaryOperator external = h -> {
            MObj o = model.live.get(h);
            return o == null ? 0 : o.external;
        };
        List<String> problems = heap.validator().exactRefcountProblems(external);
        check(problems.isEmpty(), "refcounts differ from the counted references: " + problems);
        for (Map.Entry<Object, Integer> e : finalizeCalls.entrySet()) {
            check(e.getValue() <= 1, "a finalizer ran " + e.getValue() + " times on one object");
        }

        // 2. Against the model.
        syncFreed();
        // Finalizers and weakref callbacks: in CPython's order (depth first, trashcan included)
        // when no collection ran; else as multisets (gc list order is not modelled).
        boolean inOrder = ordered;
        ordered = true;
        List<Integer> expectFinalized = model.drainFinalized();
        List<Integer> gotFinalized = new ArrayList<>(finalizedNow);
        finalizedNow.clear();
        if (!inOrder) {
            expectFinalized.sort(null);
            gotFinalized.sort(null);
        }
        check(expectFinalized.equals(gotFinalized), "finalizers run: " + ids(gotFinalized)
                + ", expected " + ids(expectFinalized) + (inOrder ? " (in this order)" : ""));
        List<String> expectCallbacks = pairs(model.drainCallbacks(), inOrder);
        List<String> gotCallbacks = pairs(new ArrayList<>(callbacksNow), inOrder);
        callbacksNow.clear();
        check(expectCallbacks.equals(gotCallbacks), "weakref callbacks (callback, weakref) run: " + gotCallbacks
                + ", expected " + expectCallbacks + (inOrder ? " (in this order)" : ""));
        List<Integer> expectLegacy = model.drainLegacy();
        List<Integer> gotLegacy = new ArrayList<>(legacyNow);
        legacyNow.clear();
        if (!inOrder) {
            expectLegacy.sort(null);
            gotLegacy.sort(null);
        }
        check(expectLegacy.equals(gotLegacy), "legacy finalizers run: " + ids(gotLegacy)
                + ", expected " + ids(expectLegacy));
        List<Integer> expectGarbage = new ArrayList<>(model.garbage);
        List<Integer> gotGarbage = new ArrayList<>();
        for (int g : heap.garbage()) {
            gotGarbage.add(g);
        }
        expectGarbage.sort(null);
        gotGarbage.sort(null);
        check(expectGarbage.equals(gotGarbage), "gc.garbage holds " + ids(gotGarbage) + ", expected "
                + ids(expectGarbage));
        check(unraisable.isEmpty(), "unraisable errors: " + unraisable);
        List<Set<Integer>> expectGen = new ArrayList<>();
        for (int g = 0; g <= 3; g++) {
            expectGen.add(new TreeSet<>());
        }
        Map<Integer, Integer> weakRefCounts = new java.util.HashMap<>();
        for (MObj o : model.live.values()) {
            if (o.kind == Kind.WEAKREF && o.referent != 0) {
                weakRefCounts.merge(o.referent, 1, Integer::sum);
            }
        }
        for (MObj o : model.live.values()) {
            int h = o.handle;
            String name = "#" + handleToId.get(h);
            check(heap.isAlive(h), name + " was freed but is still referenced (model refcount "
                    + o.refcount + ")");
            check(heap.refcount(h) == o.refcount, name + " refcount " + heap.refcount(h)
                    + ", expected " + o.refcount);
            check(heap.isTracked(h) == o.tracked, name + " tracked=" + heap.isTracked(h) + ", expected " + o.tracked);
            check(heap.isFinalized(h) == o.finalized, name + " finalized=" + heap.isFinalized(h)
                    + ", expected " + o.finalized);
            if (o.tracked) {
                expectGen.get(o.generation).add(h);
            }
            if (o.kind == Kind.WEAKREF) {
                int ref = heap.weakRefReferent(h);
                check(ref == o.referent, name + " weakref referent " + idOf(ref) + ", expected " + idOf(o.referent));
                int cb = heap.weakRefCallback(h);
                check(cb == o.slots[0], name + " weakref callback " + idOf(cb) + ", expected " + idOf(o.slots[0]));
            } else if (o.kind == Kind.NODE) {
                int expectWeak = weakRefCounts.getOrDefault(h, 0);
                check(heap.weakRefCount(h) == expectWeak, name + " weakref count "
                        + heap.weakRefCount(h) + ", expected " + expectWeak);
            }
        }
        checkIntrospection();
        for (int g = 0; g <= 2; g++) {
            Set<Integer> got = new TreeSet<>();
            for (int h : heap.getObjects(g)) {
                got.add(h);
            }
            check(got.equals(expectGen.get(g)), "generation " + g + " holds " + ids(got)
                    + ", expected " + ids(expectGen.get(g)));
        }
        check(heap.getFreezeCount() == expectGen.get(3).size(), "freeze count " + heap.getFreezeCount()
                + ", expected " + expectGen.get(3).size());
        check(Arrays.equals(heap.getCount(), model.count), "get_count " + Arrays.toString(heap.getCount())
                + ", expected " + Arrays.toString(model.count));
        check(heap.allocatedBlocks() == model.live.size(), "allocated blocks " + heap.allocatedBlocks()
                + ", expected " + model.live.size());
    }

    /**
     * gc.get_referents: each object's counted references (a weakref's callback included),
     * with repeats; gc.get_referrers (small states only): the tracked objects of generations
     * 0-2 (not the permanent one) that refer to it, each once.
     */
    private void checkIntrospection() {
        Map<Integer, Set<Integer>> referrers = new java.util.HashMap<>();
        for (MObj o : model.live.values()) {
            List<Integer> expect = new ArrayList<>();
            for (int t : o.slots) {
                if (t != 0) {
                    expect.add(t);
                    if (o.tracked && o.generation != ReferenceModel.PERMANENT) {
                        referrers.computeIfAbsent(t, k -> new TreeSet<>()).add(o.handle);
                    }
                }
            }
            List<Integer> got = new ArrayList<>();
            for (int r : heap.getReferents(o.handle)) {
                got.add(r);
            }
            expect.sort(null);
            got.sort(null);
            check(got.equals(expect), "#" + handleToId.get(o.handle) + " get_referents " + ids(got)
                    + ", expected " + ids(expect));
        }
        if (model.live.size() > 48) {
            return;
        }
        for (MObj o : model.live.values()) {
            Set<Integer> got = new TreeSet<>();
            for (int r : heap.getReferrers(o.handle)) {
                got.add(r);
            }
            Set<Integer> expect = referrers.getOrDefault(o.handle, Set.of());
            check(got.equals(expect), "#" + handleToId.get(o.handle) + " get_referrers " + ids(got)
                    + ", expected " + ids(expect));
        }
    }

    private String idOf(int h) {
        if (h == Heap.NULL) {
            return "NULL";
        }
        Integer id = handleToId.get(h);
        return id == null ? "handle " + h : "#" + id;
    }

    private List<String> pairs(List<int[]> events, boolean inOrder) {
        List<String> out = new ArrayList<>();
        for (int[] e : events) {
            out.add("(" + idOf(e[0]) + ", " + idOf(e[1]) + ")");
        }
        if (!inOrder) {
            out.sort(null);
        }
        return out;
    }

    private String ids(java.util.Collection<Integer> handles) {
        List<String> out = new ArrayList<>();
        for (int h : handles) {
            out.add(idOf(h));
        }
        return out.toString();
    }

    /**
     * Ends the case: the test drops everything it holds (repeating while finalizers
     * resurrect), collects, and checks that nothing is left.
     */
    void finish() {
        apply(new Op(-1, Op.Code.UNFREEZE, 0, 0, 0)); // frozen objects are never collected
        apply(new Op(-1, Op.Code.DEBUG, 0, 0, 0));
        for (int round = 0; round < 500 && !model.live.isEmpty(); round++) {
            // Uncollectable cycles (legacy finalizers) are broken by hand, as a program must.
            for (int g : new TreeSet<>(model.garbage)) {
                MObj o = model.live.get(g);
                Integer id = handleToId.get(g);
                for (int i = 0; o != null && o.kind == Kind.NODE && i < o.slots.length; i++) {
                    if (o.slots[i] != 0) {
                        apply(new Op(-1, Op.Code.CLEAR, id, i, 0));
                    }
                }
            }
            apply(new Op(-1, Op.Code.CLEAR_GARBAGE, 0, 0, 0));
            for (int id : new ArrayList<>(idToHandle.keySet())) {
                MObj o = obj(id);
                while (o != null && o.external > 0) {
                    apply(new Op(-1, Op.Code.DROP, id, 0, 0));
                    o = obj(id);
                }
            }
            apply(new Op(-1, Op.Code.COLLECT, 2, 0, 0));
        }
        check(model.live.isEmpty(), "model still has live objects after cleanup");
        check(heap.allocatedBlocks() == 0, "heap still has " + heap.allocatedBlocks() + " live objects");
        check(heap.liveBytes() == 0, "heap still accounts " + heap.liveBytes() + " live bytes");
        heap.validator().check();
    }
}
