package org.refgc.core;

/**
 * The referents that subtract_refs saw each generically traversed object report, kept
 * for move_unreachable, so that a collection calls a type's {@code traverse} once per
 * object for the two passes instead of twice. Nothing runs between the two passes
 * (no finalizer, callback or embedder code), and tp_traverse must report the same
 * references each time it is called on an unchanged object, so the recorded list is
 * what the second call would report. Worth it when a traverse is dear (an embedder
 * calling into another language per object); the collector's own slab-stored objects
 * are never recorded.
 *
 * <p>Edges go back to back into one growing array; an open-addressing table maps a
 * handle to its run. Recording stops at {@link #MAX_EDGES} edges: objects after that
 * are traversed again, so the memory a collection borrows stays bounded.
 */
final class TraversalRecord {
    /** At most this many edges are recorded per collection (16 MiB of ints). */
    static final int MAX_EDGES = 1 << 22;

    private IntList edges = new IntList(64);
    /** Open-addressing table: handle (0 = empty), and start/end offsets into edges. */
    private int[] keys = new int[64];
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int count;

    /** Whether another object's edges may still be recorded. */
    boolean accepting() {
        return edges.size() < MAX_EDGES && count < MAX_EDGES;
    }

    /** The offset the next recorded edge goes to. */
    int mark() {
        return edges.size();
    }

    void addEdge(int r) {
        edges.add(r);
    }

    /** Ends the run of {@code h}'s edges begun at {@code start} (a {@link #mark}). */
    void close(int h, int start) {
        if ((count + 1) * 2 > keys.length) {
            rehash(keys.length * 2);
        }
        int slot = slotOf(h, keys);
        if (keys[slot] == 0) {
            count++;
        }
        keys[slot] = h;
        starts[slot] = start;
        ends[slot] = edges.size();
    }

    /**
     * Visits {@code h}'s recorded edges in the order traverse reported them.
     *
     * @return false if {@code h} has no record (the caller traverses it)
     */
    boolean replay(int h, ReferenceVisitor v) {
        if (count == 0) {
            return false;
        }
        int slot = slotOf(h, keys);
        if (keys[slot] != h) {
            return false;
        }
        for (int i = starts[slot], end = ends[slot]; i < end; i++) {
            v.visit(edges.get(i));
        }
        return true;
    }

    /** Forgets everything (the objects may change once embedder code runs). */
    void clear() {
        if (keys.length > 1024) {
            // a large collection grew the table: give it back rather than clear it at
            // every young collection after
            keys = new int[64];
            starts = new int[64];
            ends = new int[64];
        } else if (count > 0) {
            java.util.Arrays.fill(keys, 0);
        }
        count = 0;
        if (edges.size() > 1 << 16) {
            edges = new IntList(64);
        } else {
            edges.clear();
        }
    }

    private static int slotOf(int h, int[] table) {
        int mask = table.length - 1;
        int x = h * 0x9E3779B9;
        int i = (x ^ x >>> 16) & mask;
        while (table[i] != 0 && table[i] != h) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void rehash(int capacity) {
        int[] oldKeys = keys;
        int[] oldStarts = starts;
        int[] oldEnds = ends;
        keys = new int[capacity];
        starts = new int[capacity];
        ends = new int[capacity];
        for (int i = 0; i < oldKeys.length; i++) {
            int h = oldKeys[i];
            if (h != 0) {
                int slot = slotOf(h, keys);
                keys[slot] = h;
                starts[slot] = oldStarts[i];
                ends[slot] = oldEnds[i];
            }
        }
    }
}
