/**
 * The embedding API of refgc: {@link org.refgc.bridge.Refgc} builds a GraalPy
 * {@link org.graalvm.polyglot.Context} with refgc installed, one heap per context.
 *
 * <p>Everything else in {@code org.refgc.bridge.*} is implementation: {@code runtime} installs the
 * {@code gc}, {@code sys} and {@code _weakref} replacements, {@code launcher} is the
 * {@code ./refgc} command.
 */
package org.refgc.bridge;
