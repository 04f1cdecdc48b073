package org.refgc.core.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.refgc.testing.CPythonOracle;

/**
 * Checks the reference model against CPython 3.12 itself: {@link ModelTranscript} records the
 * model's predictions for random cases and {@code java-tests/bench/model_oracle.py} replays
 * them on real CPython objects (refcounts, frees, finalizers, generations, weakrefs,
 * {@code gc.collect} return values). Runs only where CPython 3.12 is installed
 * ({@code /root/.pyenv/versions/3.12.1/bin/python3.12}, {@code python3.12} on PATH, or
 * {@code -Drefgc.python312=...}).
 */
class ModelMatchesCPythonTest {

    /** Cases per profile; {@code -Drefgc.oracle.cases=N} runs more. */
    private static final int CASES_PER_PROFILE = Integer.getInteger("refgc.oracle.cases", 60);

    @Test
    void modelPredictsWhatCPythonDoes() throws IOException, InterruptedException {
        String python = CPythonOracle.find();
        assumeTrue(python != null, "CPython 3.12 not installed");
        Path script = Path.of("bench", "model_oracle.py").toAbsolutePath();
        if (!Files.exists(script)) {
            script = Path.of("java-tests", "bench", "model_oracle.py").toAbsolutePath();
        }
        StringBuilder sb = new StringBuilder();
        for (Profile p : List.of(Profile.REFCOUNT, Profile.FULL_COLLECT, Profile.GENERATIONS,
                Profile.FINALIZERS, Profile.MIXED)) {
            long base = 7_000_001L * (p.ordinal() + 1);
            for (int i = 0; i < CASES_PER_PROFILE; i++) {
                ModelTranscript.write(p, base + i, sb);
            }
        }
        Path transcript = Files.createTempFile("refgc-model", ".txt");
        try {
            Files.writeString(transcript, sb, StandardCharsets.UTF_8);
            Process proc = new ProcessBuilder(python, script.toString(), transcript.toString())
                    .redirectErrorStream(true).start();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = proc.waitFor();
            System.out.print(out);
            assertEquals(0, rc, out);
        } finally {
            Files.deleteIfExists(transcript);
        }
    }
}
