/**
 * JMH benchmarks of core, on the shapes CPython's collector was measured on
 * ({@code java-tests/bench/cpython_shapes.py} builds the same shapes on CPython 3.12).
 *
 * <p>Build the runnable jar with
 * {@code JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 mvn -B -o -q -pl java-tests -am package -DskipTests},
 * then run {@code java -jar java-tests/target/benchmarks.jar} with a class name and
 * {@code -p} parameters (each class's javadoc gives its command), or
 * {@code java-tests/bench/core-vs-cpython.sh} for the side-by-side table.
 *
 * <p>Times are per invocation; the shape benchmarks run one collection per invocation
 * ({@code SingleShotTime}, a fresh graph per iteration), so ns per object is the score
 * divided by {@code n}. {@link org.refgc.bench.Footprint} reports bytes per tracked object.
 */
package org.refgc.bench;
