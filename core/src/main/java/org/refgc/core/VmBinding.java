package org.refgc.core;

/**
 * What the heap needs from its embedder that is not tied to one type (the GC-to-VM
 * direction, like mmtk-core's binding traits). Every method has a default, so a
 * bare {@code new VmBinding() {}} works for tests; the GraalPy bridge overrides all.
 *
 * <p>The heap calls these methods on the thread that is using the heap, possibly in
 * the middle of a deallocation or a collection. They may call back into the heap.
 */
public interface VmBinding {

    /**
     * Invokes a weak reference's callback with the weak reference as its argument,
     * as CPython's {@code handle_callback}. An exception escaping this method is
     * passed to {@link #reportUnraisable}.
     *
     * @param heap     the heap
     * @param callback the callback object's handle (alive)
     * @param weakRef  the weak reference's handle (alive, already cleared)
     */
    default void invokeWeakRefCallback(Heap heap, int callback, int weakRef) {
    }

    /**
     * Reports an error that cannot be raised to a caller ({@code PyErr_WriteUnraisable}),
     * for example from a finalizer, a weakref callback or a collection listener.
     * The default prints to {@code System.err}.
     *
     * @param heap  the heap
     * @param error the exception
     * @param where what was running ("finalizer of &lt;T 0x...&gt;", "weakref callback", ...)
     */
    default void reportUnraisable(Heap heap, Throwable error, String where) {
        System.err.println("Exception ignored in: " + where);
        error.printStackTrace(System.err);
    }

    /**
     * Receives the collector's debug text (CPython writes it to {@code sys.stderr}).
     * Each call is one or more complete lines ending in {@code "\n"}.
     * The default prints to {@code System.err}.
     *
     * @param text the text
     */
    default void debugOutput(String text) {
        System.err.print(text);
    }

    /**
     * How an object appears in debug output: CPython prints {@code <%s %p>} with the
     * type name and the address, e.g. {@code <Node 0x7f0a2c1b3e50>}.
     * The default uses the type name and the handle as the address.
     *
     * @param heap   the heap
     * @param handle the object
     * @return the text to print
     */
    default String debugRepr(Heap heap, int handle) {
        return "<" + heap.type(handle).name() + " 0x" + Integer.toHexString(handle) + ">";
    }

    /**
     * Told when the collector appends an object to {@link Heap#garbage()} (the heap
     * keeps a counted reference to it there), so the embedder can mirror
     * {@code gc.garbage}.
     *
     * @param heap   the heap
     * @param handle the object appended
     */
    default void garbageAppended(Heap heap, int handle) {
    }
}
