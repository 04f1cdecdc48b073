/**
 * refgc core: CPython 3.12's memory management over int handles, in pure Java.
 *
 * <h2>Public surface</h2>
 * <ul>
 *   <li>{@link org.refgc.core.Heap}, the facade, and its builder: handles, refcounts,
 *       weak references, the collector ({@code gc} module functions), accounting and
 *       the lock;</li>
 *   <li>what the embedder implements: {@link org.refgc.core.ObjectType} per kind of
 *       object (CPython's type slots) and {@link org.refgc.core.VmBinding} per heap
 *       (callbacks, unraisable errors, debug output);</li>
 *   <li>small values: {@link org.refgc.core.GenerationStats},
 *       {@link org.refgc.core.CollectionInfo}, {@link org.refgc.core.DebugFlags},
 *       {@link org.refgc.core.WeakRefKind}, {@link org.refgc.core.UntrackRule},
 *       {@link org.refgc.core.RefcountException};</li>
 *   <li>the ready-made {@link org.refgc.core.IntArrayType} (payload {@code int[]}),
 *       which the collector walks without virtual calls, and not at all when an
 *       object's slots refer to no GC object;</li>
 *   <li>{@link org.refgc.core.HeapValidator}, the invariant checker tests run after
 *       every test.</li>
 * </ul>
 *
 * <h2>Engines (package-private, final)</h2>
 * <ul>
 *   <li>{@code HeapEngine}: the object table (a struct of arrays indexed by handle:
 *       refcount, flags and type, GC list links, the collector's one-byte gc_refs,
 *       payload, weakref link, recorded size; 29 bytes per handle with compressed
 *       oops), the intrusive GC lists, refcounting,
 *       and deallocation in {@code subtype_dealloc}'s order made iterative by
 *       emulating CPython 3.12's trashcan (50 nested deallocations, then deferral);</li>
 *   <li>{@code Collector}: {@code gc_collect_main} as a sequence of phase methods
 *       ({@code updateRefs}, {@code subtractRefs}, {@code moveUnreachable},
 *       {@code moveLegacyFinalizers}, {@code handleWeakrefs}, {@code finalizeGarbage},
 *       {@code handleResurrectedObjects}, {@code deleteGarbage}, ...), thresholds and
 *       {@code collect_generations}, freeze, introspection, statistics;</li>
 *   <li>{@code WeakRefs}: the weakref side table, list order and
 *       {@code PyObject_ClearWeakRefs};</li>
 *   <li>{@code TraversalRecord}: what subtract_refs saw each embedder-traversed object
 *       report, replayed by move_unreachable so that a dear traverse runs once per
 *       object per collection;</li>
 *   <li>{@code EdgeSlab}, {@code IntList}, {@code PlainDealloc}: the slab of
 *       {@code IntArrayType} slots, a growable int list, and the fast deallocation of
 *       slab-stored objects no embedder code watches.</li>
 * </ul>
 *
 * <h2>Where to start reading</h2>
 * {@code Collector.collectMain} (the collector, phase by phase), then
 * {@code HeapEngine.startDealloc} (what happens when a refcount reaches zero).
 */
package org.refgc.core;
