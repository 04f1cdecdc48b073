/**
 * The {@code ./refgc} command: a {@code python3}-compatible front end for GraalPy with refgc
 * installed.
 *
 * <p>{@link org.refgc.bridge.launcher.Main} is started by the {@code ./refgc} shell script at the
 * repository root, which finds a JDK, builds the project when its sources changed, and adds the
 * JVM flags that turn on Truffle's JIT. {@code CommandLine} parses CPython's command-line syntax
 * (the subset that makes sense on GraalPy); {@code PythonRun} builds the context and runs the
 * script, command or module with CPython's exit-status rules.
 */
package org.refgc.bridge.launcher;
