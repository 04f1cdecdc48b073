package org.refgc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Misuse that the validating heap and the validator catch early. */
class ValidatingModeTest extends HeapTestBase {

    @Test
    void collectionRejectsATraverseThatReportsUncountedReferences() {
        Heap heap = newHeap();
        int target = node.newEmpty(heap, 0);
        int holder = node.newEmpty(heap, 1);
        heap.engine.swapSlot(holder, 0, target); // stored without incref: refcount 1, two referrers
        int holder2 = node.newObject(heap, target);
        heap.decref(target);
        IllegalStateException ex = assertThrows(IllegalStateException.class, () -> heap.collect());
        assertTrue(ex.getMessage().contains("invariants violated") || ex.getMessage().contains("more references"),
                ex.getMessage());
        heap.engine.swapSlot(holder, 0, Heap.NULL); // repair, so the after-test validation passes
        heap.decref(holder);
        heap.decref(holder2);
    }

    @Test
    void validatorReportsARefcountBelowTheVisibleReferences() {
        Heap heap = newHeap();
        int target = node.newEmpty(heap, 0);
        int holder = node.newEmpty(heap, 1);
        heap.engine.swapSlot(holder, 0, target); // without incref
        int holder2 = node.newObject(heap, target);
        heap.decref(target);
        List<String> problems = heap.validator().problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("refcount 1 but 2 references"), problems.get(0));
        heap.engine.swapSlot(holder, 0, Heap.NULL);
        heap.decref(holder);
        heap.decref(holder2);
    }

    @Test
    void exactRefcountCheckAccountsForTheCallersReferences() {
        Heap heap = newHeap();
        int a = node.newEmpty(heap, 0);
        int b = node.newObject(heap, a, a);
        assertEquals(List.of(), heap.validator().exactRefcountProblems(h -> 1), "we hold one of each");
        List<String> wrong = heap.validator().exactRefcountProblems(h -> 0);
        assertEquals(2, wrong.size(), wrong.toString());
        heap.decref(b);
        heap.decref(a);
    }

    @Test
    void aDanglingReferenceInAPayloadIsCaughtAtCollection() {
        Heap heap = newHeap();
        int dead = node.newEmpty(heap, 0);
        heap.decref(dead);
        int holder = heap.allocate(node, new int[] {dead});
        // the validating heap checks its invariants before collecting
        IllegalStateException ex = assertThrows(IllegalStateException.class, () -> heap.collect());
        assertTrue(ex.getMessage().contains("refers to dead handle " + dead), ex.getMessage());
        assertFalse(heap.validator().problems().isEmpty());
        heap.engine.swapSlot(holder, 0, Heap.NULL);
        heap.decref(holder);
    }

    @Test
    void releasingADeadReferenceAtDeallocationThrowsWithTheCount() {
        // not validated after the test: the failed deallocation leaves holder half torn down
        Heap heap = Heap.builder().binding(vm).validating(true).build();
        int dead = node.newEmpty(heap, 0);
        heap.decref(dead);
        int holder = heap.allocate(node, new int[] {dead});
        RefcountException ex = assertThrows(RefcountException.class, () -> heap.decref(holder));
        assertEquals(dead, ex.handle());
        assertEquals(-1, ex.delta());
    }

    @Test
    void trackingANonGcObjectOrWeakReferencingAFreedOneIsRejected() {
        Heap heap = newHeap();
        int leaf = atom.newEmpty(heap, 0);
        assertThrows(IllegalArgumentException.class, () -> heap.track(leaf));
        heap.decref(leaf);
        assertThrows(RefcountException.class, () -> heap.newWeakRef(weakref, null, leaf, Heap.NULL));
    }
}
