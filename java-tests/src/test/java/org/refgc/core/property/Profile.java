package org.refgc.core.property;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.refgc.core.property.ReferenceModel.Kind;
import org.refgc.core.property.ReferenceModel.MObj;

/**
 * A family of random cases: how the heap is configured and how often each kind of step is
 * drawn. Each profile stresses one area; {@link #MIXED} draws from all of them.
 */
enum Profile {
    /** Refcounting alone: allocation, references, roots; no collection, no finalizers. */
    REFCOUNT(1500, 20, 60, false, false, false, false, w(30, 0, 35, 12, 20, 5, 0, 0, 0, 0, 0)),
    /** Random graphs, then full collections; no finalizers. */
    FULL_COLLECT(2000, 20, 70, false, false, false, false, w(28, 0, 38, 8, 18, 4, 5, 0, 0, 0, 0)),
    /** Larger random graphs (up to a few hundred objects) with full collections. */
    GRAPHS(200, 150, 400, false, true, false, false, w(25, 3, 45, 4, 18, 2, 2, 0, 0, 0, 0)),
    /** collect(0), collect(1), collect(2) interleaved: generations and long-lived counters. */
    GENERATIONS(1500, 20, 80, false, true, false, true, w(28, 3, 35, 8, 18, 4, 8, 0, 1, 1, 0)),
    /** Automatic collection with tiny thresholds, run at safe points. */
    AUTOMATIC(700, 80, 250, true, true, false, true, w(34, 3, 30, 5, 10, 2, 1, 22, 0, 0, 1)),
    /**
     * Automatic collection over a long-lived population with tiny thresholds and few new
     * objects, so that full collections are often deferred by the long-lived rule.
     */
    LONG_LIVED(250, 380, 450, true, false, false, false, w(10, 0, 30, 10, 4, 4, 0, 30, 0, 0, 0)),
    /**
     * Long chains (deeper than the trashcan's 50 levels) of nodes with finalizers and
     * weakrefs with callbacks, dropped from the head: finalizer and callback order through
     * the trashcan.
     */
    CHAINS(120, 250, 450, false, true, true, false, w(1)),
    /** PEP 442 finalizers, some resurrecting, at refcount zero and in cyclic trash. */
    FINALIZERS(2000, 20, 70, false, true, true, false, w(28, 3, 35, 8, 20, 4, 7, 0, 0, 0, 0, 1, 2)),
    /** Everything at once, including weakrefs to resurrected objects and freezing. */
    MIXED(2000, 20, 90, true, true, true, true, w(26, 6, 32, 8, 18, 4, 6, 8, 1, 1, 1, 1, 2));

    /** Step weights, in the order of {@link Op.Code}; missing ones are 0. */
    private static int[] w(int... weights) {
        return java.util.Arrays.copyOf(weights, Op.Code.values().length);
    }

    final int cases;
    final int minSteps;
    final int maxSteps;
    final boolean automatic;
    final boolean weakRefs;
    final boolean finalizers;
    final boolean freeze;
    private final int[] weights;
    private final int total;

    Profile(int cases, int minSteps, int maxSteps, boolean automatic, boolean weakRefs, boolean finalizers,
            boolean freeze, int[] weights) {
        this.cases = cases;
        this.minSteps = minSteps;
        this.maxSteps = maxSteps;
        this.automatic = automatic;
        this.weakRefs = weakRefs;
        this.finalizers = finalizers;
        this.freeze = freeze;
        this.weights = weights.clone();
        if (!weakRefs) {
            this.weights[Op.Code.WEAKREF.ordinal()] = 0;
        }
        if (!freeze) {
            this.weights[Op.Code.FREEZE.ordinal()] = 0;
            this.weights[Op.Code.UNFREEZE.ordinal()] = 0;
        }
        int t = 0;
        for (int x : this.weights) {
            t += x;
        }
        this.total = t;
    }

    /** What a generator may look at: the live objects, by id, as the model sees them. */
    interface State {
        /** @return ids of live objects, ascending */
        java.util.Collection<Integer> liveIds();

        /** @return the model's object for {@code id}, or null if it is not alive */
        MObj obj(int id);
    }

