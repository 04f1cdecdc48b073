package org.refgc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.refgc.testing.CPythonOracle;

/**
 * The order of the GC lists after collections, checked against CPython 3.12 itself.
 *
 * <p>The collector's list order is observable: {@code gc.get_objects(generation)} returns
 * each generation in list order, and the unreachable list's order decides the order of
 * finalizers, of {@code tp_clear} calls and of {@code gc.garbage} under
 * {@code DEBUG_SAVEALL}. move_unreachable permutes the young list (an object found
 * unreachable and later reached moves to the tail), and core reaches CPython's result
 * by a different route (see {@code Collector.moveUnreachable}), so this test replays
 * random scenarios on both and compares every generation's order after every
 * collection, the return values, and {@code gc.garbage}'s order.
 *
 * <p>On the CPython side the objects are instances of a list subclass with one slot
 * (its tag), which traverses its items last to first like {@link IntArrayType}; the
 * test's own references live in a frozen list, so they are external references that
 * take no part in the collection, like the test's references to core handles. Each
 * scenario runs on four heaps: {@link IntArrayType} (the collector's fast paths),
 * the same on a validating heap (the visitor paths with checks), a type with its
 * own traverse (the generic paths), and both types alternating (the two paths
 * interleaved in one collection). Some objects get more than a hundred references,
 * so that gc_refs takes its large-value encoding.
 *
 * <p>Runs only where CPython 3.12 is installed
 * ({@code /root/.pyenv/versions/3.12.1/bin/python3.12}, {@code python3.12} on PATH, or
 * {@code -Drefgc.python312=...}).
 */
class ListOrderMatchesCPythonTest extends HeapTestBase {

    private static final int SCENARIOS = 160;
    private static final int MAX_OBJECTS = 600;
    private static final int EXTRA_SLOTS = 200_000;

    /** Replays a transcript on CPython, printing the same observation lines as {@link #replay}. */
    private static final String ORACLE = """
            import gc, sys
            class N(list):
                __slots__ = ('tag',)
            NONES = [(None,) * k for k in range(8)]
            held = [None] * %d
            extra = [None] * %d
            out = []
            def alloc(i, k):
                o = N()
                o.tag = i
                o.extend(NONES[k])
                held[i] = o
            def setslot(i, s, j):
                held[i][s] = held[j] if j >= 0 else None
            def addextra(i, base, m):
                o = held[i]
                for x in range(base, base + m):
                    extra[x] = o
            def dropextra(base, m):
                for x in range(base, base + m):
                    extra[x] = None
            def tags(objs):
                return ' '.join(str(o.tag) for o in objs if type(o) is N)
            def observe(g):
                n = gc.collect(g)
                out.append('C %%d %%d' %% (g, n))
                for gen in range(3):
                    out.append('G %%d %%s' %% (gen, tags(gc.get_objects(gen))))
            def saveall():
                gc.set_debug(gc.DEBUG_SAVEALL)
                n = gc.collect(2)
                gc.set_debug(0)
                out.append('V %%d %%s' %% (n, tags(gc.garbage)))
                del gc.garbage[:]
            def reset():
                held[:] = [None] * len(held)
                extra[:] = [None] * len(extra)
                del gc.garbage[:]
                gc.unfreeze()
                gc.collect()
                gc.freeze()
            gc.disable()
            with open(sys.argv[1]) as f:
                lines = f.read().split('\\n')
            for line in lines:
                p = line.split()
                if not p:
                    continue
                op = p[0]
                a = [int(x) for x in p[1:]]
                if op == 'Z':
                    reset()
                    out.append('#')
                elif op == 'A':
                    alloc(a[0], a[1])
                elif op == 'S':
                    setslot(a[0], a[1], a[2])
                elif op == 'D':
                    held[a[0]] = None
                elif op == 'E':
                    addextra(a[0], a[1], a[2])
                elif op == 'X':
                    dropextra(a[0], a[1])
                elif op == 'C':
                    observe(a[0])
                elif op == 'V':
                    saveall()
                else:
                    raise SystemExit('bad op ' + line)
            sys.stdout.write('\\n'.join(out) + '\\n')
            """.formatted(MAX_OBJECTS, EXTRA_SLOTS);

    /** A type with its own payload and traverse, so the collector takes its generic paths. */
    static final class Cell {
        final int[] items;

        Cell(int n) {
            items = new int[n];
        }
    }

