package org.refgc.bridge.runtime;

import org.graalvm.polyglot.Context;

/**
 * The refgc runtime of one GraalPy context: the context's own heap and the modules that expose it.
 *
 * <p>Placeholder committed early so the launcher can compile against {@link #install(Context)};
 * the real installation follows.
 */
public final class RefgcRuntime implements AutoCloseable {
    private final Context context;

    private RefgcRuntime(Context context) {
        this.context = context;
    }

    /**
     * Installs refgc into an already-built context. Call once per context, right after building it.
     *
     * @param context a Python context that has not yet run user code
     * @return the runtime that holds the context's heap; close it before (or with) the context
     */
    public static RefgcRuntime install(Context context) {
        return new RefgcRuntime(context);
    }

    /** The context this runtime was installed into. */
    public Context context() {
        return context;
    }

    /** Releases the heap. The context stays usable, but the refgc modules must not be called after this. */
    @Override
    public void close() {
    }
}
