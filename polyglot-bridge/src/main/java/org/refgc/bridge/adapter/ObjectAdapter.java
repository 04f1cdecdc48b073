package org.refgc.bridge.adapter;

import java.util.HashMap;
import java.util.Map;

import org.graalvm.polyglot.Value;
import org.refgc.core.Heap;
import org.refgc.core.ObjectType;

/**
 * Maps Python objects to heap handles and back, and describes Python types to the heap.
 *
 * <h2>Identity</h2>
 * An object is keyed by its {@code id()}, which GraalPy never reuses. The handle's payload is the
 * object itself, so the heap keeps it alive; {@link ObjectType#onFree} drops the mapping.
 *
 * <h2>Ways into the heap</h2>
 * <ol>
 *   <li>{@link #track}: instrumented code (or {@code _refgc.track}) creates an object and owns the
 *       one reference the new handle starts with. The object's type decides its slots. The caller
 *       must already have counted every reference the object holds to other heap objects (traverse
 *       reports them, and deallocation releases them).</li>
 *   <li>{@link #adopt}: an object from opaque code is needed as a handle (a weak reference's
 *       referent). It gets an {@link ExternalType} handle whose one reference is never dropped, so
 *       it is never finalized while opaque code may still use it (DESIGN.md rule 3).</li>
 * </ol>
 * Atomic values (int, float, complex, str, bytes, bool, None) never enter the heap.
 *
 * <h2>Not counted</h2>
 * The reference from an instance to its class is not counted (classes are rarely heap objects, and
 * counting it would force every class into the heap), so traversal leaves it out; {@code
 * gc.get_referents} still lists it, as CPython does.
 */
public final class ObjectAdapter {
    final Heap heap;
    final PythonSupport support;
    final IdHandleMap ids = new IdHandleMap();
    private long[] idOfHandle = new long[1024];
    private final Map<Long, PyObjectType> typesById = new HashMap<>();
    private final ExternalType external;
    private final Map<Integer, Integer> companions = new HashMap<>();
    /** Per handle: references the Python object's own traversal cannot report (see {@link #setParts}). */
    private final PartsTable parts = new PartsTable();
    /** Per handle: the class an instance of an instrumented class holds (see {@link #setClassOf}). */
    private int[] classOf = new int[1024];
    private IdHandleMap freedIds;
    private long zombieUses;

    /**
     * @param heap    the context's heap
     * @param support the adapter's Python half
     */
    public ObjectAdapter(Heap heap, PythonSupport support) {
        this.heap = heap;
        this.support = support;
        this.external = new ExternalType(this);
    }

    /** @return the heap */
    public Heap heap() {
        return heap;
    }

    /** @return the adapter's Python half */
    public PythonSupport support() {
        return support;
    }

    /**
     * @param id a Python {@code id()}
     * @return the object's handle, or {@link Heap#NULL} if the heap does not know it
     */
    public int handleOf(long id) {
        return ids.get(id);
    }

    /**
     * Adds an object with refcount 1 (the caller's reference).
     *
     * @param obj    the Python object (not atomic)
     * @param id     its {@code id()}
     * @param pyType its type ({@code type(obj)})
     * @param typeId the type's {@code id()}
     * @return the new handle, or {@link Heap#NULL} if the object is already in the heap
     */
    public int track(Value obj, long id, Value pyType, long typeId) {
        if (ids.get(id) != Heap.NULL) {
            return Heap.NULL;
        }
        PyObjectType t = typeFor(pyType, typeId);
        int h = heap.allocate(t, obj);
        bind(h, id);
        return h;
    }

    /**
     * Adds a weak reference object (a {@code _weakref.ref} or proxy, or a subclass instance).
     *
     * @return the weak reference's handle
     */
    public int trackWeakRef(Value ref, long refId, Value pyType, long typeId, int referent, int callback,
                            org.refgc.core.WeakRefKind kind) {
        PyObjectType t = typeFor(pyType, typeId);
        int h = heap.newWeakRef(t, ref, referent, callback, kind);
        bind(h, refId);
        return h;
    }

    /**
     * The object's handle, adding it as an externally referenced object if the heap does not
     * know it yet (see class doc).
     *
     * @param obj a Python object (not atomic)
     * @param id  its {@code id()}
     * @return its handle
     */
    public int adopt(Value obj, long id) {
        int h = ids.get(id);
        if (h == Heap.NULL) {
            h = heap.allocate(external, obj);
            bind(h, id);
        }
        return h;
    }

    /**
     * The handle weak references to this object point at. Core does not let a weak reference
     * object be a weak referent, but CPython does for subclasses with a {@code __weakref__} slot
     * ({@code WeakMethod}). Such an object gets a companion handle, freed when the object is
     * freed, whose weak references stand for the object's.
     *
     * @param handle a live object
     * @return the handle itself, or its companion if it is a weak reference object
     */
    public int weakTarget(int handle) {
        if (!heap.isWeakRef(handle)) {
            return handle;
        }
        Integer c = companions.get(handle);
        if (c == null) {
            c = heap.allocate(external, heap.payload(handle));
            companions.put(handle, c);
        }
        return c;
    }

