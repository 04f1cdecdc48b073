package org.refgc.core;

/**
 * Where a new weak reference goes in its referent's weakref list, which fixes the
 * order in which callbacks run (CPython's {@code weakref___new__} and
 * {@code insert_head}/{@code insert_after}).
 */
public enum WeakRefKind {
    /** The canonical callback-less {@code weakref.ref}: inserted at the head of the list. */
    BASIC_REF,
    /** The canonical callback-less {@code weakref.proxy}: inserted right after the basic ref, or at the head. */
    BASIC_PROXY,
    /**
     * Any other weak reference (a callback or a subclass): inserted after the basic
     * ref and proxy, so the newest such reference comes first and callbacks run in
     * reverse order of creation, as in CPython.
     */
    OTHER
}
