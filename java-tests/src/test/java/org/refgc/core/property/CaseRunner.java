package org.refgc.core.property;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates a case from a seed, runs it in {@link Lockstep}, and on failure shrinks the
 * sequence of steps (delta debugging: drop chunks of steps while the replay still fails)
 * to report a short reproduction.
 */
final class CaseRunner {

    /** A failing case: its configuration, its steps, and what went wrong. */
    record Failure(Lockstep.Config config, List<Op> ops, Throwable error) { }

    private CaseRunner() {
    }

    /** Runs case {@code seed} of {@code profile}; returns null if it passes. */
    static Failure run(Profile profile, long seed) {
        Random r = new Random(seed);
        Lockstep.Config config = profile.config(r);
        int steps = profile.steps(r);
        List<Op> ops = new ArrayList<>();
        Lockstep ls = new Lockstep(config);
        try {
            for (int serial = 0; serial < steps; serial++) {
                Op op = null;
                for (int tries = 0; op == null && tries < 20; tries++) {
                    op = profile.next(r, serial, ls);
                }
                if (op == null) {
                    continue;
                }
                ops.add(op);
                ls.apply(op);
            }
            ls.finish();
            return null;
        } catch (Throwable t) {
            return new Failure(config, ops, t);
        }
    }

    /** Replays steps, skipping those that no longer apply; returns the error, or null. */
    static Throwable replay(Lockstep.Config config, List<Op> ops) {
        Lockstep ls = new Lockstep(config);
        try {
            for (Op op : ops) {
                if (ls.applicable(op)) {
                    ls.apply(op);
                }
            }
            ls.finish();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** Shrinks a failure to a (locally) minimal list of steps that still fails. */
    static Failure shrink(Failure f) {
        List<Op> ops = new ArrayList<>(f.ops());
        Throwable error = f.error();
        int budget = 3000;
        for (int chunk = Math.max(1, ops.size() / 2); chunk >= 1 && budget > 0; chunk /= 2) {
            boolean progress = true;
            while (progress && budget > 0) {
                progress = false;
                for (int start = 0; start < ops.size() && budget > 0; ) {
                    List<Op> candidate = new ArrayList<>(ops.subList(0, start));
                    candidate.addAll(ops.subList(Math.min(ops.size(), start + chunk), ops.size()));
                    budget--;
                    Throwable t = replay(f.config(), candidate);
                    if (t != null && t.getClass() == f.error().getClass()) {
                        ops = candidate;
                        error = t;
                        progress = true;
                    } else {
                        start += chunk;
                    }
                }
            }
        }
        // Also try the simplest configuration.
        Lockstep.Config c = f.config();
        Lockstep.Config plain = new Lockstep.Config(true, 1024, c.t0(), c.t1(), c.t2(), c.enabled(), false);
        Throwable t = replay(plain, ops);
        if (t != null && t.getClass() == f.error().getClass()) {
            return new Failure(plain, ops, t);
        }
        return new Failure(c, ops, error);
    }

    /** A report: seed, configuration, the shrunk steps, the error. */
    static String report(Profile profile, long seed, Failure original, Failure shrunk) {
        StringBuilder sb = new StringBuilder();
        sb.append("property case failed: profile ").append(profile).append(", seed ").append(seed)
                .append(" (replay with -Drefgc.property.seed=").append(profile).append(':').append(seed).append(")\n");
        sb.append("original: ").append(original.ops().size()).append(" steps, error: ").append(original.error()).append('\n');
        sb.append("shrunk to ").append(shrunk.ops().size()).append(" steps; heap ").append(shrunk.config()).append('\n');
        for (Op op : shrunk.ops()) {
            sb.append("  ").append(op).append('\n');
        }
        sb.append("error: ").append(shrunk.error());
        return sb.toString();
    }
}
