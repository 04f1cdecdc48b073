package org.refgc.bridge.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ./refgc} and the CPython 3.12 oracle as subprocesses, for the launcher tests.
 * {@code ./refgc} gets {@code REFGC_NO_BUILD=1}: the Maven build running the tests has just built
 * what it needs.
 */
final class Processes {

    /** The CPython 3.12 oracle on this machine (see DESIGN.md). */
    static final Path CPYTHON = Path.of("/root/.pyenv/versions/3.12.1/bin/python3.12");

    /** The repository root: the nearest directory above the working directory with ./refgc. */
    static final Path ROOT = findRoot();

    /** ./refgc, absolute. */
    static final Path REFGC = ROOT.resolve("refgc");

    private static final long TIMEOUT_SECONDS = 600;

    private Processes() {
    }

    /** What a finished process produced. */
    record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "status " + status + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    static Result refgc(Path workDir, String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(REFGC.toString());
        command.addAll(List.of(args));
        return run(command, workDir, stdin, false);
    }

    static Result cpython(Path workDir, String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(CPYTHON.toString());
        command.addAll(List.of(args));
        return run(command, workDir, stdin, false);
    }

    /** Like {@link #refgc} with stderr merged into stdout (to check interleaving). */
    static Result refgcMerged(Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(REFGC.toString());
        command.addAll(List.of(args));
        return run(command, workDir, "", true);
    }

    static Result cpythonMerged(Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(CPYTHON.toString());
        command.addAll(List.of(args));
        return run(command, workDir, "", true);
    }

    static Result run(List<String> command, Path workDir, String stdin, boolean mergeErr) {
        return run(command, workDir, stdin, mergeErr, Map.of());
    }

    /** As {@link #run(List, Path, String, boolean)}, with environment changes (a null value removes). */
    static Result run(List<String> command, Path workDir, String stdin, boolean mergeErr, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(mergeErr);
        pb.environment().put("REFGC_NO_BUILD", "1");
        pb.environment().remove("PYTHONPATH");
        pb.environment().remove("PYTHONWARNINGS");
        // refgc's own settings: the default mode, and the zombie detector on (a use of an object
        // refgc freed is reported on stderr, which every test compares)
        pb.environment().remove("REFGC_INSTRUMENT");
        pb.environment().remove("REFGC_STATS");
        pb.environment().remove("REFGC_STOCK");
        pb.environment().put("REFGC_ZOMBIE_CHECK", "1");
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        try {
            Process p = pb.start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = mergeErr ? CompletableFuture.completedFuture("") : drain(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException closedEarly) {
                // the program did not read its stdin; fine
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s: " + command);
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isExecutable(d.resolve("refgc")) && Files.exists(d.resolve("pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no ./refgc above " + dir);
    }
}
