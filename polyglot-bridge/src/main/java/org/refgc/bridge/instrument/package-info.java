/**
 * The instrumented mode ({@code ./refgc --instrument}, or {@code REFGC_INSTRUMENT=1}): the main
 * script and every module imported after it are compiled by the instrumenting compiler
 * ({@code refgc_compiler}), whose runtime object {@code _rc} keeps the counts of their objects in
 * the context's core heap. {@link org.refgc.bridge.instrument.Instrumented} runs a script that
 * way; {@link org.refgc.bridge.instrument.InstrumentHost} is the Java object the Python backend
 * ({@code refgc_backend.py}) calls for each heap primitive.
 */
package org.refgc.bridge.instrument;
