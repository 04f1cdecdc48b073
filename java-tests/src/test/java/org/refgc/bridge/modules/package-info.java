/**
 * Tests of the {@code gc}, {@code sys}, {@code _weakref} and {@code _refgc} modules that
 * {@link org.refgc.bridge.runtime.RefgcRuntime} installs into a GraalPy context, driven through the
 * adapter ({@code _refgc}) until the instrumenting compiler puts objects into the heap by itself.
 * Each class shares one context (context starts cost seconds); each test runs its Python code in a
 * fresh namespace and restores the gc state it changes.
 */
package org.refgc.bridge.modules;
