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
 * A young-generation churn: allocate n empty lists, each stored into one holder list, with
 * a safe point after every allocation (where an interpreter's eval breaker would run the
 * collection), under CPython's default thresholds 700/10/10. With {@code gc=false} the
 * collector is disabled, which isolates its share. CPython's counterpart is
 * {@code for i in range(n): keep[i] = []}. ns per object = score / n.
 *
 * <p>Run: {@code java -jar java-tests/target/benchmarks.jar YoungChurnBenchmark -p n=1000000}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 20)
@Measurement(iterations = 20)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms2g", "-Xmx2g"})
public class YoungChurnBenchmark {

    @Param({"1000000"})
    public int n;

    @Param({"true", "false"})
    public boolean gc;

    private Heap heap;
    private int holder;

    @Setup(Level.Iteration)
    public void build() {
        heap = Heap.builder().build(); // default thresholds, enabled, default capacity
        if (!gc) {
            heap.disable();
        }
        holder = heap.allocate(Shapes.LIST, new int[n]);
    }

    @Benchmark
    public int churn() {
        Heap h = heap;
        int last = Heap.NULL;
        for (int i = 0; i < n; i++) {
            last = h.allocate(Shapes.LIST, new int[0]);
            Shapes.LIST.setStealing(h, holder, i, last); // our reference moves into the holder
            h.safePoint();
        }
        return last;
    }

    @TearDown(Level.Iteration)
    public void check() {
        heap.decref(holder);
        if (heap.allocatedBlocks() != 0) {
            throw new IllegalStateException(heap.allocatedBlocks() + " objects left after dropping the holder");
        }
        heap = null;
    }
}
