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
 * Runs a program instrumented (the default mode of {@code ./refgc}): the instrumenting compiler
 * rewrites it, its {@code _rc} is a {@code refgc_backend.JavaHeap} over the context's heap, and
 * the compiler's import hook serves every module imported afterwards (modules loaded before stay
 * opaque, as the start-up heap). {@code refgc_launch.py} does the Python side.
 *
 * <p>The compiler and the backend are Python packages shipped as resources; they are written once
 * to {@code <cache>/instrument-<hash>/} (the hash covers their sources) and imported from there
 * before the hook is installed, so they themselves are never instrumented.
 *
 * <p>Options: {@code REFGC_ZOMBIE_CHECK=1} turns the zombie detector on (uses of objects refgc
 * freed are counted and reported at exit); {@code --stats} or {@code REFGC_STATS=1} prints, at
 * exit, how many objects were tracked, freed, collected and pinned, and the zombie uses.
 */
public final class Instrumented {
    /**
     * Environment variable: {@code 0} is {@code --no-instrument} (refgc's heap and modules, without
     * the compiler); any other non-empty value is {@code --instrument}, the default.
     */
    public static final String VARIABLE = "REFGC_INSTRUMENT";
    /** Environment variable that turns the zombie detector on in instrumented runs. */
    public static final String ZOMBIE_VARIABLE = "REFGC_ZOMBIE_CHECK";
    /** Environment variable equivalent to {@code --stats}: the run's counters at exit. */
    public static final String STATS_VARIABLE = "REFGC_STATS";

    private static final String RESOURCES = "/org/refgc/bridge/python/";
    private static final List<String> FILES = List.of("refgc_backend.py", "refgc_launch.py",
            "refgc_compiler/__init__.py", "refgc_compiler/hook.py", "refgc_compiler/rewriter.py",
            "refgc_compiler/runtime.py", "refgc_compiler/scopes.py", "refgc_compiler/shadow.py",
            "refgc_compiler/summaries.py");

    /**
     * Imports refgc_launch from {@code d} (with bytecode caching on for that import, so that
     * GraalPy keeps the compiled modules in {@code d/__pycache__} instead of parsing their 4,000
     * lines at every start; the program's own setting is restored before it runs), then runs.
     */
    private static final String RUNNER = "(lambda host, d, kind, program, zombies, stats: "
            + "(lambda sys, dwb: (sys.path.insert(0, d), setattr(sys, 'dont_write_bytecode', False), "
            + "__import__('refgc_launch'), __import__('refgc_backend'), "
            + "setattr(sys, 'dont_write_bytecode', dwb), "
            + "sys.modules['refgc_launch'].run(host, kind, program, d, zombies, stats))[5])"
            + "(__import__('sys'), __import__('sys').dont_write_bytecode))";

    /** Where the program comes from: what {@code refgc_launch.run} calls its {@code kind}. */
    public enum Kind {
        /** a file (or a directory with {@code __main__.py}); the program is its path */
        SCRIPT,
        /** {@code -c}: the program is the source */
        COMMAND,
        /** {@code -m}: the program is the module name */
        MODULE,
        /** standard input (the interactive prompt at a terminal); the program is null */
        STDIN
    }

    private Instrumented() {
    }

    /**
     * Runs a script as {@code __main__}, instrumented (see {@link #run}).
     *
     * @param script the script
     */
    public static java.util.OptionalInt runScript(Context context, RefgcRuntime runtime, Path script,
                                                  boolean zombies, boolean stats) {
        return run(context, runtime, Kind.SCRIPT, script.toAbsolutePath().toString(), zombies, stats);
    }

    /**
     * Runs a program as {@code __main__}, instrumented. Python exceptions other than
     * {@code SystemExit} propagate as {@link org.graalvm.polyglot.PolyglotException}, as for a
     * plain run.
     *
     * @param context a context refgc is installed in, that has not run the program yet
     * @param runtime its refgc runtime
     * @param kind    where the program comes from
     * @param program the script's absolute path, the command, the module name, or null (stdin)
     * @param zombies whether to turn the zombie detector on
     * @param stats   whether to print the counters at exit
     * @return the exit status a {@code SystemExit} asked for (after printing a non-int code on
     *         {@code sys.stderr}, as CPython), or empty when the program ended normally
     */
    public static java.util.OptionalInt run(Context context, RefgcRuntime runtime, Kind kind, String program, boolean zombies,
                           boolean stats) {
        Path dir = extract();
        InstrumentHost host = new InstrumentHost(runtime.heap(), runtime.adapter());
        Value runner = context.eval(Source.newBuilder("python", RUNNER, "<refgc instrument>")
                .internal(true).buildLiteral());
        Value status = runner.execute(host, dir.toString(), kind.name().toLowerCase(java.util.Locale.ROOT), program,
                zombies, stats);
        return status.isNumber() ? java.util.OptionalInt.of(status.asInt()) : java.util.OptionalInt.empty();
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
