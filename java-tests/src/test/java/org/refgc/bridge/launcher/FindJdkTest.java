package org.refgc.bridge.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * polyglot-bridge/launcher/find-jdk.sh, which ./refgc and ./run-tests use to find a JDK 21+, on
 * fake JDK directories (a release file, bin/java and bin/javac); no JVM is started.
 */
class FindJdkTest {

    private static final Path SCRIPT = Processes.ROOT.resolve("polyglot-bridge/launcher/find-jdk.sh");

    @TempDir
    Path jvm;

    private Path fakeJdk(String name, String version) throws IOException {
        Path home = jvm.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        for (String tool : List.of("java", "javac")) {
            Path file = Files.writeString(home.resolve("bin").resolve(tool), "#!/bin/sh\nexit 1\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }

    /** Runs refgc_find_jdk with the given JAVA_HOME (or none) and the fake directory as the search list. */
    private Processes.Result find(Path javaHome) {
        String script = ". \"$1\" && refgc_find_jdk && echo \"$REFGC_JAVA_HOME $REFGC_JAVA_MAJOR\"";
        Map<String, String> env = new HashMap<>();
        env.put("REFGC_JDK_SEARCH", jvm + "/*/");
        env.put("JAVA_HOME", javaHome == null ? null : javaHome.toString());
        return Processes.run(List.of("bash", "-c", script, "bash", SCRIPT.toString()), jvm, "", false, env);
    }

    @Test
    void javaHomeIsUsedWhenItIsAJdk21OrNewer() throws IOException {
        Path jdk21 = fakeJdk("jdk-21", "21.0.5");
        fakeJdk("jdk-25", "25.0.1");
        assertEquals(new Processes.Result(0, jdk21 + " 21\n", ""), find(jdk21));
    }

    @Test
    void tooOldJavaHomeFallsBackToTheNewestJdkInTheSearchList() throws IOException {
        Path jdk8 = fakeJdk("jdk-8", "1.8.0_402");
        Path jdk17 = fakeJdk("jdk-17", "17.0.15");
        fakeJdk("jdk-21", "21.0.5");
        Path jdk25 = fakeJdk("jdk-25", "25.0.1");
        assertEquals(new Processes.Result(0, jdk25 + " 25\n", ""), find(jdk17));
        assertEquals(new Processes.Result(0, jdk25 + " 25\n", ""), find(jdk8));
        assertEquals(new Processes.Result(0, jdk25 + " 25\n", ""), find(null));
    }

    @Test
    void noSuitableJdkSaysWhatToInstall() throws IOException {
        Path jdk17 = fakeJdk("jdk-17", "17.0.15");
        Files.createDirectories(jvm.resolve("not-a-jdk"));
        Processes.Result r = find(jdk17);
        assertEquals(1, r.status(), r.toString());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("refgc: no JDK 21 or newer found"), r.err());
        assertTrue(r.err().contains("JAVA_HOME=" + jdk17 + " is not a JDK 21+"), r.err());
        assertTrue(r.err().contains("apt-get install openjdk-21-jdk"), r.err());
    }
}
