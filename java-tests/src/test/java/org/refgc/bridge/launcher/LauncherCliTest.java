package org.refgc.bridge.launcher;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./refgc} behaves like {@code python3}: each test starts {@code ./refgc} (and, where the
 * text must match, the CPython 3.12 oracle) as a subprocess. A GraalPy start costs seconds, so each
 * test checks several things of one run.
 */
class LauncherCliTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeScripts() throws IOException {
        Files.writeString(dir.resolve("identity.py"), """
                import gc, subprocess, sys
                child = subprocess.run([sys.executable, "-c", "import sys; print(sys.argv); sys.exit(7)", "x", "-c"],
                                       capture_output=True, text=True)
                print("name", __name__)
                print("file", __file__)
                print("argv", sys.argv)
                print("orig_argv", sys.orig_argv[1:])
                print("path0", sys.path[0])
                print("executable", sys.executable)
                print("jit", "GraalVM CE" in sys.version)
                print("child", child.returncode, child.stdout.strip())
                sys.exit(3)
                """);
        Files.writeString(dir.resolve("chained.py"), """
                import sys
                print("start", flush=True)

                def parse(text):
                    return int(text)

                def load(values):
                    out = []
                    for v in values:
                        try:
                            out.append(parse(v))
                        except ValueError as e:
                            raise RuntimeError("bad value " + repr(v)) from e
                    return out

                class Loader:
                    def run(self):
                        return [load(["1", "x"])]

                Loader().run()
                """);
        Files.writeString(dir.resolve("interrupted.py"), """
                import sys
                print(__name__, sys.argv, sys.path[0] == __import__("os").getcwd())
                def wait():
                    raise KeyboardInterrupt
                wait()
                """);
    }

    @Test
    void scriptSeesCPythonsMainNameFileArgvAndCanRespawnItself() {
        Processes.Result r = Processes.refgc(dir, "", "identity.py", "a", "--stock", "-c");
        Path script = dir.resolve("identity.py");
        assertAll(r.toString(),
                () -> assertEquals(3, r.status()),
                () -> assertEquals("", r.err()),
                () -> assertEquals(String.join("\n",
                        "name __main__",
                        "file " + script,
                        "argv ['identity.py', 'a', '--stock', '-c']",
                        "orig_argv ['identity.py', 'a', '--stock', '-c']",
                        "path0 " + dir,
                        "executable " + Processes.REFGC,
                        "jit True",
                        "child 7 ['-c', 'x', '-c']") + "\n", r.out()));
    }

    @Test
    void uncaughtExceptionPrintsCPythonsTracebackAndExits1() {
        assumeTrue(Files.isExecutable(Processes.CPYTHON), "CPython 3.12 oracle not installed");
        Processes.Result refgc = Processes.refgc(dir, "", "chained.py");
        Processes.Result cpython = Processes.cpython(dir, "", "chained.py");
        assertEquals(1, cpython.status());
        assertTrue(cpython.err().contains("The above exception was the direct cause"), cpython.err());
        assertEquals(cpython, refgc);
    }

    @Test
    void commandModeArgvPathAndSystemExitMessageMatchCPython() {
        assumeTrue(Files.isExecutable(Processes.CPYTHON), "CPython 3.12 oracle not installed");
        String code = "import sys; print(sys.argv, repr(sys.path[0]), __name__); sys.exit('bye')";
        Processes.Result refgc = Processes.refgc(dir, "", "-c", code, "a", "-m");
        Processes.Result cpython = Processes.cpython(dir, "", "-c", code, "a", "-m");
        assertEquals(new Processes.Result(1, "['-c', 'a', '-m'] '' __main__\n", "bye\n"), cpython);
        assertEquals(cpython, refgc);
    }

    @Test
    void moduleModeRunsAsMainAndKeyboardInterruptExits130() {
        assumeTrue(Files.isExecutable(Processes.CPYTHON), "CPython 3.12 oracle not installed");
        Processes.Result refgc = Processes.refgc(dir, "", "-m", "interrupted", "x");
        Processes.Result cpython = Processes.cpython(dir, "", "-m", "interrupted", "x");
        assertEquals("__main__ ['" + dir.resolve("interrupted.py") + "', 'x'] True\n", cpython.out());
        assertEquals(130, cpython.status());
        // Including runpy's frames, which CPython shows as "<frozen runpy>" without source lines.
        assertTrue(cpython.err().contains("File \"<frozen runpy>\""), cpython.err());
        assertEquals(cpython, refgc);
    }

    @Test
    void stdinReachesTheProgramAndUnbufferedOutputInterleavesAsInCPython() {
        assumeTrue(Files.isExecutable(Processes.CPYTHON), "CPython 3.12 oracle not installed");
        String code = String.join("\n",
                "import sys",
                "for i, line in enumerate(sys.stdin):",
                "    print(i, line.strip().upper(), file=sys.stderr if i % 2 else sys.stdout)",
                "raise SystemExit(None)");
        String input = "alpha\nbeta\ngamma\ndelta\n";
        Processes.Result refgc = Processes.run(command(Processes.REFGC, "-u", "-c", code), dir, input, true);
        Processes.Result cpython = Processes.run(command(Processes.CPYTHON, "-u", "-c", code), dir, input, true);
        assertEquals(new Processes.Result(0, "0 ALPHA\n1 BETA\n2 GAMMA\n3 DELTA\n", ""), cpython);
        assertEquals(cpython, refgc);
    }

    @Test
    void versionHelpAndUsageErrorsLikePython3() {
        Processes.Result version = Processes.refgc(dir, "", "--version");
        Processes.Result shortVersion = Processes.refgc(dir, "", "-V");
        Processes.Result help = Processes.refgc(dir, "", "--help");
        Processes.Result unknown = Processes.refgc(dir, "", "-z");
        Processes.Result missingArgument = Processes.refgc(dir, "", "-u", "-c");
        Processes.Result missingScript = Processes.refgc(dir, "", "no_such_script.py");
        assertAll(
                () -> assertEquals(0, version.status(), version.toString()),
                () -> assertTrue(version.out().matches("Python 3\\.12\\.\\d+\n"), version.toString()),
                () -> assertEquals(version, shortVersion),
                () -> assertEquals(0, help.status(), help.toString()),
                () -> assertTrue(help.out().startsWith("usage: refgc [--stock] [option] ..."), help.toString()),
                () -> assertTrue(help.out().contains("--stock :"), help.toString()),
                () -> assertEquals(new Processes.Result(2, "", "Unknown option: -z\n" + CommandLine.SHORT_USAGE + "\n"), unknown),
                () -> assertEquals(new Processes.Result(2, "",
                        "Argument expected for the -c option\n" + CommandLine.SHORT_USAGE + "\n"), missingArgument),
                () -> assertEquals(new Processes.Result(2, "", Processes.REFGC + ": can't open file '"
                        + dir.resolve("no_such_script.py") + "': [Errno 2] No such file or directory\n"), missingScript));
    }

    @Test
    void refgcServesGcModuleAndStockRunsTheSameGraalPyWithout() {
        String code = "import gc, sys; print('GraalVM CE' in sys.version, sys.implementation.name, hasattr(gc, 'get_threshold'))";
        Processes.Result refgc = Processes.refgc(dir, "", "-c", code);
        assertEquals(new Processes.Result(0, "True graalpy True\n", ""), refgc);
        // A stock run's subprocesses started through sys.executable are stock too.
        String spawning = code + "; import subprocess; subprocess.run([sys.executable, '-c', sys.argv[1]])";
        Processes.Result stock = Processes.refgc(dir, "", "--stock", "-c", spawning, code);
        assertEquals(new Processes.Result(0, "True graalpy False\nTrue graalpy False\n", ""), stock);
    }

    /** CPython's reference semantics in each kind of program: getrefcount, __del__ at once. */
    static final String REFERENCES = String.join("\n",
            "import sys",
            "class Noisy:",
            "    def __del__(self):",
            "        print('__del__', flush=True)",
            "a = []",
            "print(sys.getrefcount(a), sys.getrefcount([]))",
            "n = Noisy()",
            "del n",
            "print('after')",
            "");

    @Test
    void scriptCommandModuleAndStdinAreInstrumentedByDefault() throws IOException {
        assumeTrue(Files.isExecutable(Processes.CPYTHON), "CPython 3.12 oracle not installed");
        Files.writeString(dir.resolve("references.py"), REFERENCES);
        Processes.Result expected = new Processes.Result(0, "2 1\n__del__\nafter\n", "");
        assertEquals(expected, Processes.cpython(dir, "", "references.py"));
        assertAll(
                () -> assertEquals(expected, Processes.refgc(dir, "", "references.py")),
                () -> assertEquals(expected, Processes.refgc(dir, "", "-c", REFERENCES)),
                () -> assertEquals(expected, Processes.refgc(dir, "", "-m", "references")),
                () -> assertEquals(expected, Processes.refgc(dir, REFERENCES)));
    }

    @Test
    void execEvalAndCompileOfStringsAreInstrumentedToo() {
        assumeTrue(Files.isExecutable(Processes.CPYTHON), "CPython 3.12 oracle not installed");
        String code = String.join("\n",
                "import sys",
                "class N:",
                "    def __init__(self, n): self.n = n",
                "    def __del__(self): print('del', self.n)",
                "a = []",
                "print(eval('sys.getrefcount(a)'), sys.getrefcount(eval('[]')))",
                "exec(\"b = N('exec'); print(sys.getrefcount(b))\")",
                "del b",
                "exec(compile(\"c = N('compiled'); print(sys.getrefcount(c))\", '<c>', 'exec'))",
                "del c",
                "ns = {'N': N, 'sys': sys}",
                "exec(compile(\"d = N('namespace'); print(sys.getrefcount(d))\", '<d>', 'exec'), ns)",
                "del ns['d']",
                "e = eval(compile(\"N('eval')\", '<e>', 'eval'))",
                "del e",
                "print('end')",
                "");
        Processes.Result cpython = Processes.cpython(dir, "", "-c", code);
        assertEquals(new Processes.Result(0, "2 1\n2\ndel exec\n2\ndel compiled\n2\ndel namespace\ndel eval\nend\n", ""),
                cpython);
        assertEquals(cpython, Processes.refgc(dir, "", "-c", code));
    }

    @Test
    void noInstrumentKeepsTheModulesWithoutTheCompilerAndIsInherited() {
        String code = "import gc, subprocess, sys; print(sys.getrefcount([]), hasattr(gc, 'get_threshold'));"
                + " sys.stdout.flush(); subprocess.run([sys.executable, '-c', 'import sys; print(sys.getrefcount([]))'])";
        assertEquals(new Processes.Result(0, "-1 True\n-1\n", ""), Processes.refgc(dir, "", "--no-instrument", "-c", code));
        assertEquals(new Processes.Result(0, "-1 True\n-1\n", ""),
                Processes.run(command(Processes.REFGC, "-c", code), dir, "", false, java.util.Map.of("REFGC_INSTRUMENT", "0")));
    }

    @Test
    void statsReportsTrackedFreedCollectedAndPinnedAtExit() {
        String code = "import gc\nfor i in range(3):\n    l = []\n    l.append(l)\ndel l\nprint(gc.collect())";
        Processes.Result r = Processes.refgc(dir, "", "--stats", "-c", code);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "refgc: (\\d+) objects tracked, (\\d+) freed, (\\d+) collected by gc, (\\d+) pinned"
                + " \\(externally referenced\\), 0 zombie uses\n").matcher(r.err());
        assertTrue(r.status() == 0 && r.out().equals("3\n") && m.matches(), r.toString());
        assertTrue(Long.parseLong(m.group(1)) >= 3, r.toString());
        assertTrue(Long.parseLong(m.group(2)) >= 3, r.toString());
        assertEquals(3, Long.parseLong(m.group(3)), r.toString());
    }

    private static List<String> command(Path executable, String... args) {
        List<String> command = new java.util.ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        return command;
    }
}
