package org.refgc.bridge.runtime;

import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.refgc.bridge.adapter.ObjectAdapter;
import org.refgc.core.GenerationStats;
import org.refgc.core.Heap;
import org.refgc.core.WeakRefKind;

/**
 * The Java object the Python shims ({@code gc}, {@code _weakref}, {@code _refgc}, {@code sys}
 * functions) call. Exactly the {@link HostAccess.Export}ed methods are visible to Python.
 *
 * <p>Parameters are {@code long}/{@code int}/{@link Value}, the cheap host-call types
 * (DESIGN.md). Objects are named by {@code id()} or by handle; the shims raise the Python
 * exceptions (argument errors are checked in Python, so messages match CPython's).
 */
public final class RefgcHost {
    private final Heap heap;
    private final ObjectAdapter adapter;
    private int callbackMarker;

    RefgcHost(Heap heap, ObjectAdapter adapter) {
        this.heap = heap;
        this.adapter = adapter;
    }

    // ------------------------------------------------------------ identity and refcounts

    /** @return the handle of the object with this id, or 0 */
    @HostAccess.Export
    public int handle(long id) {
        return adapter.handleOf(id);
    }

    /** @return a new handle with refcount 1, or 0 if already tracked */
    @HostAccess.Export
    public int track(Value obj, long id, Value type, long typeId) {
        return adapter.track(obj, id, type, typeId);
    }

    /** @return the object's handle, adopting it as externally referenced if new */
    @HostAccess.Export
    public int adopt(Value obj, long id) {
        return adapter.adopt(obj, id);
    }

    /** @return false if the object is not in the heap */
    @HostAccess.Export
    public boolean incref(long id) {
        int h = adapter.handleOf(id);
        if (h == Heap.NULL) {
            return false;
        }
        heap.incref(h);
        return true;
    }

    /** @return false if the object is not in the heap */
    @HostAccess.Export
    public boolean decref(long id) {
        int h = adapter.handleOf(id);
        if (h == Heap.NULL) {
            return false;
        }
        heap.decref(h);
        return true;
    }

    @HostAccess.Export
    public void setZombieDetection(boolean on) {
        adapter.setZombieDetection(on);
    }

    @HostAccess.Export
    public boolean isZombieDetection() {
        return adapter.isZombieDetection();
    }

    /** @return true (and counts a use) if the object with this id was freed by refgc */
    @HostAccess.Export
    public boolean zombieUse(long id) {
        if (adapter.isZombie(id)) {
            adapter.recordZombieUse();
            return true;
        }
        return false;
    }

    @HostAccess.Export
    public boolean isZombie(long id) {
        return adapter.isZombie(id);
    }

    @HostAccess.Export
    public long zombieUses() {
        return adapter.zombieUses();
    }

    @HostAccess.Export
    public long refcount(int handle) {
        return heap.refcount(handle);
    }

    @HostAccess.Export
    public boolean isExternal(int handle) {
        return adapter.isExternal(handle);
    }

    @HostAccess.Export
    public boolean isAlive(int handle) {
        return heap.isAlive(handle);
    }

    /** @return 1 if the object may be tracked, 0 if not, -1 if the heap does not know it */
    @HostAccess.Export
    public int mayBeTrackedId(long id) {
        int h = adapter.handleOf(id);
        if (h == Heap.NULL) {
            return -1;
        }
        return heap.mayBeTracked(h) ? 1 : 0;
    }

    @HostAccess.Export
    public void gcTrack(int handle) {
        heap.track(handle);
    }

    @HostAccess.Export
    public void gcUntrack(int handle) {
        heap.untrack(handle);
    }

    @HostAccess.Export
    public void invalidateType(long typeId) {
        adapter.invalidateType(typeId);
    }

    @HostAccess.Export
    public int mappedCount() {
        return adapter.mappedCount();
    }

    @HostAccess.Export
    public Value object(int handle) {
        return adapter.object(handle);
    }

    // ------------------------------------------------------------ gc

    @HostAccess.Export
    public void enable() {
        heap.enable();
    }

    @HostAccess.Export
    public void disable() {
        heap.disable();
    }

    @HostAccess.Export
    public boolean isEnabled() {
        return heap.isEnabled();
    }

    /** gc.collect: first makes core's garbage list match the Python {@code gc.garbage}. */
    @HostAccess.Export
    public long collect(int generation) {
        syncGarbage();
        return heap.collect(generation);
    }

    @HostAccess.Export
    public long safePoint() {
        return heap.safePoint();
    }

    @HostAccess.Export
    public ProxyArray getCount() {
        return ints(heap.getCount());
    }

    @HostAccess.Export
    public ProxyArray getThreshold() {
        return ints(heap.getThreshold());
    }

    @HostAccess.Export
    public void setThreshold(int t0, int t1, int t2) {
        heap.setThreshold(t0, t1, t2);
    }

    @HostAccess.Export
    public void setDebug(int flags) {
        heap.setDebug(flags);
    }

    @HostAccess.Export
    public int getDebug() {
        return heap.getDebug();
    }

    /** @return the Python objects of the tracked handles of a generation (-1: all) */
    @HostAccess.Export
    public ProxyArray getObjects(int generation) {
        syncGarbage();
        return objects(heap.getObjects(generation));
    }

    @HostAccess.Export
    public ProxyArray getReferrers(Value handles) {
        return objects(heap.getReferrers(toInts(handles)));
    }

    @HostAccess.Export
    public void freeze() {
        heap.freeze();
    }

    @HostAccess.Export
    public void unfreeze() {
        heap.unfreeze();
    }

