package org.refgc.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.refgc.core.Heap;

/**
 * An incref/decref pair on a live object ({@code Py_INCREF; Py_DECREF}), in a heap of
 * {@code heapSize} objects: one object, or 1024 objects visited in turn (so the refcount
 * array is touched at different places). Score in ns per pair.
 *
 * <p>Run: {@code java -jar java-tests/target/benchmarks.jar RefcountBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms2g", "-Xmx2g"})
public class RefcountBenchmark {

    private static final int OPS = 1024;

    @Param({"1", "1024"})
    public int heapSize;

    private Heap heap;
    private int[] handles;

    @Setup
    public void build() {
        heap = Shapes.newHeap(heapSize);
        handles = new int[OPS];
        int[] made = new int[heapSize];
        for (int i = 0; i < heapSize; i++) {
            made[i] = heap.allocate(Shapes.LIST, new int[0]);
        }
        for (int i = 0; i < OPS; i++) {
            handles[i] = made[(i * 7) % heapSize];
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public Heap increfDecref() {
        Heap h = heap;
        for (int x : handles) {
            h.incref(x);
            h.decref(x);
        }
        return h;
    }
}
