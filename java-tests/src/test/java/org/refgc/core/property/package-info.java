/**
 * Property-based tests of core against {@link org.refgc.core.property.ReferenceModel}, a plain
 * tracing model of CPython 3.12's refcounting and cycle collection.
 *
 * <p>Each case is a seed. The seed picks a configuration and a random sequence of mutations
 * (allocate, store or clear a reference, take or drop a root, weakrefs, finalizer-bearing
 * objects, collect(gen), safe points, freeze), which runs in lockstep on a real
 * {@link org.refgc.core.Heap} and on the model; after every step the two are compared, and
 * model-independent invariants are checked on the heap. A failure is shrunk to a short
 * sequence of steps and reported with its seed; replay one with
 * {@code -Drefgc.property.seed=PROFILE:SEED}.
 */
package org.refgc.core.property;
