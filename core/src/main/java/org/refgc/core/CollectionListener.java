package org.refgc.core;

/**
 * A callback invoked before and after each collection, as CPython's
 * {@code gc.callbacks}. Register with {@link Heap#addCollectionListener}.
 *
 * <p>Listeners are called in registration order, with phase {@code "start"} before
 * the collection and {@code "stop"} after it. An exception thrown by a listener is
 * reported through {@link VmBinding#reportUnraisable} and does not stop the others.
 * Automatic collections and {@link Heap#collect(int)} both invoke listeners.
 */
@FunctionalInterface
public interface CollectionListener {
    /**
     * @param phase {@code "start"} or {@code "stop"}
     * @param info  generation and, at "stop", the results
     */
    void onCollection(String phase, CollectionInfo info);
}
