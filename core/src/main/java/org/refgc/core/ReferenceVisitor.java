package org.refgc.core;

/**
 * Receives the references an object holds, one call per counted reference
 * (CPython's {@code visitproc}).
 *
 * <p>{@link ObjectType#traverse} calls it once for every reference the object
 * owns, that is, exactly the references that were counted with
 * {@link Heap#incref}. {@link Heap#NULL} may be passed and is ignored by the heap.
 */
@FunctionalInterface
public interface ReferenceVisitor {
    /**
     * Called once per counted reference.
     *
     * @param referent the handle referred to, or {@link Heap#NULL}
     */
    void visit(int referent);
}
