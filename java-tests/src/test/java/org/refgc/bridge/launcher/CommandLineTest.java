package org.refgc.bridge.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** CPython's command-line syntax as {@code ./refgc} parses it (no Python started). */
class CommandLineTest {

    private static CommandLine parse(String... args) throws CommandLine.UsageException {
        return CommandLine.parse(args);
    }

    @Test
    void scriptEndsOptionsAndKeepsTheRestForArgv() throws Exception {
        CommandLine cl = parse("-u", "--stock", "script.py", "-c", "--stock", "x");
        assertEquals(CommandLine.Mode.SCRIPT, cl.mode);
        assertEquals("script.py", cl.program);
        assertEquals(List.of("script.py", "-c", "--stock", "x"), cl.argv);
        assertTrue(cl.stock);
        assertTrue(cl.unbuffered);
    }

    @Test
    void commandArgvStartsWithDashC() throws Exception {
        CommandLine cl = parse("-c", "print(1)", "a", "-m");
        assertEquals(CommandLine.Mode.COMMAND, cl.mode);
        assertEquals("print(1)", cl.program);
        assertEquals(List.of("-c", "a", "-m"), cl.argv);
        assertFalse(cl.stock);
    }

    @Test
    void optionValueMayBeAttachedOrClustered() throws Exception {
        CommandLine attached = parse("-mjson.tool", "f");
        assertEquals(CommandLine.Mode.MODULE, attached.mode);
        assertEquals("json.tool", attached.program);
        assertEquals(List.of("-m", "f"), attached.argv);

        CommandLine clustered = parse("-BSc", "pass");
        assertTrue(clustered.dontWriteBytecode);
        assertTrue(clustered.noSite);
        assertEquals("pass", clustered.program);
    }

    @Test
    void isolatedModeImpliesIgnoreEnvironmentSafePathAndNoUserSite() throws Exception {
        CommandLine cl = parse("-I", "-W", "error", "-Wignore", "-c", "pass");
        assertTrue(cl.isolate && cl.ignoreEnvironment && cl.safePath && cl.noUserSite);
        assertEquals(List.of("error", "ignore"), cl.warnOptions);
    }

    @Test
    void noProgramMeansStdinWithEmptyArgv0AndDashMeansStdinToo() throws Exception {
        assertEquals(List.of(""), parse().argv);
        assertEquals(CommandLine.Mode.STDIN, parse().mode);
        CommandLine dash = parse("-", "a");
        assertEquals(CommandLine.Mode.STDIN, dash.mode);
        assertEquals(List.of("-", "a"), dash.argv);
    }

    @Test
    void doubleDashEndsOptions() throws Exception {
        CommandLine cl = parse("--", "-weird.py", "x");
        assertEquals(CommandLine.Mode.SCRIPT, cl.mode);
        assertEquals("-weird.py", cl.program);
        assertEquals(List.of("-weird.py", "x"), cl.argv);
    }

    @Test
    void helpAndVersion() throws Exception {
        assertEquals(CommandLine.Action.HELP, parse("--help").action);
        assertEquals(CommandLine.Action.HELP, parse("-h").action);
        assertEquals(CommandLine.Action.VERSION, parse("--version").action);
        assertEquals(CommandLine.Action.VERSION, parse("-V").action);
        assertEquals(CommandLine.Action.RUN, parse("x.py", "--version").action);
    }

    @Test
    void usageErrorsUseCPythonsMessages() {
        assertEquals("Unknown option: -z\n" + CommandLine.SHORT_USAGE,
                assertThrows(CommandLine.UsageException.class, () -> parse("-z")).getMessage());
        assertEquals("unknown option --foo\n" + CommandLine.SHORT_USAGE,
                assertThrows(CommandLine.UsageException.class, () -> parse("--foo")).getMessage());
        assertEquals("Argument expected for the -c option\n" + CommandLine.SHORT_USAGE,
                assertThrows(CommandLine.UsageException.class, () -> parse("-c")).getMessage());
        assertEquals("Argument expected for the -m option\n" + CommandLine.SHORT_USAGE,
                assertThrows(CommandLine.UsageException.class, () -> parse("-u", "-m")).getMessage());
    }

    @Test
    void instrumentFlagsLastOneWinsAndStatsIsAnInterpreterOption() throws Exception {
        CommandLine off = parse("--no-instrument", "--stats", "-c", "pass");
        assertTrue(off.noInstrument && off.stats && !off.instrument);
        CommandLine on = parse("--no-instrument", "--instrument", "x.py");
        assertTrue(on.instrument && !on.noInstrument && !on.stats);
        CommandLine plain = parse("x.py", "--stats", "--no-instrument");
        assertFalse(plain.instrument || plain.noInstrument || plain.stats);
        assertEquals(List.of("x.py", "--stats", "--no-instrument"), plain.argv);
    }

    @Test
    void pythonStringLiteralEscapesQuotesAndBackslashes() {
        assertEquals("'a\\'b\\\\c'", PythonRun.pythonString("a'b\\c"));
    }
}
