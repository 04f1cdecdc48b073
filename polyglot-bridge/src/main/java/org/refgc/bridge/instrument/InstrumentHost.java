package org.refgc.bridge.instrument;

import java.util.BitSet;

import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.refgc.bridge.adapter.ObjectAdapter;
import org.refgc.core.Heap;

/**
 * The heap primitives of the instrumenting compiler's runtime ({@code refgc_backend.JavaHeap}),
 * one host call each, on the context's heap and adapter (the same objects the {@code gc},
 * {@code sys} and {@code _weakref} modules see).
 *
 * <p>Objects are named by {@code id()}. Objects the heap does not know, and objects adopted as
 * externally referenced by the adapter, are "untracked": primitives on them do nothing (and, with
 * the zombie detector on, a use of an object refgc freed is counted).
 *
 * <h2>Pins</h2>
 * A pinned object flowed into opaque code, which may keep it: it gets one extra heap reference
 * that is never dropped, so it is an external root (never freed, never collected), and so is
 * everything it reaches. {@link #count} leaves that reference out, so {@code sys.getrefcount}
 * stays CPython's.
 */
public final class InstrumentHost {
    private final Heap heap;
    private final ObjectAdapter adapter;
    private final BitSet pinned = new BitSet();
    private long pins;
    /** Counters for {@code --stats}: track calls that counted, new heap objects, objects freed. */
    private long trackCalls;
    private long newObjects;
    private long freed;

    /**
     * @param heap    the context's heap
     * @param adapter the adapter of that heap
     */
    public InstrumentHost(Heap heap, ObjectAdapter adapter) {
        this.heap = heap;
        this.adapter = adapter;
        adapter.setFreeListener(h -> freed++);
        // instrumented code counts gc.garbage's references like any list's
        adapter.handGarbageToPython();
    }

    private int handle(long id) {
        int h = adapter.handleOf(id);
        if (h == Heap.NULL) {
            if (adapter.isZombieDetection() && adapter.isZombie(id)) {
                adapter.recordZombieUse();
            }
            return Heap.NULL;
        }
        return adapter.isExternal(h) ? Heap.NULL : h;
    }

    /**
     * Starts counting a new object (or adds {@code count} to one already counted).
     *
     * @param count     the references the caller owns
     * @param gcUntrack a dict of atomic values: not GC-tracked at first, as {@code PyDict_New}
     * @param holdsClass an instance of an instrumented class: the caller counted its reference to
     *                  the class, which its deallocation releases
     * @return the handle, or 0 if the object is externally referenced (left untracked)
     */
    @HostAccess.Export
    public int track(Value obj, long id, Value type, long typeId, int count, boolean gcUntrack,
                     boolean holdsClass) {
        int h = adapter.handleOf(id);
        if (h != Heap.NULL) {
            if (adapter.isExternal(h)) {
                return Heap.NULL;
            }
            for (int i = 0; i < count; i++) {
                heap.incref(h);
            }
            trackCalls++;
            return h;
        }
        h = adapter.track(obj, id, type, typeId);
        trackCalls++;
        newObjects++;
        if (holdsClass) {
            int c = handle(typeId);
            if (c != Heap.NULL) {
                adapter.setClassOf(h, c);
            }
        }
        for (int i = 1; i < count; i++) {
            heap.incref(h);
        }
        if (gcUntrack) {
            heap.untrack(h);
        }
        if (heap.isCollectionPending()) {
            heap.safePoint(); // CPython 3.12 runs the scheduled collection at the next eval breaker
        }
        return h;
    }

    /**
     * Sets the parts of an object: references held by CPython objects that have no stable Python
     * identity here (see {@link ObjectAdapter#setParts}), counted by the caller, reported by
     * traversal after the object's own referents and released in that order when it dies.
     *
     * @param id        the owner's {@code id()}
     * @param ids       the parts' {@code id()}s in traverse order (unknown ones are skipped)
     * @param clearMode what tp_clear does with them ({@link ObjectAdapter#CLEAR_ALL_PARTS}, ...)
     */
    @HostAccess.Export
    public void setParts(long id, Value ids, int clearMode) {
        int h = handle(id);
        if (h == Heap.NULL) {
            return;
        }
        int n = (int) ids.getArraySize();
        int[] refs = new int[n];
        for (int i = 0; i < n; i++) {
            long r = ids.getArrayElement(i).asLong();
            refs[i] = r == 0 ? Heap.NULL : handle(r);
        }
        adapter.setParts(h, refs, clearMode);
    }

    /**
     * Fills slot {@code i} of an object's parts (see {@link #setParts}), creating them if it has
     * none (a function's {@code __dict__} made after the function); {@code partId} 0 empties
     * the slot (an exception's {@code __context__} set to None).
     */
    @HostAccess.Export
    public void setPart(long id, int i, long partId, int clearMode) {
        int h = handle(id);
        int p = partId == 0 ? Heap.NULL : handle(partId);
        if (h != Heap.NULL && (p != Heap.NULL || partId == 0)) {
            adapter.setPart(h, i, p, clearMode);
        }
    }

