/**
 * Installs refgc into a GraalPy {@link org.graalvm.polyglot.Context}: the {@code gc}, {@code _weakref}
 * and {@code _refgc} modules and the {@code sys} memory functions, all served by one core heap per
 * context.
 *
 * <p>Entry point: {@link org.refgc.bridge.runtime.RefgcRuntime#install(org.graalvm.polyglot.Context)}.
 */
package org.refgc.bridge.runtime;
