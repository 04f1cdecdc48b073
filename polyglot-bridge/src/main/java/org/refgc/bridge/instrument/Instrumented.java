package org.refgc.bridge.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.refgc.bridge.runtime.RefgcRuntime;

/**
 * Runs a script instrumented: the instrumenting compiler rewrites it, its {@code _rc} is a
 * {@code refgc_backend.JavaHeap} over the context's heap, and the compiler's import hook serves
 * every module imported afterwards (modules loaded before stay opaque, as the start-up heap).
 *
 * <p>The compiler and the backend are Python packages shipped as resources; they are written once
 * to {@code <cache>/instrument-<hash>/} (the hash covers their sources) and imported from there
 * before the hook is installed, so they themselves are never instrumented.
 *
 * <p>Options: {@code REFGC_ZOMBIE_CHECK=1} turns the zombie detector on (uses of objects refgc
 * freed are counted and reported at exit); {@code REFGC_STATS=1} prints, at exit, how many
 * objects were tracked, freed, pinned and used after being freed.
 */
public final class Instrumented {
    /** Environment variable equivalent to {@code --instrument}. */
    public static final String VARIABLE = "REFGC_INSTRUMENT";
    /** Environment variable that turns the zombie detector on in instrumented runs. */
    public static final String ZOMBIE_VARIABLE = "REFGC_ZOMBIE_CHECK";
    /** Environment variable that prints the instrumented run's counters at exit. */
    public static final String STATS_VARIABLE = "REFGC_STATS";

    private static final String RESOURCES = "/org/refgc/bridge/python/";
    private static final List<String> FILES = List.of("refgc_backend.py",
            "refgc_compiler/__init__.py", "refgc_compiler/hook.py", "refgc_compiler/rewriter.py",
            "refgc_compiler/runtime.py", "refgc_compiler/scopes.py", "refgc_compiler/shadow.py",
            "refgc_compiler/summaries.py");

    private static final String RUNNER = "(lambda host, d, path, zombies, stats: "
            + "(__import__('sys').path.insert(0, d), "
            + "__import__('refgc_backend').run_main(host, path, None, d, zombies, stats))[1])";

    private Instrumented() {
    }

    /**
     * Runs {@code script} as {@code __main__}, instrumented. Python exceptions propagate as
     * {@link org.graalvm.polyglot.PolyglotException}, as for a plain run.
     *
     * @param context a context refgc is installed in, that has not run the program yet
     * @param runtime its refgc runtime
     * @param script  the script
     * @param zombies whether to turn the zombie detector on
     * @param stats   whether to print the counters at exit
     */
    public static void runScript(Context context, RefgcRuntime runtime, Path script, boolean zombies,
                                 boolean stats) {
        Path dir = extract();
        InstrumentHost host = new InstrumentHost(runtime.heap(), runtime.adapter());
        Value runner = context.eval(Source.newBuilder("python", RUNNER, "<refgc instrument>")
                .internal(true).buildLiteral());
        runner.execute(host, dir.toString(), script.toAbsolutePath().toString(), zombies, stats);
    }

    /** Writes the Python sources once to a directory named after their hash, and returns it. */
    static Path extract() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String f : FILES) {
            byte[] b = resource(f);
            files.put(f, b);
            md.update(f.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md.update(b);
        }
        String hash = HexFormat.of().formatHex(md.digest(), 0, 8);
        Path dir = cacheRoot().resolve("instrument-" + hash);
        try {
            if (!Files.isRegularFile(dir.resolve(".complete"))) {
                for (var e : files.entrySet()) {
                    Path p = dir.resolve(e.getKey());
                    Files.createDirectories(p.getParent());
                    Path tmp = Files.createTempFile(p.getParent(), ".tmp", ".py");
                    Files.write(tmp, e.getValue());
                    Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                Files.write(dir.resolve(".complete"), new byte[0]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("refgc: cannot write the instrumenting compiler to " + dir, e);
        }
        return dir;
    }

    private static Path cacheRoot() {
        String dir = System.getProperty("refgc.cache.dir");
        if (dir == null) {
            String xdg = System.getenv("XDG_CACHE_HOME");
            dir = (xdg != null && !xdg.isEmpty() ? xdg : System.getProperty("user.home") + "/.cache") + "/refgc";
        }
        return Path.of(dir);
    }

    private static byte[] resource(String name) {
        try (InputStream in = Instrumented.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCES + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
