package org.refgc.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.refgc.core.Heap;

/**
 * Deallocation of a chain of n lists by dropping its head ({@code del head} in CPython):
 * refcounting frees every node, iteratively (the trashcan). The chain is rebuilt before
 * every invocation. ns per object = score / n.
 *
 * <p>Run: {@code java -jar java-tests/target/benchmarks.jar DeallocChainBenchmark -p n=1000000}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 20)
@Measurement(iterations = 20)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms2g", "-Xmx2g"})
public class DeallocChainBenchmark {

    @Param({"10000", "100000", "1000000"})
    public int n;

    private Heap heap;
    private int head;

    @Setup(Level.Iteration)
    public void build() {
        heap = Shapes.newHeap(n);
        head = Shapes.linkedList(heap, n);
    }

    @Benchmark
    public Heap dropHead() {
        heap.decref(head);
        return heap;
    }

    @TearDown(Level.Iteration)
    public void check() {
        if (heap.allocatedBlocks() != 0) {
            throw new IllegalStateException(heap.allocatedBlocks() + " objects left after dropping the chain");
        }
        heap = null;
    }
}
