package org.refgc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;

/**
 * Shared fixtures: heaps made through {@link #newHeap} are checked by the
 * {@link HeapValidator} after every test, and a few object types.
 */
abstract class HeapTestBase {
    private final List<Heap> heaps = new ArrayList<>();
    final TestVm vm = new TestVm();
    /** Events logged by the types below ("fin:h", "del:h", "free:h"). */
    final List<String> log = new ArrayList<>();

    /** A plain GC container: list-like int[] slots. */
    final IntArrayType node = new IntArrayType("node");
    /** A non-GC leaf (like an int). */
    final IntArrayType atom = new IntArrayType("atom", false);
    /** The weak reference type. */
    final ObjectType weakref = new ObjectType("weakref", true) {
        @Override
        public boolean supportsWeakRefs() {
            return false;
        }

        @Override
        public long basicSize(Object payload) {
            return 64;
        }
    };

    Heap newHeap() {
        return track(Heap.builder().binding(vm).validating(true).build());
    }

    Heap newHeap(Heap.Builder b) {
        return track(b.build());
    }

    Heap track(Heap h) {
        heaps.add(h);
        return h;
    }

    @AfterEach
    void validateHeaps() {
        for (Heap h : heaps) {
            if (h.isHeldByCurrentThread() || !h.isValidating() || h.ownerThread() == Thread.currentThread()) {
                h.validator().check();
            }
        }
        assertEquals(List.of(), vm.unraisable, "unexpected unraisable errors");
    }

    /** A node type whose PEP 442 finalizer logs "fin:h" then runs an action. */
    IntArrayType finalizing(String name, BiConsumer<Heap, Integer> action) {
        return new IntArrayType(name) {
            @Override
            public boolean hasFinalizer() {
                return true;
            }

            @Override
            public void finalize(Heap heap, int self, Object payload) {
                log.add("fin:" + self);
                if (action != null) {
                    action.accept(heap, self);
                }
            }

            @Override
            public void onFree(Heap heap, int self, Object payload) {
                log.add("free:" + self);
            }
        };
    }

    /** A node type with a legacy finalizer (tp_del) logging "del:h". */
    IntArrayType legacy(String name) {
        return new IntArrayType(name) {
            @Override
            public boolean hasLegacyFinalizer() {
                return true;
            }

            @Override
            public void legacyFinalize(Heap heap, int self, Object payload) {
                log.add("del:" + self);
            }
        };
    }

    /** A node type logging "free:h" when freed. */
    IntArrayType logging(String name) {
        return new IntArrayType(name) {
            @Override
            public void onFree(Heap heap, int self, Object payload) {
                log.add("free:" + self);
            }
        };
    }

    /** Builds a 2-cycle a <-> b owned only by the cycle; returns {a, b}. */
    static int[] twoCycle(Heap heap, IntArrayType t) {
        int a = t.newEmpty(heap, 1);
        int b = t.newObject(heap, a);
        t.set(heap, a, 0, b);
        heap.decref(a);
        heap.decref(b);
        return new int[] {a, b};
    }
}
