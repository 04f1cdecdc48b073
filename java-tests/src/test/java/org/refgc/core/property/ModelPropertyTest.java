package org.refgc.core.property;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Random cases run in lockstep on core and on {@link ReferenceModel}; see {@link Lockstep}
 * for the invariants and {@link Profile} for the families of cases. Seeds are fixed, so a
 * run is reproducible; a failure prints its seed and a shrunk list of steps.
 *
 * <p>{@code -Drefgc.property.seed=PROFILE:SEED} replays one case;
 * {@code -Drefgc.property.scale=N} runs N times as many cases per profile.
 */
class ModelPropertyTest {

    private static final AtomicLong CASES = new AtomicLong();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Profile.class)
    void coreAgreesWithTheReferenceModel(Profile profile) {
        String only = System.getProperty("refgc.property.seed");
        if (only != null && !only.isEmpty()) {
            String[] parts = only.split(":");
            if (Profile.valueOf(parts[0]) == profile) {
                runCase(profile, Long.parseLong(parts[1]));
            }
            return;
        }
        double scale = Double.parseDouble(System.getProperty("refgc.property.scale", "1"));
        long cases = Math.round(profile.cases * scale);
        long base = 1_000_003L * (profile.ordinal() + 1);
        for (long i = 0; i < cases; i++) {
            runCase(profile, base + i);
        }
    }

    private static void runCase(Profile profile, long seed) {
        CaseRunner.Failure f = CaseRunner.run(profile, seed);
        CASES.incrementAndGet();
        if (f != null) {
            CaseRunner.Failure shrunk = CaseRunner.shrink(f);
            String report = CaseRunner.report(profile, seed, f, shrunk);
            System.err.println(report);
            AssertionError e = new AssertionError(report, f.error());
            throw e;
        }
    }

    /** The model itself: a 3-cycle held by one root is kept, then collected once dropped. */
    @Test
    void modelCollectsAnUnrootedCycle() {
        ReferenceModel m = new ReferenceModel();
        for (int h = 1; h <= 3; h++) {
            m.allocate(h, ReferenceModel.Kind.NODE, true, 1, false, false);
        }
        m.setSlot(1, 0, 2);
        m.setSlot(2, 0, 3);
        m.setSlot(3, 0, 1);
        m.decrefExternal(2);
        m.decrefExternal(3);
        assertEquals(0, m.collect(2));
        assertEquals(3, m.live.size());
        m.decrefExternal(1);
        assertEquals(3, m.live.size());
        assertEquals(3, m.collect(2));
        assertEquals(0, m.live.size());
    }

    @AfterAll
    static void report() {
        long[] s = ReferenceModel.STATS;
        System.out.println("refgc property tests: " + CASES.get() + " random cases run; automatic collections "
                + s[0] + "/" + s[1] + "/" + s[2] + " (gen0/1/2), gen2 deferred by the long-lived rule " + s[3]
                + ", collections freeing objects " + s[4] + ", finalizers run " + s[5] + " (resurrecting " + s[6]
                + "), weakrefs cleared " + s[7] + ", weakref callbacks " + s[8] + " at dealloc and " + s[9]
                + " in collections, tuples untracked " + s[10] + ", legacy objects to gc.garbage " + s[11]);
    }
}
