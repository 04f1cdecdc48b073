/**
 * Installs refgc into a GraalPy {@link org.graalvm.polyglot.Context}: the {@code gc},
 * {@code _weakref} and {@code _refgc} modules and the {@code sys} memory functions, all served by
 * one core heap per context. Entry point:
 * {@link org.refgc.bridge.runtime.RefgcRuntime#install(org.graalvm.polyglot.Context)}.
 *
 * <h2>The {@code _refgc} contract (tests now, instrumented code later)</h2>
 * <ol>
 *   <li>{@code _refgc.track(o)} puts a new object in the heap with refcount 1: the caller owns that
 *       reference. Atomic values (int, float, complex, str, bytes, bool, None) are refused; GraalPy
 *       merges their identity. A dict of atomic values starts untracked by the collector, as
 *       {@code PyDict_New}; {@code _refgc.gc_track} tracks it when a container is stored in it.</li>
 *   <li>Every reference a heap object holds to another heap object must be counted
 *       ({@code _refgc.incref}) when it is stored and released ({@code _refgc.decref}) when it is
 *       overwritten or deleted: the heap's traversal reads the live Python object, and
 *       deallocation releases exactly what traversal reports. Instances' references to their
 *       class are not counted.</li>
 *   <li>{@code sys.getrefcount(o)} returns the heap count plus one, the one being the call's own
 *       argument, as in CPython. Instrumented code must not count that argument itself.</li>
 *   <li>{@code _weakref.ref(o)} and {@code proxy(o)} return a new reference (a new heap handle, or
 *       the canonical basic ref/proxy increfed). Weak references to objects the heap does not
 *       know adopt them as externally referenced: such objects are never freed by refgc, so their
 *       callbacks never run (they may leak; they are never finalized early).</li>
 *   <li>{@code _refgc.safepoint()} runs a collection scheduled by allocation, as CPython's eval
 *       breaker does; instrumented code calls it at its safe points.</li>
 *   <li>{@code _refgc.set_zombie_detection(True)} remembers freed objects;
 *       {@code _refgc.check(o)} raises if {@code o} was freed, and {@code zombie_uses()} counts
 *       such uses.</li>
 * </ol>
 */
package org.refgc.bridge.runtime;
