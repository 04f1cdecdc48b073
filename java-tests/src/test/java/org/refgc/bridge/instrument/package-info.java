/** Tests of the instrumented mode ({@code ./refgc --instrument}) against the CPython 3.12 oracle. */
package org.refgc.bridge.instrument;