    /** Frees the companion of a weak reference object being freed (see {@link #weakTarget}). */
    void releaseCompanion(int weakRef) {
        Integer c = companions.remove(weakRef);
        if (c != null) {
            heap.decref(c);
        }
    }

    /** @return whether the handle was {@linkplain #adopt adopted} from opaque code */
    public boolean isExternal(int handle) {
        return heap.type(handle) == external;
    }

    /** @return the Python object of a live handle (null for payload-less handles) */
    public Value object(int handle) {
        Object p = heap.payload(handle);
        return p instanceof Value v ? v : null;
    }

    private java.util.function.IntConsumer freeListener;

    /**
     * Sets the one listener told of each handle the adapter forgets because the heap frees it
     * (called from the type's {@code onFree}, after the object's references were released).
     *
     * @param listener the listener, or null
     */
    public void setFreeListener(java.util.function.IntConsumer listener) {
        this.freeListener = listener;
    }

    /**
     * Sets the references an object holds that its Python traversal cannot report, because the
     * CPython objects holding them have no stable Python identity here (a class's dict, MRO and
     * bases tuples; a function's defaults and closure tuples; an exception's traceback; a
     * materialized instance dict). They are reported after the object's own referents, in this
     * order, and so released in this order when the object dies. The caller counted them.
     *
     * @param handle    a live object
     * @param refs      the referent handles (NULL entries are skipped), or null to drop them
     * @param clearMode what the object's tp_clear does with them: {@link #KEEP_PARTS},
     *                  {@link #CLEAR_ALL_PARTS} or {@link #CLEAR_TYPE_PARTS}
     */
    public void setParts(int handle, int[] refs, int clearMode) {
        if (refs == null || refs.length == 0) {
            parts.remove(handle);
        } else {
            parts.put(handle, new Parts(refs, clearMode));
        }
    }

    /** Fills slot {@code i} of the object's parts, creating or growing them as needed. */
    public void setPart(int handle, int i, int ref, int clearMode) {
        Parts p = parts.get(handle);
        int[] refs = p == null ? new int[i + 1] : p.refs.length > i ? p.refs : java.util.Arrays.copyOf(p.refs, i + 1);
        refs[i] = ref;
        parts.put(handle, new Parts(refs, p == null ? clearMode : p.clearMode));
    }

    /** tp_clear leaves the parts (an instance: its materialized dict is cleared by its own clear). */
    public static final int KEEP_PARTS = 0;
    /** tp_clear drops every part, in order (func_clear, BaseException_clear). */
    public static final int CLEAR_ALL_PARTS = 1;
    /** type_clear: the first part (the class dict) is emptied, the second (tp_mro) dropped. */
    public static final int CLEAR_TYPE_PARTS = 2;

    record Parts(int[] refs, int clearMode) {
    }

    /** Parts by handle: an array indexed by handle (handles are dense), traversal's hot path. */
    private static final class PartsTable {
        private Parts[] byHandle = new Parts[0];
        private int size;

        boolean isEmpty() {
            return size == 0;
        }

        Parts get(int h) {
            return h < byHandle.length ? byHandle[h] : null;
        }

        void put(int h, Parts p) {
            if (h >= byHandle.length) {
                byHandle = java.util.Arrays.copyOf(byHandle, Math.max(h + 1, Math.max(1024, byHandle.length * 2)));
            }
            if (byHandle[h] == null) {
                size++;
            }
            byHandle[h] = p;
        }

        void remove(int h) {
            if (h < byHandle.length && byHandle[h] != null) {
                byHandle[h] = null;
                size--;
            }
        }
    }

    /** @return the references set by {@link #setParts} (null if none; do not modify) */
    public int[] parts(int handle) {
        if (parts.isEmpty()) {
            return null;
        }
        Parts p = parts.get(handle);
        return p == null ? null : p.refs;
    }

    /** tp_clear of the parts (after the Python object's own clear); see {@link #setParts}. */
    void clearParts(int handle) {
        Parts p = parts.isEmpty() ? null : parts.get(handle);
        if (p == null || p.clearMode == KEEP_PARTS) {
            return;
        }
        int[] refs = p.refs;
        if (p.clearMode == CLEAR_ALL_PARTS) {
            parts.remove(handle);
            for (int r : refs) {
                if (r != Heap.NULL) {
                    heap.decref(r);
                }
            }
            return;
        }
        // type_clear: PyDict_Clear(tp_dict), then Py_CLEAR(tp_mro)
        int dict = refs.length > 0 ? refs[0] : Heap.NULL;
        if (dict != Heap.NULL && heap.isAlive(dict)) {
            heap.type(dict).clear(heap, dict, heap.payload(dict));
        }
        if (refs.length > 1 && refs[1] != Heap.NULL) {
            int mro = refs[1];
            int[] rest = refs.clone();
            rest[1] = Heap.NULL;
            parts.put(handle, new Parts(rest, KEEP_PARTS));
            heap.decref(mro);
        }
    }

