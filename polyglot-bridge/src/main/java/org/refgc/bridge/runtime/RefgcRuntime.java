package org.refgc.bridge.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import org.refgc.bridge.adapter.ObjectAdapter;
import org.refgc.bridge.adapter.PythonBinding;
import org.refgc.bridge.adapter.PythonSupport;
import org.refgc.core.Heap;

/**
 * The refgc runtime of one GraalPy context: the context's own {@link Heap}, the adapter that maps
 * Python objects to its handles, and the modules that expose it to Python.
 *
 * <p>{@link #install(Context)} puts, into an already-built context:
 * <ol>
 *   <li>a finder first in {@code sys.meta_path} that serves {@code gc}, {@code _weakref} and
 *       {@code _refgc} as built-in modules (spec origin {@code 'built-in'}, so
 *       {@code importlib.reload} works); {@code _weakref}, {@code _weakrefset} and {@code weakref}
 *       are dropped from {@code sys.modules} so the stdlib's weakref code is re-imported on top of
 *       the heap's weak references;</li>
 *   <li>{@code sys.getrefcount}, {@code sys.getsizeof} and {@code sys.getallocatedblocks}.</li>
 * </ol>
 *
 * <h2>What getrefcount reports</h2>
 * For an object the heap counts: its count plus one (the call's argument, as in CPython). For
 * atomic values CPython 3.12 makes immortal (None, the bools, Ellipsis, NotImplemented, ints in
 * -5..256, interned-looking strings, the empty tuple and bytes of length 0 or 1, builtin
 * types): 4294967295. For anything else the heap does not count (objects made by opaque code,
 * other atomic values, whose identity GraalPy merges): -1, GraalPy's own "unknown".
 *
 * <h2>Start-up cost</h2>
 * The shims are compiled once and cached as marshalled code in {@code -Drefgc.cache.dir} (default
 * {@code $XDG_CACHE_HOME/refgc} or {@code ~/.cache/refgc}, keyed by source hash and GraalPy's cache
 * tag) when the context may read files; {@code gc}, {@code _weakref} and {@code _refgc} are built at
 * their first import. {@code -Drefgc.debug.timing=true} prints the time install takes.
 *
 * <p>Python code must not run on two threads of the context at once without the GIL; the heap is
 * used from the thread that holds it.
 */
public final class RefgcRuntime implements AutoCloseable {
    private static final String RESOURCES = "/org/refgc/bridge/python/";
    // Evaluates to a function that runs the bootstrap in a private namespace (nothing leaks into __main__).
    private static final String LOADER = "(lambda src: (lambda ns: (exec(compile(src, '<refgc bootstrap>', 'exec'), ns),"
            + " ns['boot'])[1])({'__name__': '_refgc_bootstrap', '__builtins__': __builtins__}))";

    private final Context context;
    private final Heap heap;
    private final ObjectAdapter adapter;
    private final RefgcHost host;
    private final PythonBinding binding;
    private boolean closed;

    private RefgcRuntime(Context context, Heap heap, ObjectAdapter adapter, RefgcHost host, PythonBinding binding) {
        this.context = context;
        this.heap = heap;
        this.adapter = adapter;
        this.host = host;
        this.binding = binding;
    }

    /**
     * Installs refgc into an already-built Python context: call once, right after building it,
     * before running user code.
     *
     * @param context a Python context
     * @return the runtime that holds the context's heap; close it with (or before) the context
     */
    public static RefgcRuntime install(Context context) {
        return install(context, Heap.builder());
    }

    /**
     * As {@link #install(Context)}, with a heap configured by the caller (thresholds,
     * validating mode). The binding is set here.
     *
     * @param context a Python context
     * @param heapBuilder a heap builder
     * @return the runtime
     */
    public static RefgcRuntime install(Context context, Heap.Builder heapBuilder) {
        PythonBinding binding = new PythonBinding();
        Heap heap = heapBuilder.binding(binding).build();
        heap.addCollectionListener(binding);
        context.enter();
        long t0 = System.nanoTime();
        try {
            Value boot = context.eval("python", LOADER).execute(resource("bootstrap.py"));
            Value triples = context.eval("python", "lambda *a: [tuple(a[i:i + 3]) for i in range(0, len(a), 3)]");
            Value shims = triples.execute("gc", resource("gc.py"), key("gc.py"),
                    "_weakref", resource("_weakref.py"), key("_weakref.py"),
                    "_refgc", resource("_refgc.py"), key("_refgc.py"),
                    "sys_memory", resource("sys_memory.py"), key("sys_memory.py"));
            Value supportSource = context.eval("python", "lambda *a: a")
                    .execute(resource("support.py"), key("support.py"));
            Value support = boot.execute(supportSource, shims, cacheDir());
            long t1 = System.nanoTime();
            ObjectAdapter adapter = new ObjectAdapter(heap, new PythonSupport(support));
            binding.attach(adapter);
            RefgcHost host = new RefgcHost(heap, adapter);
            support.getMember("install").execute(host);
            if (Boolean.getBoolean("refgc.debug.timing")) {
                long t2 = System.nanoTime();
                System.err.printf("refgc install: boot %.1f ms, modules %.1f ms%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6);
            }
            return new RefgcRuntime(context, heap, adapter, host, binding);
        } finally {
            context.leave();
        }
    }

    /** A cache key for a resource: its SHA-1, so an edited source never meets stale code. */
    private static String key(String name) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-1")
                    .digest(resource(name).getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            return null;
        }
    }

    /**
     * Where compiled shims are cached ({@code -Drefgc.cache.dir}, else
     * {@code $XDG_CACHE_HOME/refgc} or {@code ~/.cache/refgc}); null when it cannot be created.
     * The context needs file access for the cache to be used; without it every start compiles.
     */
    private static String cacheDir() {
        String dir = System.getProperty("refgc.cache.dir");
        if (dir == null) {
            String xdg = System.getenv("XDG_CACHE_HOME");
            dir = (xdg != null && !xdg.isEmpty() ? xdg : System.getProperty("user.home") + "/.cache") + "/refgc";
        }
        try {
            java.nio.file.Path p = java.nio.file.Files.createDirectories(java.nio.file.Path.of(dir));
            return java.nio.file.Files.isWritable(p) ? p.toString() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String resource(String name) {
        try (InputStream in = RefgcRuntime.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the context this runtime was installed into */
    public Context context() {
        return context;
    }

    /** @return the context's heap */
    public Heap heap() {
        return heap;
    }

    /** @return the adapter mapping Python objects to handles */
    public ObjectAdapter adapter() {
        return adapter;
    }

    /**
     * Releases the runtime: the heap stops calling into the context (no more gc.callbacks), and
     * both are dropped with it. Objects still in the heap are not finalized, as CPython does not
     * finalize everything at exit either. Call it with or after closing the context; the refgc
     * modules must not be used afterwards.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            heap.removeCollectionListener(binding);
        }
    }

    /** @return the Java object the Python shims call (for embedders that pass it to their own code) */
    public Object host() {
        return host;
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closed;
    }
}