    /** @return slot {@code i} of the object's parts (the Python object), or null */
    @HostAccess.Export
    public Value part(long id, int i) {
        int h = handle(id);
        if (h == Heap.NULL) {
            return null;
        }
        int[] p = adapter.parts(h);
        if (p == null || i >= p.length || p[i] == Heap.NULL || !heap.isAlive(p[i])) {
            return null;
        }
        return adapter.object(p[i]);
    }

    /** @return the adapter's Python half (the namespace of {@code support.py}) */
    @HostAccess.Export
    public Value support() {
        return adapter.support().namespace();
    }

    /** @return whether the object is counted (then it was increfed) */
    @HostAccess.Export
    public boolean inc(long id) {
        int h = handle(id);
        if (h == Heap.NULL) {
            return false;
        }
        heap.incref(h);
        return true;
    }

    /** @return whether the object is counted (then it was decrefed, and may be freed) */
    @HostAccess.Export
    public boolean dec(long id) {
        int h = handle(id);
        if (h == Heap.NULL) {
            return false;
        }
        heap.decref(h);
        return true;
    }

    /**
     * MAINTAIN_TRACKING of insertdict: a dict the collector does not track starts being tracked
     * when a value that may be tracked is stored in it.
     *
     * @return true if the dict is (now) tracked by the collector
     */
    @HostAccess.Export
    public boolean maintainTracking(long dictId, long valueId) {
        int d = adapter.handleOf(dictId);
        if (d == Heap.NULL || adapter.isExternal(d)) {
            return true;
        }
        if (heap.isTracked(d)) {
            return true;
        }
        int v = adapter.handleOf(valueId);
        if (v != Heap.NULL && !adapter.isExternal(v) && !heap.mayBeTracked(v)) {
            return false;
        }
        heap.track(d);
        return true;
    }

    /** @return whether the heap counts the object's references */
    @HostAccess.Export
    public boolean tracked(long id) {
        int h = adapter.handleOf(id);
        return h != Heap.NULL && !adapter.isExternal(h);
    }

    /** @return the object's count without its pin, or -1 if untracked */
    @HostAccess.Export
    public long count(long id) {
        int h = adapter.handleOf(id);
        if (h == Heap.NULL || adapter.isExternal(h)) {
            return -1;
        }
        return heap.refcount(h) - (pinned.get(h) ? 1 : 0);
    }

    /** Pins the object and everything it reaches (see class doc). */
    @HostAccess.Export
    public void pin(long id) {
        int h = handle(id);
        if (h != Heap.NULL && !pinned.get(h)) {
            heap.incref(h);
            pinClosure(h);
        }
    }

    /**
     * Pins the object with a reference the caller hands over (a reference given to opaque code
     * that may keep it): that reference becomes the pin, or is dropped if already pinned.
     */
    @HostAccess.Export
    public void pinHolding(long id) {
        int h = handle(id);
        if (h == Heap.NULL) {
            return;
        }
        if (pinned.get(h)) {
            heap.decref(h);
        } else {
            pinClosure(h);
        }
    }

    // h carries its pin reference already; marks it and pins what it reaches.
    private void pinClosure(int h) {
        pinned.set(h);
        pins++;
        int[] todo = {h};
        int n = 1;
        while (n > 0) {
            int x = todo[--n];
            for (int r : heap.getReferents(x)) {
                if (!pinned.get(r) && heap.isAlive(r) && !adapter.isExternal(r)) {
                    pinned.set(r);
                    pins++;
                    heap.incref(r);
                    if (n == todo.length) {
                        todo = java.util.Arrays.copyOf(todo, n * 2);
                    }
                    todo[n++] = r;
                }
            }
        }
    }

    /**
     * An iterator's result tuple reused in place: its one reference is dropped (releasing its
     * items in order) and the object is no longer counted; Python keeps using it, which is not a
     * zombie use.
     */
    @HostAccess.Export
    public void recycle(long id) {
        int h = handle(id);
        if (h != Heap.NULL) {
            heap.decref(h);
            if (!heap.isAlive(h) || adapter.handleOf(id) != h) {
                adapter.forgetFreed(id);
            }
        }
    }

    /** Runs a pending automatic collection. */
    @HostAccess.Export
    public long safePoint() {
        return heap.safePoint();
    }

    /** @return objects pinned so far */
    @HostAccess.Export
    public long pins() {
        return pins;
    }

    /** @return calls of {@link #track} that counted the object (new or known) */
    @HostAccess.Export
    public long trackCalls() {
        return trackCalls;
    }

    /** @return objects that entered the heap through {@link #track} */
    @HostAccess.Export
    public long newObjects() {
        return newObjects;
    }

    /** @return heap objects freed since this host was made (by refcounting or the collector) */
    @HostAccess.Export
    public long freed() {
        return freed;
    }

    /** @return objects the cycle collector found unreachable, all generations (gc.get_stats) */
    @HostAccess.Export
    public long collected() {
        long n = 0;
        for (org.refgc.core.GenerationStats s : heap.getStats()) {
            n += s.collected();
        }
        return n;
    }

    /** @return uses of freed objects detected so far */
    @HostAccess.Export
    public long zombieUses() {
        return adapter.zombieUses();
    }

    /** Turns the zombie detector on or off. */
    @HostAccess.Export
    public void setZombieDetection(boolean on) {
        adapter.setZombieDetection(on);
    }
}