    @HostAccess.Export
    public int getFreezeCount() {
        return heap.getFreezeCount();
    }

    /** @return collections, collected, uncollectable for generations 0..2 */
    @HostAccess.Export
    public ProxyArray getStats() {
        GenerationStats[] s = heap.getStats();
        long[] out = new long[s.length * 3];
        for (int i = 0; i < s.length; i++) {
            out[3 * i] = s[i].collections();
            out[3 * i + 1] = s[i].collected();
            out[3 * i + 2] = s[i].uncollectable();
        }
        Object[] boxed = new Object[out.length];
        for (int i = 0; i < out.length; i++) {
            boxed[i] = out[i];
        }
        return ProxyArray.fromArray(boxed);
    }

    @HostAccess.Export
    public boolean isTracked(int handle) {
        return heap.isTracked(handle);
    }

    @HostAccess.Export
    public boolean isFinalized(int handle) {
        return heap.isFinalized(handle);
    }

    /**
     * Makes core's garbage list hold exactly the heap objects of the Python {@code gc.garbage}
     * list (as a multiset), so that {@code del gc.garbage[:]} releases them as in CPython.
     */
    @HostAccess.Export
    public void syncGarbage() {
        if (adapter.isGarbageOwnedByPython()) {
            return; // instrumented mode: the runtime counts the list's references (ObjectAdapter)
        }
        Value ids = adapter.support().garbageIdsNow();
        int n = (int) ids.getArraySize();
        java.util.HashMap<Integer, Integer> wanted = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            int h = adapter.handleOf(ids.getArrayElement(i).asLong());
            if (h != Heap.NULL) {
                wanted.merge(h, 1, Integer::sum);
            }
        }
        int[] have = heap.garbage();
        // Remove entries beyond what the Python list holds, last first so indexes stay valid.
        java.util.HashMap<Integer, Integer> seen = new java.util.HashMap<>();
        boolean[] keep = new boolean[have.length];
        for (int i = 0; i < have.length; i++) {
            int c = seen.merge(have[i], 1, Integer::sum);
            keep[i] = c <= wanted.getOrDefault(have[i], 0);
        }
        for (int i = have.length - 1; i >= 0; i--) {
            if (!keep[i]) {
                heap.removeGarbageAt(i);
            }
        }
        for (var e : wanted.entrySet()) {
            int missing = e.getValue() - seen.getOrDefault(e.getKey(), 0);
            for (int i = 0; i < missing; i++) {
                heap.addGarbage(e.getKey());
            }
        }
    }

    // ------------------------------------------------------------ sys

    @HostAccess.Export
    public long sizeOf(int handle) {
        return heap.sizeOf(handle);
    }

    @HostAccess.Export
    public long allocatedBlocks() {
        return heap.allocatedBlocks();
    }

    @HostAccess.Export
    public long liveBytes() {
        return heap.liveBytes();
    }

    // ------------------------------------------------------------ weak references

    /**
     * Creates the heap side of a weak reference.
     *
     * @param kind 0 basic ref, 1 basic proxy, 2 other (see {@link WeakRefKind})
     * @param callbackId the callback's id, or 0 for none
     */
    @HostAccess.Export
    public int newWeakRef(Value ref, long refId, Value type, long typeId, int referent, long callbackId,
                          boolean hasCallback, int kind) {
        int cb = Heap.NULL;
        if (hasCallback) {
            cb = adapter.handleOf(callbackId);
            if (cb == Heap.NULL) {
                cb = callbackMarker();
            }
        }
        return adapter.trackWeakRef(ref, refId, type, typeId, referent, cb, WeakRefKind.values()[kind]);
    }

    // Callbacks that are not heap objects are kept by the Python ref object; the heap sees this
    // one never-freed marker as their callback, so it still runs them in CPython's order.
    private int callbackMarker() {
        if (callbackMarker == Heap.NULL || !heap.isAlive(callbackMarker)) {
            callbackMarker = adapter.adopt(null, Long.MIN_VALUE);
        }
        return callbackMarker;
    }

    /** @return the handle that weak references to this object use (see ObjectAdapter#weakTarget) */
    @HostAccess.Export
    public int weakTarget(int handle) {
        return adapter.weakTarget(handle);
    }

    /** @return the referent object, or null (None) once cleared */
    @HostAccess.Export
    public Value weakRefReferent(int weakRef) {
        int r = heap.weakRefReferent(weakRef);
        return r == Heap.NULL ? null : adapter.object(r);
    }

    @HostAccess.Export
    public boolean weakRefHasCallback(int weakRef) {
        return heap.weakRefCallback(weakRef) != Heap.NULL;
    }

    @HostAccess.Export
    public int weakRefCount(int handle) {
        return heap.weakRefCount(handle);
    }

    @HostAccess.Export
    public ProxyArray weakRefs(int handle) {
        return objects(heap.weakRefs(handle));
    }

    // ------------------------------------------------------------ helpers

    private ProxyArray objects(int[] handles) {
        Object[] out = new Object[handles.length];
        int k = 0;
        for (int h : handles) {
            Value v = adapter.object(h);
            if (v != null) {
                out[k++] = v;
            }
        }
        return ProxyArray.fromArray(k == out.length ? out : java.util.Arrays.copyOf(out, k));
    }

    // Python sees a ProxyArray as a sequence whatever the context's host-access policy.
    private static ProxyArray ints(int[] values) {
        Object[] boxed = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return ProxyArray.fromArray(boxed);
    }

    private static int[] toInts(Value list) {
        int n = (int) list.getArraySize();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = list.getArrayElement(i).asInt();
        }
        return out;
    }
}