    /** The heap configuration of case {@code seed}. */
    Lockstep.Config config(Random r) {
        boolean validating = r.nextBoolean();
        int capacity = r.nextInt(4) == 0 ? 1 + r.nextInt(8) : 1024;
        boolean eachStep = r.nextInt(8) == 0;
        if (this == LONG_LIVED) {
            return new Lockstep.Config(validating, capacity, 1, 1, 1 + r.nextInt(2), true, eachStep);
        }
        if (automatic) {
            return new Lockstep.Config(validating, capacity, 1 + r.nextInt(6), 1 + r.nextInt(3),
                    1 + r.nextInt(3), r.nextInt(8) != 0, eachStep);
        }
        return new Lockstep.Config(validating, capacity, 700, 10, 10, r.nextBoolean(), eachStep);
    }

    int steps(Random r) {
        return minSteps + r.nextInt(maxSteps - minSteps + 1);
    }

    /**
     * Draws the next step for the current state, or returns null if the drawn kind has no
     * possible target (the caller draws again).
     */
    Op next(Random r, int serial, State ls) {
        if (this == CHAINS) {
            return chainStep(r, serial, ls);
        }
        int prologue = this == AUTOMATIC ? 70 : this == LONG_LIVED ? 120 : -1;
        if (serial <= prologue) {
            // A long-lived population first (then a full collection), so that the
            // long-lived rule has something to defer to.
            if (serial == prologue) {
                return new Op(serial, Op.Code.COLLECT, 2, 0, 0);
            }
            Op op = serial % 2 == 0 ? null : draw(r, serial, ls, Op.Code.SET);
            return op != null ? op : draw(r, serial, ls, Op.Code.ALLOC);
        }
        int x = r.nextInt(total);
        Op.Code code = null;
        for (Op.Code c : Op.Code.values()) {
            x -= weights[c.ordinal()];
            if (x < 0) {
                code = c;
                break;
            }
        }
        return draw(r, serial, ls, code);
    }

    private Op draw(Random r, int serial, State ls, Op.Code code) {
        List<Integer> ids = new ArrayList<>(ls.liveIds());
        switch (code) {
            case ALLOC: {
                if (r.nextInt(8) == 0) {
                    // A tuple of one or two non-tuples, atoms more often than not.
                    List<Integer> atoms = filter(ids, ls, o -> o.kind == Kind.ATOM);
                    List<Integer> others = filter(ids, ls, o -> o.kind != Kind.TUPLE);
                    if (others.isEmpty()) {
                        return null;
                    }
                    int first = !atoms.isEmpty() && r.nextInt(3) != 0 ? pick(r, atoms) : pick(r, others);
                    int second = r.nextBoolean() ? -1 : !atoms.isEmpty() && r.nextInt(3) != 0 ? pick(r, atoms) : pick(r, others);
                    return new Op(serial, code, 3, first, second);
                }
                int kind = r.nextInt(100);
                int k = kind < 45 ? 0 : kind < 88 ? 1 : 2;
                int slots = k == 2 ? 0 : r.nextInt(5);
                int fin = 0;
                if (finalizers && k != 2) {
                    int f = r.nextInt(100);
                    fin = f < 55 ? 0 : f < 77 ? 1 : f < 90 ? 2 : 3;
                }
                return new Op(serial, code, k, slots, fin);
            }
            case WEAKREF: {
                List<Integer> nodes = filter(ids, ls, o -> o.kind == Kind.NODE);
                if (nodes.isEmpty()) {
                    return null;
                }
                // Callbacks are atoms: their own deallocation has no side effects, so the
                // order in which weakrefs drop them does not matter.
                List<Integer> atoms = filter(ids, ls, o -> o.kind == Kind.ATOM);
                int callback = atoms.isEmpty() || r.nextBoolean() ? -1 : pick(r, atoms);
                return new Op(serial, code, pick(r, nodes), callback, 0);
            }
            case SET: {
                List<Integer> holders = filter(ids, ls, o -> o.kind == Kind.NODE && emptySlot(o) >= 0);
                if (holders.isEmpty() || ids.isEmpty()) {
                    return null;
                }
                int holder = pick(r, holders);
                int[] slots = ls.obj(holder).slots;
                int slot;
                do {
                    slot = r.nextInt(slots.length);
                } while (slots[slot] != 0);
                // Prefer recent objects a little, so chains and small cycles are common.
                int target = r.nextInt(3) == 0 ? ids.get(Math.max(0, ids.size() - 1 - r.nextInt(4))) : pick(r, ids);
                return new Op(serial, code, holder, slot, target);
            }
            case CLEAR: {
                List<Integer> holders = filter(ids, ls, o -> o.kind == Kind.NODE && fullSlot(o) >= 0);
                if (holders.isEmpty()) {
                    return null;
                }
                int holder = pick(r, holders);
                int[] slots = ls.obj(holder).slots;
                int slot;
                do {
                    slot = r.nextInt(slots.length);
                } while (slots[slot] == 0);
                return new Op(serial, code, holder, slot, 0);
            }
            case DROP: {
                List<Integer> held = filter(ids, ls, o -> o.external > 0);
                return held.isEmpty() ? null : new Op(serial, code, pick(r, held), 0, 0);
            }
            case HOLD:
                return ids.isEmpty() ? null : new Op(serial, code, pick(r, ids), 0, 0);
            case COLLECT: {
                int g = this == FULL_COLLECT || this == GRAPHS ? 2 : r.nextInt(3);
                return new Op(serial, code, g, 0, 0);
            }
            case ENABLE:
                return new Op(serial, code, r.nextInt(3) == 0 ? 0 : 1, 0, 0);
            case DEBUG:
                return new Op(serial, code, r.nextInt(2), 0, 0);
            default:
                return new Op(serial, code, 0, 0, 0);
        }
    }

