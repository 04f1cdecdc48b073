package org.refgc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Deallocation of plain objects (slab-stored, no hooks, no weak references) skips the
 * general machinery and batches the heap's counters ({@link PlainDealloc}). These
 * tests run the same random scenarios on a plain type and on a type that behaves the
 * same but takes the general path (it overrides {@code basicSize} with the same
 * formula, so its objects keep an {@code int[]}), and require the same observations:
 * collection results, counters read by finalizers in the middle of a deallocation or
 * a delete_garbage, counters afterwards, and the order in which freed handles are
 * reused.
 */
class PlainDeallocTest extends HeapTestBase {

    /** Objects each finalizer allocates (a default heap starts with room for 1024). */
    private static final int BALLAST = 700;
    /** Handles the finalizers allocated, released at the end of a scenario. */
    private final List<Integer> ballast = new ArrayList<>();

    /** A non-GC type whose dealloc hook allocates (so the heap's arrays may grow). */
    private final ObjectType hooked = new ObjectType("hooked", false) {
        @Override
        public void onFree(Heap heap, int self, Object payload) {
            for (int i = 0; i < BALLAST; i++) {
                ballast.add(heap.allocate(atom, new int[0]));
            }
        }
    };

    /** Same as {@link #node} but not slab-stored, so never plain. */
    private final IntArrayType generic = new IntArrayType("generic") {
        @Override
        public long basicSize(Object payload) {
            return 24 + 8L * ((int[]) payload).length;
        }
    };

    @Test
    void plainAndGeneralDeallocationAreIndistinguishable() {
        int cases = 0;
        for (int seed = 0; seed < 300; seed++) {
            for (boolean validating : new boolean[] {false, true}) {
                List<String> plain = scenario(seed, node, validating);
                List<String> general = scenario(seed, generic, validating);
                assertEquals(general, plain, "seed " + seed + " validating " + validating);
                cases++;
            }
        }
        assertEquals(600, cases);
    }

    @Test
    void deepChainsThroughTheTrashcanAreIndistinguishable() {
        for (int seed = 0; seed < 40; seed++) {
            for (boolean validating : new boolean[] {false, true}) {
                assertEquals(chain(seed, generic, validating), chain(seed, node, validating),
                        "seed " + seed + " validating " + validating);
            }
        }
    }

    /**
     * A chain of up to 3000 objects (each holding the previous one in its last slot,
     * sometimes also a shared leaf in another slot, sometimes a finalizer object as a
     * link), built in allocation order or shuffled, dropped from its head: the
     * trashcan defers every 50th level. Finalizers record the counters they see.
     */
    private List<String> chain(int seed, IntArrayType type, boolean validating) {
        SplittableRandom rnd = new SplittableRandom(0xc4a1_0000L + seed);
        Heap heap = newHeap(Heap.builder().binding(vm).validating(validating).enabled(false));
        List<String> out = new ArrayList<>();
        IntArrayType fin = recordingFinalizerType(type, out);
        int n = 1 + rnd.nextInt(3000);
        int leaf = heap.allocate(type, new int[0]);
        int[] spare = new int[n]; // allocated first when shuffled, so links are not h - 1
        boolean shuffled = rnd.nextBoolean();
        if (shuffled) {
            for (int i = 0; i < n; i++) {
                spare[i] = heap.allocate(type, new int[0]);
            }
            for (int i = n - 1; i > 0; i -= 2) {
                heap.decref(spare[i]);
            }
        }
        int head = Heap.NULL;
        for (int i = 0; i < n; i++) {
            int slots = 1 + rnd.nextInt(3);
            IntArrayType t = rnd.nextInt(60) == 0 ? fin : type;
            int[] refs = new int[slots];
            refs[slots - 1] = head; // our reference moves in
            if (slots > 1 && rnd.nextBoolean()) {
                heap.incref(leaf);
                refs[0] = leaf;
            }
            head = t == fin ? fin.newEmpty(heap, slots) : heap.allocate(t, refs);
            if (t == fin) {
                for (int s = 0; s < slots; s++) {
                    if (refs[s] != Heap.NULL) {
                        fin.setStealing(heap, head, s, refs[s]);
                    }
                }
            }
        }
        heap.decref(head);
        out.add("dropped blocks=" + heap.allocatedBlocks() + " live=" + heap.liveCount(type) + " bytes="
                + heap.liveBytes() + " gen0=" + heap.getCount()[0] + " tracked=" + heap.getObjects(-1).length);
        StringBuilder reuse = new StringBuilder("reuse");
        for (int i = 0; i < 12; i++) {
            reuse.append(' ').append(heap.allocate(type, new int[0]));
        }
        out.add(reuse.toString());
        heap.validator().check();
        releaseBallast(heap, out);
        return out;
    }

