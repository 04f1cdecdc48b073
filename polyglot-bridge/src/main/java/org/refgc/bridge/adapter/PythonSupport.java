package org.refgc.bridge.adapter;

import org.graalvm.polyglot.Value;

/**
 * The functions of the adapter's Python half ({@code support.py}) that Java calls, looked up
 * once. Each wraps one CPython slot or runtime service; see the Python docstrings.
 */
public final class PythonSupport {
    final Value namespace;
    final Value clearIds;
    final Value releaseIds;
    final Value finalize;
    final Value legacyFinalize;
    final Value describeType;
    final Value maybeUntrack;
    final Value modelSize;
    final Value invokeWeakRefCallback;
    final Value weakRefFreed;
    final Value runGcCallbacks;
    final Value stderrWrite;
    final Value debugRepr;
    final Value reportError;
    final Value garbage;
    final Value garbageIds;

    /** @param namespace the object returned by {@code bootstrap.py} exposing the support functions */
    public PythonSupport(Value namespace) {
        this.namespace = namespace;
        this.clearIds = fn("clear_ids");
        this.releaseIds = fn("release_ids");
        this.finalize = fn("finalize");
        this.legacyFinalize = fn("legacy_finalize");
        this.describeType = fn("describe_type");
        this.maybeUntrack = fn("maybe_untrack");
        this.modelSize = fn("model_size");
        this.invokeWeakRefCallback = fn("invoke_weakref_callback");
        this.weakRefFreed = fn("weakref_freed");
        this.runGcCallbacks = fn("run_gc_callbacks");
        this.stderrWrite = fn("stderr_write");
        this.debugRepr = fn("debug_repr");
        this.reportError = fn("report_error");
        this.garbage = fn("garbage");
        this.garbageIds = fn("garbage_ids");
    }

    private Value fn(String name) {
        Value v = namespace.getMember(name);
        if (v == null || v.isNull()) {
            throw new IllegalStateException("support.py lacks " + name);
        }
        return v;
    }

    /** @return the namespace of {@code support.py} */
    public Value namespace() {
        return namespace;
    }

    /** @return the ids of the objects now in {@code gc.garbage} */
    public Value garbageIdsNow() {
        return garbageIds.execute();
    }

}
