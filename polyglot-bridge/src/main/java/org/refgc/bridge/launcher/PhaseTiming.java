package org.refgc.bridge.launcher;

import java.io.PrintStream;
import java.util.Map;

/** With {@code REFGC_TIMING=1}: the wall time of each phase of a run, on stderr. */
final class PhaseTiming {
    private final PrintStream out;
    private long last = System.nanoTime();

    private PhaseTiming(PrintStream out) {
        this.out = out;
    }

    static PhaseTiming fromEnvironment(Map<String, String> environment, PrintStream err) {
        String flag = environment.get("REFGC_TIMING");
        return new PhaseTiming(flag != null && !flag.isEmpty() ? err : null);
    }

    void phase(String name) {
        if (out != null) {
            long now = System.nanoTime();
            out.printf("refgc: timing: %-30s %6d ms%n", name, (now - last) / 1_000_000);
            last = now;
        }
    }
}