    /**
     * Records that an instance holds a counted reference to its class (subtype_traverse visits
     * the type last; subtype_dealloc releases it last).
     */
    public void setClassOf(int handle, int cls) {
        if (handle >= classOf.length) {
            classOf = java.util.Arrays.copyOf(classOf, Math.max(handle + 1, classOf.length * 2));
        }
        classOf[handle] = cls;
    }

    /** @return the class handle an instance holds, or NULL */
    int classOf(int handle) {
        return handle < classOf.length ? classOf[handle] : Heap.NULL;
    }

    /** Drops the mapping of a handle being freed (and remembers it when detecting zombies). */
    void forget(int handle) {
        if (freeListener != null) {
            freeListener.accept(handle);
        }
        if (!parts.isEmpty()) {
            parts.remove(handle);
        }
        if (handle < classOf.length) {
            classOf[handle] = Heap.NULL;
        }
        if (handle < idOfHandle.length) {
            long id = idOfHandle[handle];
            if (ids.get(id) == handle) {
                ids.remove(id);
                if (freedIds != null) {
                    freedIds.put(id, 1);
                }
            }
            idOfHandle[handle] = 0;
        }
    }

    /**
     * Turns the zombie detector on or off (DESIGN.md rule 3): while on, the ids of freed objects
     * are remembered so that any later use of such an object can be reported.
     */
    public void setZombieDetection(boolean on) {
        freedIds = on ? (freedIds == null ? new IdHandleMap() : freedIds) : null;
    }

    /** @return whether the zombie detector is on */
    public boolean isZombieDetection() {
        return freedIds != null;
    }

    /**
     * @param id a Python {@code id()}
     * @return whether refgc freed that object while the detector was on (it is a zombie if used)
     */
    public boolean isZombie(long id) {
        return freedIds != null && ids.get(id) == Heap.NULL && freedIds.get(id) != 0;
    }

    /**
     * Forgets that the object with this id was freed: it was released on purpose while Python
     * keeps using it (an iterator's result tuple recycled in place), so later uses are not zombie
     * uses.
     *
     * @param id a Python {@code id()}
     */
    public void forgetFreed(long id) {
        if (freedIds != null) {
            freedIds.remove(id);
        }
    }

    /** Counts one detected use of a freed object. */
    public void recordZombieUse() {
        zombieUses++;
    }

    /** @return uses of freed objects detected so far */
    public long zombieUses() {
        return zombieUses;
    }

    private void bind(int handle, long id) {
        if (handle >= idOfHandle.length) {
            long[] n = new long[Math.max(handle + 1, idOfHandle.length * 2)];
            System.arraycopy(idOfHandle, 0, n, 0, idOfHandle.length);
            idOfHandle = n;
        }
        idOfHandle[handle] = id;
        ids.put(id, handle);
    }

    private boolean garbageOwnedByPython;

    /**
     * Hands the references of {@code gc.garbage} to the Python list (instrumented mode): the
     * instrumenting compiler's runtime counts a plain list's references to heap objects, so it
     * releases an entry when instrumented code removes it from {@code gc.garbage}. The reference
     * the collector takes for each object it saves then belongs to the Python list, and core's
     * own garbage list stays empty (else an entry would be released twice: once by the runtime,
     * once by {@code RefgcHost.syncGarbage}). Entries already in core's list are handed over now.
     */
    public void handGarbageToPython() {
        if (garbageOwnedByPython) {
            return;
        }
        garbageOwnedByPython = true;
        for (int i = heap.garbageSize() - 1; i >= 0; i--) {
            takeGarbageEntry(i);
        }
    }

    /** @return whether {@code gc.garbage}'s references belong to the Python list (see above) */
    public boolean isGarbageOwnedByPython() {
        return garbageOwnedByPython;
    }

    /** Removes entry {@code i} of core's garbage list, keeping its reference (now the Python list's). */
    void takeGarbageEntry(int i) {
        int h = heap.garbage()[i];
        heap.incref(h);
        heap.removeGarbageAt(i);
    }

    /** @return the number of objects the adapter maps */
    public int mappedCount() {
        return ids.size();
    }

    /**
     * The heap type describing a Python type, created on first use.
     *
     * @param pyType a Python type object
     * @param typeId its {@code id()}
     * @return the heap type
     */
    PyObjectType typeFor(Value pyType, long typeId) {
        PyObjectType t = typesById.get(typeId);
        if (t == null) {
            Value d = support.describeType.execute(pyType);
            t = new PyObjectType(this, d.getArrayElement(0).asString(), d.getArrayElement(1).asString(),
                    d.getArrayElement(2).asBoolean(), d.getArrayElement(3).asBoolean(),
                    d.getArrayElement(4).asBoolean(), d.getArrayElement(5).asLong(),
                    d.getArrayElement(6).asString(), d.getArrayElement(7),
                    d.getArrayElement(8).asInt());
            typesById.put(typeId, t);
        }
        return t;
    }

    /** Forgets cached type descriptions (after {@code _refgc.with_tp_del} marks a class). */
    public void invalidateType(long typeId) {
        typesById.remove(typeId);
    }
}
