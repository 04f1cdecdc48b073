package org.refgc.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find CPython 3.12, the oracle that our behaviour is compared against. */
public final class CPythonOracle {
    private CPythonOracle() {
    }

    /**
     * The CPython 3.12 executable: the system property {@code refgc.python312}, else
     * {@code /root/.pyenv/versions/3.12.1/bin/python3.12}, else {@code python3.12} on PATH.
     *
     * @return its path, or null when none of them is executable
     */
    public static String find() {
        String p = System.getProperty("refgc.python312");
        if (p != null && Files.isExecutable(Path.of(p))) {
            return p;
        }
        Path pyenv = Path.of("/root/.pyenv/versions/3.12.1/bin/python3.12");
        if (Files.isExecutable(pyenv)) {
            return pyenv.toString();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path c = Path.of(dir, "python3.12");
            if (Files.isExecutable(c)) {
                return c.toString();
            }
        }
        return null;
    }
}