    /**
     * CHAINS: grow a chain from its head, each chain node (two slots) holding the previous
     * one and a leaf (one slot); sometimes weakref a node or drop the chain. Dropping the head
     * frees it depth first; past 50 levels the trashcan defers the rest of the chain, so a
     * node's leaf is freed before the deferred rest.
     */
    private Op chainStep(Random r, int serial, State ls) {
        List<Integer> ids = new ArrayList<>(ls.liveIds());
        List<Integer> chain = filter(ids, ls, o -> o.kind == Kind.NODE && o.slots.length == 2);
        int x = r.nextInt(100);
        if (x < 3) {
            return new Op(serial, Op.Code.ALLOC, 2, 0, 0); // an atom, for callbacks
        }
        if (chain.isEmpty()) {
            return chainNode(r, serial, 2);
        }
        if (x < 10) {
            return draw(r, serial, ls, Op.Code.WEAKREF);
        }
        if (x < 11) {
            // Drop the newest node the test holds: usually the head, freeing the chain.
            List<Integer> held = filter(ids, ls, o -> o.external > 0 && o.kind == Kind.NODE);
            return held.isEmpty() ? null : new Op(serial, Op.Code.DROP, held.get(held.size() - 1), 0, 0);
        }
        int head = chain.get(chain.size() - 1);
        MObj h = ls.obj(head);
        if (h.external == 0) {
            return chainNode(r, serial, 2);
        }
        if (chain.size() > 1) {
            int prev = chain.get(chain.size() - 2);
            MObj p = ls.obj(prev);
            if (h.slots[0] == 0) {
                return new Op(serial, Op.Code.SET, head, 0, prev); // link the head to the chain
            }
            if (p.external > 0 && h.slots[0] == p.handle) {
                return new Op(serial, Op.Code.DROP, prev, 0, 0); // the chain now hangs from the head
            }
        }
        int newest = ids.get(ids.size() - 1);
        MObj leaf = ls.obj(newest);
        if (h.slots[1] == 0) {
            if (newest > head && leaf.kind == Kind.NODE && leaf.slots.length == 1) {
                return new Op(serial, Op.Code.SET, head, 1, newest);
            }
            return chainNode(r, serial, 1);
        }
        if (newest > head && h.slots[1] == leaf.handle && leaf.external > 0) {
            return new Op(serial, Op.Code.DROP, newest, 0, 0);
        }
        return chainNode(r, serial, 2);
    }

    private static Op chainNode(Random r, int serial, int slots) {
        int f = r.nextInt(100);
        int fin = f < 40 ? 0 : f < 90 ? 1 : f < 92 ? 2 : 3; // few resurrections: they cut cascades short
        return new Op(serial, Op.Code.ALLOC, r.nextInt(2), slots, fin);
    }

    private static int pick(Random r, List<Integer> l) {
        return l.get(r.nextInt(l.size()));
    }

    private static int emptySlot(MObj o) {
        for (int i = 0; i < o.slots.length; i++) {
            if (o.slots[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int fullSlot(MObj o) {
        for (int i = 0; i < o.slots.length; i++) {
            if (o.slots[i] != 0) {
                return i;
            }
        }
        return -1;
    }

    private static List<Integer> filter(List<Integer> ids, State ls, java.util.function.Predicate<MObj> p) {
        List<Integer> out = new ArrayList<>();
        for (int id : ids) {
            MObj o = ls.obj(id);
            if (o != null && p.test(o)) {
                out.add(id);
            }
        }
        return out;
    }
}
