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
 * One full collection ({@code collect(2)}) of a freshly built shape, as CPython's
 * {@code gc.collect()} right after building it. The graph is rebuilt before every
 * invocation (each iteration is one invocation, {@code SingleShotTime}), since collecting
 * garbage destroys it and the first collection also moves the shape out of generation 0.
 * ns per object = score / n.
 *
 * <p>JIT warm-up: one collection per iteration gives the JIT, at n = 10^4, about 10^5
 * turns of each collector loop over the whole warm-up, too few for its optimising tier
 * (measured: the first iterations at n = 10^4 run 3-5x slower than later ones), so the
 * score was that of partly interpreted code, which a long-running embedder never sees.
 * Each trial therefore first runs {@value #WARMUP_COLLECTIONS} collections of the same
 * shape at {@value #WARMUP_N} objects (not measured) before JMH's own warm-up iterations.
 *
 * <p>Run: {@code java -jar java-tests/target/benchmarks.jar FullCollectionBenchmark}
 * (all shapes and sizes), or e.g.
 * {@code java -jar java-tests/target/benchmarks.jar FullCollectionBenchmark -p shape=random_graph4 -p n=1000000}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 20)
@Measurement(iterations = 20)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms2g", "-Xmx2g"})
public class FullCollectionBenchmark {

    @Param({"linked_list", "binary_tree", "garbage_2cycles", "random_graph4", "list_of_lists"})
    public Shapes.Shape shape;

    @Param({"10000", "100000", "1000000"})
    public int n;

    /** Collections run by {@link #warmUpCollector} before the iterations. */
    static final int WARMUP_COLLECTIONS = 40;
    /** Objects in each of those collections. */
    static final int WARMUP_N = 100_000;

    private Heap heap;
    private int root;

    /** Brings the collector's code for this shape to the JIT's optimising tier (see above). */
    @Setup(Level.Trial)
    public void warmUpCollector() {
        for (int i = 0; i < WARMUP_COLLECTIONS; i++) {
            Heap h = Shapes.newHeap(WARMUP_N);
            int r = Shapes.build(h, shape, WARMUP_N);
            h.collect(2);
            if (r != Heap.NULL) {
                h.decref(r);
            }
        }
    }

    @Setup(Level.Iteration)
    public void build() {
        heap = Shapes.newHeap(n);
        root = Shapes.build(heap, shape, n);
    }

    @Benchmark
    public long collect() {
        return heap.collect(2);
    }

    @TearDown(Level.Iteration)
    public void check() {
        long expectedAlive = shape == Shapes.Shape.garbage_2cycles ? 0 : n;
        long alive = heap.liveCount(Shapes.LIST);
        if (shape == Shapes.Shape.list_of_lists) {
            alive -= 1; // the outer list
        }
        if (alive != expectedAlive) {
            throw new IllegalStateException(shape + ": " + alive + " lists alive after collect, expected " + expectedAlive);
        }
        if (root != Heap.NULL) {
            heap.decref(root);
        }
        heap = null;
    }
}
