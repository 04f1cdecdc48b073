package org.refgc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ObjectType#traverseForRelease}: deallocation releases references in the type's release
 * order (a CPython dict releases a key before its value but traverses the value first), while the
 * collector and {@code getReferents} keep traverse order.
 */
class ReleaseOrderTest extends HeapTestBase {

    /** A two-slot "dict entry": traverses {value, key}, releases {key, value}. */
    private final ObjectType entry = new ObjectType("entry", true) {
        @Override
        public void traverse(int self, Object payload, ReferenceVisitor v) {
            int[] kv = (int[]) payload;
            v.visit(kv[1]);
            v.visit(kv[0]);
        }

        @Override
        public void traverseForRelease(int self, Object payload, ReferenceVisitor v) {
            int[] kv = (int[]) payload;
            v.visit(kv[0]);
            v.visit(kv[1]);
        }

        @Override
        public void clear(Heap heap, int self, Object payload) {
            int[] kv = (int[]) payload;
            int k = kv[0];
            int val = kv[1];
            kv[0] = Heap.NULL;
            kv[1] = Heap.NULL;
            heap.decref(k);
            heap.decref(val);
        }
    };

    @Test
    void deallocationReleasesInReleaseOrder() {
        Heap heap = newHeap();
        IntArrayType fin = finalizing("fin", null);
        int key = heap.allocate(fin, new int[0]);
        int value = heap.allocate(fin, new int[0]);
        int e = heap.allocate(entry, new int[] {key, value});
        assertEquals(List.of(value, key), box(heap.getReferents(e)));
        heap.decref(e);
        assertEquals(List.of("fin:" + key, "free:" + key, "fin:" + value, "free:" + value), log);
    }

    @Test
    void defaultReleaseOrderIsTraverseOrder() {
        Heap heap = newHeap();
        IntArrayType fin = finalizing("fin", null);
        int a = heap.allocate(fin, new int[0]);
        int b = heap.allocate(fin, new int[0]);
        ObjectType pair = new ObjectType("pair", true) {
            @Override
            public void traverse(int self, Object payload, ReferenceVisitor v) {
                int[] p = (int[]) payload;
                v.visit(p[1]);
                v.visit(p[0]);
            }
        };
        int p = heap.allocate(pair, new int[] {a, b});
        heap.decref(p);
        assertEquals(List.of("fin:" + b, "free:" + b, "fin:" + a, "free:" + a), log);
    }

    private static List<Integer> box(int[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }
}
