package org.refgc.bridge;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.refgc.bridge.runtime.RefgcRuntime;

/**
 * Installs refgc in GraalPy contexts: each context gets its own heap, whose {@code gc},
 * {@code sys} memory functions and {@code _weakref} replace GraalPy's.
 *
 * <pre>{@code
 * try (Context python = Refgc.newContext(Context.newBuilder("python"))) {
 *     python.eval("python", "import gc; print(gc.get_threshold())");
 * }
 * }</pre>
 *
 * <p>{@link #configure(Context.Builder)} is the builder half, for {@code Context.Builder#apply};
 * {@link #newContext(Context.Builder)} applies it, builds the context and installs refgc in it.
 * Installation needs a built context (it runs Python code), and polyglot 25 has no hook that runs
 * after {@code build()}, which is why the one line is {@code newContext(builder)} and not
 * {@code builder.apply(...)} alone.
 *
 * <p>Host access: refgc's modules call only methods annotated {@code @HostAccess.Export}, so the
 * builder is given {@link HostAccess#EXPLICIT}; a caller that needs wider access for its own objects
 * can set its own policy after {@code configure} as long as it still honours
 * {@code @HostAccess.Export}. Never use {@code allowAllAccess}.
 *
 * <p>Lifetime: the heap is reachable only from its context. When the context closes, its
 * {@code atexit} handlers run, then refgc's runtime is closed and the heap becomes garbage.
 */
public final class Refgc {

    private Refgc() {
    }

    /**
     * The builder settings refgc needs: {@link HostAccess#EXPLICIT}. Usable as
     * {@code Context.newBuilder("python").apply(Refgc::configure)}.
     */
    public static void configure(Context.Builder builder) {
        builder.allowHostAccess(HostAccess.EXPLICIT);
    }

    /**
     * Builds a context from {@code builder} (after {@link #configure}) and installs refgc in it.
     * If installation fails the context is closed and the exception is rethrown.
     *
     * @param builder a builder for a context that permits the {@code python} language
     * @return the new context, with refgc installed; closing it releases the heap
     */
    public static Context newContext(Context.Builder builder) {
        Context context = builder.apply(Refgc::configure).build();
        try {
            install(context);
        } catch (RuntimeException | Error e) {
            context.close();
            throw e;
        }
        return context;
    }

    /**
     * Installs refgc in an already built context that has not run user code yet, and arranges for
     * the runtime to be closed when the context closes (as the last {@code atexit} handler).
     *
     * @return the context's refgc runtime
     */
    public static RefgcRuntime install(Context context) {
        RefgcRuntime runtime = RefgcRuntime.install(context);
        ProxyExecutable closeRuntime = arguments -> {
            runtime.close();
            return null;
        };
        context.eval("python", "import atexit\natexit.register").execute(closeRuntime);
        return runtime;
    }
}
