package org.refgc.bridge.launcher;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.junit.jupiter.api.Test;
import org.refgc.bridge.Refgc;

/** The embedding API: the README's example, one heap per context, explicit host access only. */
class EmbeddingTest {

    private static final Path EXAMPLE_SOURCE =
            Processes.ROOT.resolve("java-tests/src/test/java/org/refgc/bridge/launcher/EmbedExample.java");

    @Test
    void readmeShowsTheTestedExampleVerbatim() throws IOException {
        String source = Files.readString(EXAMPLE_SOURCE);
        int begin = source.indexOf("// README-BEGIN\n");
        int end = source.indexOf("// README-END");
        assertTrue(begin >= 0 && end > begin, "markers missing in " + EXAMPLE_SOURCE);
        String example = source.substring(begin + "// README-BEGIN\n".length(), end);
        String readme = Files.readString(Processes.ROOT.resolve("README.md"));
        assertTrue(readme.contains("```java\n" + example + "```\n"),
                "README.md must show this example verbatim in a ```java block:\n" + example);
    }

    @Test
    void exampleRunsAndSeesRefgcsGcModule() {
        // Run as a user would: its own JVM, its main method, the test class path.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Processes.Result r = Processes.run(
                List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                        EmbedExample.class.getName()),
                Processes.ROOT, "", false);
        assertAll(r.toString(),
                () -> assertEquals(0, r.status()),
                () -> assertEquals("(700, 10, 10) True\n", r.out()));
    }

    /** A host object with one method Python may call and one it may not. */
    public static final class Counter {
        private int count;

        @HostAccess.Export
        public int increment() {
            return ++count;
        }

        public void reset() {
            count = 0;
        }
    }

    @Test
    void configuredContextShowsPythonOnlyExportedHostMembers() {
        try (Context python = Refgc.newContext(Context.newBuilder("python"))) {
            Counter counter = new Counter();
            python.getBindings("python").putMember("counter", counter);
            assertEquals(2, python.eval("python", "counter.increment(); counter.increment()").asInt());
            PolyglotException hidden = assertThrows(PolyglotException.class,
                    () -> python.eval("python", "counter.reset()"));
            assertTrue(hidden.getMessage().contains("reset"), hidden.getMessage());
        }
    }

    @Test
    void eachContextHasItsOwnHeap() {
        try (Context first = Refgc.newContext(Context.newBuilder("python"));
                Context second = Refgc.newContext(Context.newBuilder("python"))) {
            first.eval("python", "import gc; gc.set_threshold(5, 6, 7)");
            assertEquals("(5, 6, 7)", first.eval("python", "import gc; gc.get_threshold()").toString());
            assertEquals("(700, 10, 10)", second.eval("python", "import gc; gc.get_threshold()").toString());
        }
    }
}
