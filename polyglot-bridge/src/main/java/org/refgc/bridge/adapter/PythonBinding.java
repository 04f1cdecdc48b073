package org.refgc.bridge.adapter;

import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.refgc.core.CollectionInfo;
import org.refgc.core.CollectionListener;
import org.refgc.core.Heap;
import org.refgc.core.VmBinding;

/**
 * The heap's binding to GraalPy: weakref callbacks, unraisable errors, debug output and
 * {@code gc.garbage} go to Python exactly where CPython sends them. Also the collection listener
 * that runs {@code gc.callbacks}.
 *
 * <p>Set {@link #attach} before the heap calls anything (the heap is built first, the adapter's
 * Python half second).
 */
public final class PythonBinding implements VmBinding, CollectionListener {
    private ObjectAdapter adapter;

    /** @param adapter the adapter whose Python half receives the calls */
    public void attach(ObjectAdapter adapter) {
        this.adapter = adapter;
    }

    @Override
    public void invokeWeakRefCallback(Heap heap, int callback, int weakRef) {
        adapter.support.invokeWeakRefCallback.execute((Value) heap.payload(weakRef));
    }

    @Override
    public void reportUnraisable(Heap heap, Throwable error, String where) {
        if (adapter == null) {
            VmBinding.super.reportUnraisable(heap, error, where);
            return;
        }
        if (error instanceof PolyglotException pe && pe.isGuestException() && pe.getGuestObject() != null
                && !pe.isExit() && !pe.isCancelled()) {
            adapter.support.reportError.execute(pe.getGuestObject(), where);
        } else if (error instanceof PolyglotException pe && (pe.isExit() || pe.isCancelled())) {
            throw pe;
        } else {
            adapter.support.stderrWrite.execute("Exception ignored in: " + where + "\n" + error + "\n");
        }
    }

    @Override
    public void debugOutput(String text) {
        adapter.support.stderrWrite.execute(text);
    }

    @Override
    public String debugRepr(Heap heap, int handle) {
        Object p = heap.payload(handle);
        if (p instanceof Value v) {
            return adapter.support.debugRepr.execute(v).asString();
        }
        return VmBinding.super.debugRepr(heap, handle);
    }

    @Override
    public void garbageAppended(Heap heap, int handle) {
        Object p = heap.payload(handle);
        if (p instanceof Value v) {
            adapter.support.garbage.invokeMember("append", v);
            if (adapter.isGarbageOwnedByPython()) {
                adapter.takeGarbageEntry(heap.garbageSize() - 1); // the collector just appended it
            }
        }
    }

    @Override
    public void onCollection(String phase, CollectionInfo info) {
        adapter.support.runGcCallbacks.execute(phase, info.generation(), info.collected(), info.uncollectable());
    }
}
