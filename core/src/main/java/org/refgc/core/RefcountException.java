package org.refgc.core;

/**
 * Thrown on reference-count misuse: a decref below zero, or any use of a freed
 * (or never allocated) handle. It carries the handle, the count seen and the
 * delta attempted, like Netty's IllegalReferenceCountException.
 */
public final class RefcountException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final int handle;
    private final long count;
    private final long delta;

    /**
     * @param handle the handle misused
     * @param count  its refcount when the misuse was detected (0 if freed)
     * @param delta  the change attempted (-1 for decref, +1 for incref, 0 for a plain access)
     * @param what   a short description of the misuse
     */
    public RefcountException(int handle, long count, long delta, String what) {
        super(what + ": handle " + handle + ", refcount " + count + ", delta " + delta);
        this.handle = handle;
        this.count = count;
        this.delta = delta;
    }

    /** @return the handle misused */
    public int handle() {
        return handle;
    }

    /** @return the refcount observed when the misuse was detected */
    public long count() {
        return count;
    }

    /** @return the refcount change attempted */
    public long delta() {
        return delta;
    }
}
