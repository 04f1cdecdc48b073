package org.refgc.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a heap's internal invariants (CPython's debug-only {@code validate_list},
 * plus refcount checks). Tests run it after every test; the benchmark helper may run
 * it after a run. Not for hot paths: it walks the whole heap.
 *
 * <p>Invariants checked:
 * <ol>
 *   <li>every generation list is a well-formed doubly-linked cycle through its head;</li>
 *   <li>every tracked object is alive, of a GC type, and on exactly one list, whose
 *       generation matches its generation bits; untracked objects are on none;</li>
 *   <li>no collection scratch flags remain set outside a collection;</li>
 *   <li>every live object's refcount is positive and at least the number of
 *       references to it that the heap can see (from traversal of live objects, the
 *       garbage list and weakref callbacks);</li>
 *   <li>weakref lists are well-formed and point back to their referent;</li>
 *   <li>no object whose slots the collector skips (as referring to no GC object)
 *       refers to a GC object;</li>
 *   <li>accounting: the live count and live bytes equal the sums over live objects.</li>
 * </ol>
 */
public final class HeapValidator {
    private final Heap heap;

    HeapValidator(Heap heap) {
        this.heap = heap;
    }

    /**
     * @return a description of each violated invariant (empty if the heap is consistent)
     */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        heap.engine.validate(out);
        return out;
    }

    /**
     * @throws AssertionError listing the problems, if any
     */
    public void check() {
        List<String> p = problems();
        if (!p.isEmpty()) {
            throw new AssertionError("heap invariants violated:\n  " + String.join("\n  ", p));
        }
    }

    /**
     * Checks the invariants and, in addition, that refcounts are exact: each live
     * object's refcount equals the references visible to the heap plus
     * {@code external(handle)}, the references the caller knows it holds.
     *
     * @param external the caller's own references per handle
     * @return the problems found
     */
    public List<String> exactRefcountProblems(java.util.function.IntUnaryOperator external) {
        List<String> out = new ArrayList<>();
        heap.engine.validateExact(external, out);
        return out;
    }
}