    private void releaseBallast(Heap heap, List<String> out) {
        out.add("ballast " + ballast.size());
        for (int b : ballast) {
            heap.decref(b);
        }
        ballast.clear();
        out.add("released blocks=" + heap.allocatedBlocks() + " bytes=" + heap.liveBytes());
        heap.validator().check();
    }

    @Test
    void duplicateReferencesInOneObjectFreeTheirTargetOnTheLastDrop() {
        Heap heap = newHeap(Heap.builder().binding(vm));
        int leaf = node.newEmpty(heap, 0);
        int pair = node.newObject(heap, leaf, leaf);
        heap.decref(leaf); // pair holds both references
        assertTrue(heap.isAlive(leaf));
        long blocks = heap.allocatedBlocks();
        heap.decref(pair); // plain path must not apply (the second drop frees leaf)
        assertEquals(blocks - 2, heap.allocatedBlocks());
        assertEquals(0, heap.liveCount(node));
        assertEquals(0, heap.liveBytes());
        heap.validator().check();
    }

    /**
     * A type whose finalizer records the heap's counters (live objects of {@code type},
     * blocks, bytes, gen0 count) in {@code out}, then allocates enough that the heap's
     * arrays grow in the middle of the deallocation or delete_garbage that called it.
     */
    private IntArrayType recordingFinalizerType(IntArrayType type, List<String> out) {
        return new IntArrayType("fin") {
            @Override
            public boolean hasFinalizer() {
                return true;
            }

            @Override
            public void finalize(Heap h, int self, Object payload) {
                out.add("fin " + self + " live=" + h.liveCount(type) + " blocks=" + h.allocatedBlocks()
                        + " bytes=" + h.liveBytes() + " gen0=" + h.getCount()[0]);
                for (int i = 0; i < BALLAST; i++) {
                    ballast.add(h.allocate(atom, new int[0]));
                }
            }
        };
    }

    /**
     * Random objects of {@code type} (0-3 slots, random edges) mixed with objects
     * whose finalizer records the heap's counters; some external references dropped
     * (freeing acyclic parts by refcounting), then a full collection, then the next
     * allocations' handles.
     */
    private List<String> scenario(int seed, IntArrayType type, boolean validating) {
        SplittableRandom rnd = new SplittableRandom(0x9a1e_0000L + seed);
        Heap heap = newHeap(Heap.builder().binding(vm).validating(validating).enabled(false));
        List<String> out = new ArrayList<>();
        IntArrayType fin = recordingFinalizerType(type, out);
        int n = 2 + rnd.nextInt(seed % 5 == 0 ? 400 : 40);
        int[] objs = new int[n];
        for (int i = 0; i < n; i++) {
            int slots = rnd.nextInt(4);
            objs[i] = rnd.nextInt(8) == 0 ? fin.newEmpty(heap, slots) : heap.allocate(type, new int[slots]);
        }
        for (int i = 0; i < n; i++) {
            IntArrayType t = (IntArrayType) heap.type(objs[i]);
            int slots = t.length(heap, objs[i]);
            for (int s = 0; s < slots; s++) {
                int k = rnd.nextInt(16);
                if (k == 0) {
                    // an object only this slot holds, whose dealloc hook allocates: it
                    // dies while delete_garbage clears this object (or a chain frees it)
                    t.setStealing(heap, objs[i], s, heap.allocate(hooked, null));
                } else if (k > 4) {
                    t.set(heap, objs[i], s, objs[rnd.nextInt(n)]);
                }
            }
        }
        boolean[] held = new boolean[n];
        for (int i = 0; i < n; i++) {
            held[i] = true;
        }
        for (int i = 0; i < n; i++) {
            if (rnd.nextInt(3) != 0) {
                heap.decref(objs[i]);
                held[i] = false;
                out.add("drop " + i + " blocks=" + heap.allocatedBlocks() + " bytes=" + heap.liveBytes());
            }
        }
        out.add("collect " + heap.collect(2) + " blocks=" + heap.allocatedBlocks() + " live="
                + heap.liveCount(type) + " bytes=" + heap.liveBytes() + " gen0=" + heap.getCount()[0]
                + " tracked=" + heap.getObjects(-1).length);
        StringBuilder reuse = new StringBuilder("reuse");
        for (int i = 0; i < 8; i++) {
            reuse.append(' ').append(heap.allocate(type, new int[0]));
        }
        out.add(reuse.toString());
        for (int i = 0; i < n; i++) {
            if (held[i]) {
                heap.decref(objs[i]);
            }
        }
        out.add("end " + heap.collect(2) + " blocks=" + heap.allocatedBlocks() + " bytes=" + heap.liveBytes());
        heap.validator().check();
        releaseBallast(heap, out);
        return out;
    }
}
