package org.refgc.core.property;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import org.refgc.core.property.ReferenceModel.Kind;
import org.refgc.core.property.ReferenceModel.MObj;

/**
 * Runs cases on the {@link ReferenceModel} alone and writes what it predicts after every
 * step, so that {@code java-tests/bench/model_oracle.py} can replay the same steps on
 * CPython 3.12 and compare: this checks the model itself against the real thing.
 *
 * <p>Format, one record per line ({@code id} is the serial of the allocating step):
 * <pre>
 * case PROFILE SEED
 * op CODE SERIAL A B C
 * ret N                                  (after collect: the return value)
 * fin ID ...                             (finalizers run during the step, in order; "fins":
 *                                         sorted, after a collection or deep deallocations)
 * cb CALLBACK,WEAKREF ...                (weakref callbacks run, likewise "cb" or "cbs")
 * garbage ID ...                         (gc.garbage's test objects, sorted)
 * state ID:RC:GEN:FIN[:REFERENT:CALLBACK] (every live object; GEN is - for untracked,
 *                                         3 for frozen; for weakrefs the referent and the
 *                                         callback, -1 for none)
 * endcase
 * </pre>
 * Only steps that do not depend on allocation counts are used (no safe points, no
 * enable/disable), since the CPython harness allocates objects of its own.
 */
final class ModelTranscript implements Profile.State {
    private final ReferenceModel model = new ReferenceModel();
    private final TreeMap<Integer, Integer> ids = new TreeMap<>();

    @Override
    public Collection<Integer> liveIds() {
        return ids.keySet();
    }

    @Override
    public MObj obj(int id) {
        return ids.containsKey(id) ? model.live.get(id + 1) : null;
    }

    /** Appends the transcript of case {@code seed} of {@code profile}. */
    static void write(Profile profile, long seed, StringBuilder out) {
        Random r = new Random(seed);
        profile.config(r); // consume the same draws as a real case
        int steps = profile.steps(r);
        ModelTranscript t = new ModelTranscript();
        out.append("case ").append(profile).append(' ').append(seed).append('\n');
        for (int serial = 0; serial < steps; serial++) {
            Op op = null;
            for (int tries = 0; op == null && tries < 20; tries++) {
                op = profile.next(r, serial, t);
                if (op != null && (op.code() == Op.Code.SAFEPOINT || op.code() == Op.Code.ENABLE)) {
                    op = null;
                }
                if (op != null && op.code() == Op.Code.ALLOC && op.a() == 3) {
                    op = null; // tuples: the harness cannot observe an untracked tuple's death
                } else if (op != null && op.code() == Op.Code.ALLOC && op.c() == TestTypes.Fin.LEGACY.ordinal()) {
                    // Python code cannot define a tp_del: such objects are plain here.
                    op = new Op(op.serial(), op.code(), op.a(), op.b(), 0);
                }
            }
            if (op == null) {
                continue;
            }
            out.append("op ").append(op.code()).append(' ').append(op.serial()).append(' ')
                    .append(op.a()).append(' ').append(op.b()).append(' ').append(op.c()).append('\n');
            long ret = t.apply(op);
            if (op.code() == Op.Code.COLLECT) {
                out.append("ret ").append(ret).append('\n');
            }
            t.describe(out, op.code() != Op.Code.COLLECT && op.code() != Op.Code.CLEAR_GARBAGE);
        }
        out.append("endcase\n");
    }

    private long apply(Op op) {
        int h = op.serial() + 1;
        switch (op.code()) {
            case ALLOC -> {
                boolean atom = op.a() == 2;
                TestTypes.Fin fin = TestTypes.Fin.values()[op.c()];
                model.allocate(h, atom ? Kind.ATOM : Kind.NODE, !atom, atom ? 0 : op.b(),
                        !atom && fin != TestTypes.Fin.NONE, fin == TestTypes.Fin.RESURRECT)
                        .releaseReversed = op.a() == 0;
                ids.put(op.serial(), h);
            }
            case WEAKREF -> {
                model.newWeakRef(h, true, op.a() + 1, op.b() < 0 ? 0 : op.b() + 1);
                ids.put(op.serial(), h);
            }
            case SET -> model.setSlot(op.a() + 1, op.b(), op.c() + 1);
            case CLEAR -> model.clearSlot(op.a() + 1, op.b());
            case DROP -> model.decrefExternal(op.a() + 1);
            case HOLD -> model.increfExternal(op.a() + 1);
            case COLLECT -> {
                return model.collect(op.a());
            }
            case FREEZE -> model.freeze();
            case DEBUG -> model.saveAll = op.a() == 1;
            case CLEAR_GARBAGE -> model.clearGarbage();
            case UNFREEZE -> model.unfreeze();
            default -> throw new IllegalArgumentException(op.toString());
        }
        return 0;
    }

    private void describe(StringBuilder out, boolean noCollection) {
        for (int freed : model.drainFreed()) {
            ids.remove(freed - 1);
        }
        // The harness's fast nodes are list subclasses, two trashcan levels each in CPython
        // (subtype_dealloc and list_dealloc): compare orders only well below the limit.
        boolean inOrder = noCollection && model.maxNesting < 25;
        model.maxNesting = 0;
        List<Integer> fin = new ArrayList<>();
        for (int f : model.drainFinalized()) {
            fin.add(f - 1);
        }
        List<String> cbs = new ArrayList<>();
        for (int[] c : model.drainCallbacks()) {
            cbs.add((c[0] - 1) + "," + (c[1] - 1));
        }
        if (!inOrder) {
            fin.sort(null);
            cbs.sort(null);
        }
        out.append(inOrder ? "fin" : "fins");
        for (int f : fin) {
            out.append(' ').append(f);
        }
        out.append(inOrder ? "\ncb" : "\ncbs");
        for (String c : cbs) {
            out.append(' ').append(c);
        }
        out.append("\ngarbage");
        for (int g : model.garbage.stream().sorted().toList()) {
            out.append(' ').append(g - 1);
        }
        out.append("\nstate");
        for (MObj o : model.live.values().stream().sorted((a, b) -> a.handle - b.handle).toList()) {
            out.append(' ').append(o.handle - 1).append(':').append(o.refcount).append(':')
                    .append(o.gc ? Integer.toString(o.generation) : "-").append(':').append(o.finalized ? 1 : 0);
            if (o.kind == Kind.WEAKREF) {
                out.append(':').append(o.referent == 0 ? -1 : o.referent - 1)
                        .append(':').append(o.slots[0] == 0 ? -1 : o.slots[0] - 1);
            }
        }
        out.append('\n');
    }
}
