package org.refgc.core;

/**
 * The collector's debug flags, with the values of CPython's {@code gc.DEBUG_*}
 * constants. Combine them with {@code |} and pass them to {@link Heap#setDebug(int)}.
 * Output goes to {@link VmBinding#debugOutput(String)} in CPython's text format.
 */
public final class DebugFlags {
    /** Print collection statistics ("gc: collecting generation 0...", "gc: done, ..."). */
    public static final int STATS = 1;
    /** Print "gc: collectable &lt;T 0x...&gt;" for each unreachable object found. */
    public static final int COLLECTABLE = 2;
    /** Print "gc: uncollectable &lt;T 0x...&gt;" for each object moved to garbage. */
    public static final int UNCOLLECTABLE = 4;
    /** Save every unreachable object in {@link Heap#garbage()} instead of freeing it. */
    public static final int SAVEALL = 32;
    /** COLLECTABLE | UNCOLLECTABLE | SAVEALL, as CPython's DEBUG_LEAK. */
    public static final int LEAK = COLLECTABLE | UNCOLLECTABLE | SAVEALL;

    private DebugFlags() {
    }
}
