package org.refgc.bridge.adapter;

import org.graalvm.polyglot.Value;
import org.refgc.core.Heap;
import org.refgc.core.ObjectType;
import org.refgc.core.ReferenceVisitor;
import org.refgc.core.UntrackRule;

/**
 * One Python type as core sees it: CPython's type slots implemented by calls into the adapter's
 * Python half. Created once per Python type by {@link ObjectAdapter#typeFor}.
 *
 * <ul>
 *   <li>{@code traverse} ({@code tp_traverse}): the object's referents, read from the live Python
 *       object, that are themselves heap objects.</li>
 *   <li>{@code clear} ({@code tp_clear}): the real clear ({@code list.clear}, {@code dict.clear},
 *       the instance dict and slots), then a decref of each dropped heap referent, in the order
 *       CPython's clear releases them.</li>
 *   <li>{@code finalize} ({@code tp_finalize}): {@code __del__}, reported as unraisable on error.</li>
 *   <li>{@code legacyFinalize} ({@code tp_del}): {@code __tp_del__} of classes marked with
 *       {@code _refgc.with_tp_del}.</li>
 * </ul>
 */
final class PyObjectType extends ObjectType {
    private final ObjectAdapter adapter;
    private final String kind;
    private final boolean hasDel;
    private final boolean hasTpDel;

    private final long fixedSize;
    private final String variable;
    private final Value traverser;
    private final int freeListCapacity;

    PyObjectType(ObjectAdapter adapter, String kind, String name, boolean gc, boolean hasDel, boolean hasTpDel,
                 long fixedSize, String variable, Value traverser, int freeListCapacity) {
        super(name, gc);
        this.adapter = adapter;
        this.kind = kind;
        this.hasDel = hasDel;
        this.hasTpDel = hasTpDel;
        this.fixedSize = fixedSize;
        this.variable = variable;
        this.traverser = traverser;
        this.freeListCapacity = freeListCapacity;
    }

    String kind() {
        return kind;
    }

    boolean isWeakRefType() {
        return "weakref".equals(kind);
    }

    @Override
    public void traverse(int self, Object payload, ReferenceVisitor visitor) {
        Value ids;
        try {
            ids = traverser.execute((Value) payload);
        } catch (RuntimeException e) {
            return; // tp_traverse cannot fail; an object we cannot read reports nothing
        }
        visit(self, ids, visitor);
    }

    /**
     * Deallocation order: a dict releases each entry's key before its value
     * ({@code free_keys_object}), where {@code dict_traverse} visits the value first; other
     * kinds release in traverse order.
     */
    @Override
    public void traverseForRelease(int self, Object payload, ReferenceVisitor visitor) {
        if (!"dict".equals(kind)) {
            traverse(self, payload, visitor);
            return;
        }
        Value ids;
        try {
            ids = adapter.support.releaseIds.execute((Value) payload);
        } catch (RuntimeException e) {
            return;
        }
        visit(self, ids, visitor);
    }

    /**
     * Visits the handles of {@code ids} (a traversal's result: 0 for no referents, one id, or a
     * list of ids; see support.py's {@code _packed}), then the object's parts and its class (see
     * ObjectAdapter).
     */
    private void visit(int self, Value ids, ReferenceVisitor visitor) {
        IdHandleMap map = adapter.ids;
        if (ids.isNumber()) {
            // a number crosses as a Java long: no further calls into Python
            long id = ids.asLong();
            int h = id == 0 ? Heap.NULL : map.get(id);
            if (h != Heap.NULL) {
                visitor.visit(h);
            }
        } else {
            long n = ids.getArraySize();
            for (long i = 0; i < n; i++) {
                int h = map.get(ids.getArrayElement(i).asLong());
                if (h != Heap.NULL) {
                    visitor.visit(h);
                }
            }
        }
        int[] parts = adapter.parts(self);
        if (parts != null) {
            for (int h : parts) {
                if (h != Heap.NULL) {
                    visitor.visit(h);
                }
            }
        }
        int c = adapter.classOf(self);
        if (c != Heap.NULL) {
            visitor.visit(c);
        }
    }

    @Override
    public void clear(Heap heap, int self, Object payload) {
        Value ids = adapter.support.clearIds.execute((Value) payload);
        int n = (int) ids.getArraySize();
        int[] handles = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            int h = adapter.ids.get(ids.getArrayElement(i).asLong());
            if (h != Heap.NULL) {
                handles[k++] = h;
            }
        }
        for (int i = 0; i < k; i++) {
            heap.decref(handles[i]);
        }
        adapter.clearParts(self);
    }

    @Override
    public boolean hasFinalizer() {
        return hasDel;
    }

    @Override
    public void finalize(Heap heap, int self, Object payload) {
        adapter.support.finalize.execute((Value) payload);
    }

    @Override
    public boolean hasLegacyFinalizer() {
        return hasTpDel;
    }

    @Override
    public void legacyFinalize(Heap heap, int self, Object payload) {
        adapter.support.legacyFinalize.execute((Value) payload);
    }

    @Override
    public void onFree(Heap heap, int self, Object payload) {
        adapter.forget(self);
        if (isWeakRefType()) {
            adapter.support.weakRefFreed.execute((Value) payload);
            adapter.releaseCompanion(self);
        }
    }

    @Override
    public UntrackRule untrackRule() {
        return switch (kind) {
            case "tuple", "part-tuple" -> UntrackRule.EVERY_COLLECTION;
            case "dict", "part-dict" -> UntrackRule.FULL_COLLECTION;
            default -> UntrackRule.NEVER;
        };
    }

    @Override
    public boolean maybeUntrack(Heap heap, int self, Object payload) {
        try {
            return adapter.support.maybeUntrack.execute((Value) payload).asBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * CPython's {@code __sizeof__} plus the managed-dict pre-header, under the 64-bit model of
     * {@code support.py}: a constant per type, plus 8 bytes per item for lists (allocation
     * rounded to even, as {@code list_preallocate_exact}) and tuples; dicts, sets, ints, strs and
     * bytes ask the Python model. Only the accounting ({@code liveBytes}) uses this;
     * {@code sys.getsizeof} computes the same model in Python.
     */
    @Override
    public long basicSize(Object payload) {
        try {
            return switch (variable) {
                case "list" -> fixedSize + 8 * ((((Value) payload).getArraySize() + 1) & ~1L);
                case "tuple" -> fixedSize + 8 * ((Value) payload).getArraySize();
                case "model" -> adapter.support.modelSize.execute((Value) payload).asLong();
                default -> fixedSize;
            };
        } catch (RuntimeException e) {
            return fixedSize;
        }
    }

    /** CPython's free list of exact lists and dicts (80 each); see {@code support.describe_type}. */
    @Override
    public int freeListCapacity() {
        return freeListCapacity;
    }

    @Override
    public boolean supportsWeakRefs() {
        return !isWeakRefType();
    }
}