    final ObjectType cell = new ObjectType("cell", true) {
        @Override
        public void traverse(int self, Object payload, ReferenceVisitor visitor) {
            int[] items = ((Cell) payload).items;
            for (int i = items.length - 1; i >= 0; i--) {
                if (items[i] != Heap.NULL) {
                    visitor.visit(items[i]);
                }
            }
        }

        @Override
        public void clear(Heap heap, int self, Object payload) {
            int[] items = ((Cell) payload).items;
            int[] old = items.clone();
            Arrays.fill(items, Heap.NULL);
            for (int i = old.length - 1; i >= 0; i--) {
                if (old[i] != Heap.NULL) {
                    heap.decref(old[i]);
                }
            }
        }

        @Override
        public long basicSize(Object payload) {
            return 40 + 8L * ((Cell) payload).items.length;
        }
    };

    @Test
    void generationOrderAndGarbageOrderMatchCPython() throws IOException, InterruptedException {
        String python = CPythonOracle.find();
        assumeTrue(python != null, "CPython 3.12 not installed");
        List<List<String>> scenarios = new ArrayList<>();
        for (int i = 0; i < SCENARIOS; i++) {
            scenarios.add(scenario(new SplittableRandom(0x5eed_0000L + i), i));
        }
        List<String> expected = runOracle(python, scenarios);
        int line = 0;
        for (int i = 0; i < SCENARIOS; i++) {
            List<String> ops = scenarios.get(i);
            List<String> fast = replay(ops, newHeap(Heap.builder().binding(vm)), node::newEmpty, node);
            List<String> checked = replay(ops, newHeap(Heap.builder().binding(vm).validating(true)),
                    node::newEmpty, node);
            List<String> generic = replay(ops, newHeap(Heap.builder().binding(vm)),
                    (h, k) -> h.allocate(cell, new Cell(k)), null);
            int[] allocations = {0};
            List<String> mixed = replay(ops, newHeap(Heap.builder().binding(vm)),
                    (h, k) -> allocations[0]++ % 2 == 0 ? node.newEmpty(h, k) : h.allocate(cell, new Cell(k)), node);
            List<String> want = expected.subList(line, line + fast.size());
            line += fast.size();
            assertEquals(want, fast, "scenario " + i + " (IntArrayType):\n" + String.join("\n", ops));
            assertEquals(want, checked, "scenario " + i + " (validating heap)");
            assertEquals(want, generic, "scenario " + i + " (type with its own traverse)");
            assertEquals(want, mixed, "scenario " + i + " (both types, alternating)");
        }
        assertEquals(expected.size(), line, "CPython printed more lines than core");
    }

    /**
     * A random scenario: objects of 0-3 slots wired at random (cycles, chains, shared
     * targets), some external references dropped, some objects given over a hundred
     * extra references, collections of random generations and DEBUG_SAVEALL collections.
     */
    private static List<String> scenario(SplittableRandom rnd, int index) {
        List<String> ops = new ArrayList<>();
        ops.add("Z");
        int n = index % 4 == 0 ? 150 + rnd.nextInt(MAX_OBJECTS - 150) : 2 + rnd.nextInt(40);
        int[] slots = new int[n];
        boolean[] held = new boolean[n];
        int allocated = 0;
        int extraTop = 0;
        List<int[]> extras = new ArrayList<>();
        int steps = n * 3 + rnd.nextInt(40);
        for (int s = 0; s < steps; s++) {
            int pick = rnd.nextInt(100);
            if (allocated < n && (pick < 35 || allocated < 2)) {
                int k = rnd.nextInt(4);
                slots[allocated] = k;
                held[allocated] = true;
                ops.add("A " + allocated + " " + k);
                allocated++;
            } else if (pick < 70) {
                int i = rnd.nextInt(allocated);
                int j = rnd.nextInt(allocated + 1) - 1;
                if (held[i] && slots[i] > 0 && (j < 0 || held[j])) {
                    // chains along allocation order are common in real heaps
                    if (j >= 0 && rnd.nextInt(3) == 0 && i > 0 && held[i - 1]) {
                        j = i - 1;
                    }
                    ops.add("S " + i + " " + rnd.nextInt(slots[i]) + " " + j);
                }
            } else if (pick < 85) {
                int i = rnd.nextInt(allocated);
                if (held[i]) {
                    held[i] = false;
                    ops.add("D " + i);
                }
            } else if (pick < 89) {
                int i = rnd.nextInt(allocated);
                if (held[i] && extraTop + 400 < EXTRA_SLOTS) {
                    int m = 100 + rnd.nextInt(250);
                    ops.add("E " + i + " " + extraTop + " " + m);
                    extras.add(new int[] {extraTop, m});
                    extraTop += m;
                }
            } else if (pick < 91 && !extras.isEmpty()) {
                int[] e = extras.remove(rnd.nextInt(extras.size()));
                ops.add("X " + e[0] + " " + e[1]);
            } else if (pick < 98) {
                ops.add("C " + rnd.nextInt(3));
            } else {
                ops.add("V");
            }
        }
        ops.add("C 0");
        ops.add("C 2");
        return ops;
    }

