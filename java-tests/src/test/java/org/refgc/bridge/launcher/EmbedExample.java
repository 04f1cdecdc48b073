package org.refgc.bridge.launcher;

// The README's embedding example: EmbeddingTest checks that README.md contains the lines between
// the markers verbatim, and runs this class.
// README-BEGIN
import org.graalvm.polyglot.Context;
import org.refgc.bridge.Refgc;

public class EmbedExample {
    public static void main(String[] args) {
        // refgc gets its own heap in this context; the heap is released when the context closes.
        try (Context python = Refgc.newContext(Context.newBuilder("python"))) {
            python.eval("python", """
                    import gc
                    print(gc.get_threshold(), gc.isenabled())
                    """);
        }
    }
}
// README-END
