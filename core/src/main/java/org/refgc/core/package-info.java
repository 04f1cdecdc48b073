/**
 * refgc core: CPython 3.12's memory management over int handles, in pure Java.
 *
 * <p>Public surface: the facade {@link org.refgc.core.Heap} and its builder; the slots
 * the embedder implements, {@link org.refgc.core.ObjectType} (per type) and
 * {@link org.refgc.core.VmBinding} (per heap); small value types
 * ({@link org.refgc.core.GenerationStats}, {@link org.refgc.core.CollectionInfo},
 * {@link org.refgc.core.DebugFlags}); the ready-made {@link org.refgc.core.IntArrayType};
 * and {@link org.refgc.core.HeapValidator}.
 *
 * <p>Engines (package-private, final):
 * <ul>
 *   <li>{@code HeapEngine}: the object table (struct of arrays indexed by handle),
 *       refcounting and iterative deallocation ({@code subtype_dealloc}, the trashcan,
 *       PEP 442's {@code PyObject_CallFinalizerFromDealloc});</li>
 *   <li>{@code GcLists}: intrusive doubly-linked generation lists over handles;</li>
 *   <li>{@code Collector}: {@code gc_collect_main} and its phases, thresholds,
 *       {@code collect_generations}, freeze, introspection;</li>
 *   <li>{@code WeakRefs}: weakref lists and {@code PyObject_ClearWeakRefs}.</li>
 * </ul>
 */
package org.refgc.core;