    interface Allocator {
        int allocate(Heap heap, int slots);
    }

    /** Replays a scenario on a heap; prints what the oracle prints. */
    private List<String> replay(List<String> ops, Heap heap, Allocator alloc, IntArrayType slotType) {
        heap.disable();
        List<String> out = new ArrayList<>();
        int[] held = new int[MAX_OBJECTS];
        int[] extra = new int[EXTRA_SLOTS];
        int[] tagOf = new int[1024];
        for (String line : ops) {
            String[] p = line.split(" ");
            int[] a = new int[p.length - 1];
            for (int i = 1; i < p.length; i++) {
                a[i - 1] = Integer.parseInt(p[i]);
            }
            switch (p[0]) {
                case "Z" -> out.add("#");
                case "A" -> {
                    int h = alloc.allocate(heap, a[1]);
                    if (h >= tagOf.length) {
                        tagOf = Arrays.copyOf(tagOf, h * 2);
                    }
                    tagOf[h] = a[0];
                    held[a[0]] = h;
                }
                case "S" -> {
                    int holder = held[a[0]];
                    int value = a[2] >= 0 ? held[a[2]] : Heap.NULL;
                    if (slotType != null && heap.type(holder) == slotType) {
                        slotType.set(heap, holder, a[1], value);
                    } else {
                        int[] items = ((Cell) heap.payload(holder)).items;
                        if (value != Heap.NULL) {
                            heap.incref(value);
                        }
                        int old = items[a[1]];
                        items[a[1]] = value;
                        if (old != Heap.NULL) {
                            heap.decref(old);
                        }
                    }
                }
                case "D" -> {
                    int h = held[a[0]];
                    held[a[0]] = Heap.NULL;
                    heap.decref(h);
                }
                case "E" -> {
                    for (int x = a[1]; x < a[1] + a[2]; x++) {
                        heap.incref(held[a[0]]);
                        extra[x] = held[a[0]];
                    }
                }
                case "X" -> {
                    for (int x = a[0]; x < a[0] + a[1]; x++) {
                        int h = extra[x];
                        extra[x] = Heap.NULL;
                        heap.decref(h);
                    }
                }
                case "C" -> {
                    long n = heap.collect(a[0]);
                    out.add("C " + a[0] + " " + n);
                    for (int g = 0; g < 3; g++) {
                        out.add("G " + g + " " + tags(heap.getObjects(g), tagOf));
                    }
                }
                case "V" -> {
                    heap.setDebug(DebugFlags.SAVEALL);
                    long n = heap.collect(2);
                    heap.setDebug(0);
                    out.add("V " + n + " " + tags(heap.garbage(), tagOf));
                    heap.clearGarbage();
                }
                default -> throw new IllegalArgumentException(line);
            }
        }
        // leave the heap empty for the validator
        for (int h : held) {
            if (h != Heap.NULL) {
                heap.decref(h);
            }
        }
        for (int h : extra) {
            if (h != Heap.NULL) {
                heap.decref(h);
            }
        }
        heap.collect(2);
        assertEquals(0, heap.allocatedBlocks(), "objects left after the scenario");
        return out;
    }

    private static String tags(int[] handles, int[] tagOf) {
        StringBuilder sb = new StringBuilder();
        for (int h : handles) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(tagOf[h]);
        }
        return sb.toString();
    }

    private static List<String> runOracle(String python, List<List<String>> scenarios)
            throws IOException, InterruptedException {
        Path script = Files.createTempFile("refgc-order", ".py");
        Path transcript = Files.createTempFile("refgc-order", ".txt");
        try {
            Files.writeString(script, ORACLE, StandardCharsets.UTF_8);
            StringBuilder sb = new StringBuilder();
            for (List<String> ops : scenarios) {
                for (String op : ops) {
                    sb.append(op).append('\n');
                }
            }
            Files.writeString(transcript, sb, StandardCharsets.UTF_8);
            Process proc = new ProcessBuilder(python, script.toString(), transcript.toString())
                    .redirectErrorStream(true).start();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = proc.waitFor();
            assertEquals(0, rc, out);
            return new ArrayList<>(Arrays.asList(out.split("\n", -1)).subList(0, out.split("\n", -1).length - 1));
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(transcript);
        }
    }
}
