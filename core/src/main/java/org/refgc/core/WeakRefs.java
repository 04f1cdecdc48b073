package org.refgc.core;

import java.util.Arrays;
import java.util.List;

/**
 * Weak references: a side table with one row per weak reference object, and the
 * per-referent lists (CPython's {@code Objects/weakrefobject.c}).
 *
 * <p>A weak reference object is an ordinary heap object (flag F_WEAKREF) whose
 * {@code wref[h]} holds its row here. A referent's {@code wref[r]} holds the first
 * weak reference to it; rows link the list both ways ({@code wr_prev}/{@code wr_next}).
 * The referent is not counted; the callback is (until the weak reference is cleared).
 *
 * <p>List order follows CPython: the canonical callback-less ref first, then the
 * canonical callback-less proxy, then all others newest first; so callbacks run in
 * reverse order of creation.
 */
final class WeakRefs {
    private final HeapEngine e;

    // ---- rows
    private int[] referent = new int[16];
    private int[] callback = new int[16];
    private int[] prev = new int[16];
    private int[] next = new int[16];
    private int[] owner = new int[16];
    private byte[] kind = new byte[16];
    private int rows = 1; // row 0 unused
    private int freeRow;
    /** Live weak reference objects; while 0, no object has a weakref list. */
    int live;

    WeakRefs(HeapEngine e) {
        this.e = e;
    }

    private int newRow() {
        int r = freeRow;
        if (r != 0) {
            freeRow = next[r];
            return r;
        }
        if (rows == referent.length) {
            int n = rows * 2;
            referent = Arrays.copyOf(referent, n);
            callback = Arrays.copyOf(callback, n);
            prev = Arrays.copyOf(prev, n);
            next = Arrays.copyOf(next, n);
            owner = Arrays.copyOf(owner, n);
            kind = Arrays.copyOf(kind, n);
        }
        return rows++;
    }

    /** Releases the row of weak reference wr, which is being freed. */
    void freeRow(int wr) {
        int r = e.wref[wr];
        if (r == 0) {
            return;
        }
        referent[r] = 0;
        callback[r] = 0;
        prev[r] = 0;
        owner[r] = 0;
        next[r] = freeRow;
        freeRow = r;
        e.wref[wr] = Heap.NULL;
        live--;
    }

    private int row(int wr) {
        return e.wref[wr];
    }

    private int checkedRow(int wr) {
        e.checkAlive(wr, 0);
        if ((e.info[wr] & HeapEngine.F_WEAKREF) == 0) {
            throw new IllegalArgumentException("handle " + wr + " is not a weak reference");
        }
        return e.wref[wr];
    }

    // ------------------------------------------------------------------ creation

    /** weakref___new__: allocate, then insert per kind (get_basic_refs, insert_head/insert_after). */
    int newWeakRef(ObjectType wrType, Object p, int target, int cb, WeakRefKind k) {
        e.checkAlive(target, 0);
        int tf = e.typeFlagsOf(target);
        if ((tf & HeapEngine.TF_WEAKREFABLE) == 0 || (e.info[target] & HeapEngine.F_WEAKREF) != 0) {
            throw new IllegalArgumentException("cannot create weak reference to '"
                    + e.typeUnchecked(target).name() + "' object");
        }
        if (cb != Heap.NULL) {
            e.checkAlive(cb, 0);
        }
        if (k == null) {
            throw new NullPointerException("kind");
        }
        if (k != WeakRefKind.OTHER && cb != Heap.NULL) {
            throw new IllegalArgumentException(k + " weak references have no callback");
        }
        int h = e.allocateWithPayload(wrType, p);
        if (cb != Heap.NULL) {
            e.incref(cb);
        }
        int r = newRow();
        live++;
        e.info[h] = (e.info[h] | HeapEngine.F_WEAKREF) & ~HeapEngine.F_INTARRAY;
        e.wref[h] = r;
        referent[r] = target;
        callback[r] = cb;
        owner[r] = h;
        kind[r] = (byte) k.ordinal();
        prev[r] = Heap.NULL;
        next[r] = Heap.NULL;
        if (k == WeakRefKind.BASIC_REF) {
            insertHead(h, target);
        } else {
            int basicRef = Heap.NULL;
            int basicProxy = Heap.NULL;
            int head = e.wref[target];
            if (head != Heap.NULL && callback[row(head)] == Heap.NULL) {
                if (kind[row(head)] == WeakRefKind.BASIC_REF.ordinal()) {
                    basicRef = head;
                    head = next[row(head)];
                }
                if (head != Heap.NULL && callback[row(head)] == Heap.NULL
                        && kind[row(head)] == WeakRefKind.BASIC_PROXY.ordinal()) {
                    basicProxy = head;
                }
            }
            int after = basicProxy == Heap.NULL ? basicRef : basicProxy;
            if (k == WeakRefKind.BASIC_PROXY) {
                after = basicRef;
            }
            if (after == Heap.NULL) {
                insertHead(h, target);
            } else {
                insertAfter(h, after);
            }
        }
        return h;
    }

    private void insertHead(int wr, int target) {
        int r = row(wr);
        int first = e.wref[target];
        prev[r] = Heap.NULL;
        next[r] = first;
        if (first != Heap.NULL) {
            prev[row(first)] = wr;
        }
        e.wref[target] = wr;
    }

    private void insertAfter(int wr, int after) {
        int r = row(wr);
        int ra = row(after);
        prev[r] = after;
        next[r] = next[ra];
        if (next[ra] != Heap.NULL) {
            prev[row(next[ra])] = wr;
        }
        next[ra] = wr;
    }

    // ------------------------------------------------------------------ queries

    int referent(int wr) {
        return referent[checkedRow(wr)];
    }

    int callback(int wr) {
        return callback[checkedRow(wr)];
    }

    /** The callback of weak reference object h, without checks. */
    int callbackRaw(int wr) {
        return callback[row(wr)];
    }

    int referentRaw(int wr) {
        return referent[row(wr)];
    }

    int count(int obj) {
        e.checkAlive(obj, 0);
        if ((e.info[obj] & HeapEngine.F_WEAKREF) != 0) {
            return 0;
        }
        int n = 0;
        for (int w = e.wref[obj]; w != Heap.NULL; w = next[row(w)]) {
            n++;
        }
        return n;
    }

    int[] list(int obj) {
        int[] out = new int[count(obj)];
        if (out.length == 0) {
            // A weak reference object keeps its own row in wref[], not a list head.
            return out;
        }
        int i = 0;
        for (int w = e.wref[obj]; w != Heap.NULL; w = next[row(w)]) {
            out[i++] = w;
        }
        return out;
    }

    /** The first weak reference to obj (which must not be a weak reference), or NULL. */
    int head(int obj) {
        return e.wref[obj];
    }

    // ------------------------------------------------------------------ clearing

    /** Unlink wr from its referent's list and forget the referent (part of clear_weakref). */
    private void unlink(int wr) {
        int r = row(wr);
        int target = referent[r];
        if (target != Heap.NULL) {
            if (e.wref[target] == wr) {
                e.wref[target] = next[r];
            }
            if (prev[r] != Heap.NULL) {
                next[row(prev[r])] = next[r];
            }
            if (next[r] != Heap.NULL) {
                prev[row(next[r])] = prev[r];
            }
            referent[r] = Heap.NULL;
            prev[r] = Heap.NULL;
            next[r] = Heap.NULL;
        }
    }

    /** _PyWeakref_ClearRef: clear the reference, keep the callback (uncalled). */
    void clearRef(int wr) {
        unlink(wr);
    }

    /**
     * clear_weakref without the decref: unlink and detach the callback.
     *
     * @return the callback whose reference the caller now owns, or NULL
     */
    int clearWeakRefTakeCallback(int wr) {
        unlink(wr);
        int r = row(wr);
        int cb = callback[r];
        callback[r] = Heap.NULL;
        return cb;
    }

    /** clear_weakref: unlink and drop the callback (may free it). */
    void clearAndDropCallback(int wr) {
        checkedRow(wr);
        int cb = clearWeakRefTakeCallback(wr);
        if (cb != Heap.NULL) {
            e.decref(cb);
        }
    }

    /** Clear every weak reference to obj, leaving callbacks uncalled (subtype_dealloc after finalizers). */
    void clearRefsWithoutCallbacks(int obj) {
        int w;
        while ((w = e.wref[obj]) != Heap.NULL) {
            clearRef(w);
        }
    }

    /**
     * PyObject_ClearWeakRefs, for an object whose refcount is zero: clear the
     * callback-less basic ref and proxy at the head, then clear all the others and
     * call their callbacks in list order, for weak references still alive.
     */
    void clearWeakRefsAtDealloc(int obj) {
        int head = e.wref[obj];
        if (head != Heap.NULL && callback[row(head)] == Heap.NULL) {
            unlink(head);
            head = e.wref[obj];
            if (head != Heap.NULL && callback[row(head)] == Heap.NULL) {
                unlink(head);
            }
        }
        head = e.wref[obj];
        if (head == Heap.NULL) {
            return;
        }
        int count = 0;
        for (int w = head; w != Heap.NULL; w = next[row(w)]) {
            count++;
        }
        if (count == 1) {
            int cb = clearWeakRefTakeCallback(head);
            if (cb != Heap.NULL) {
                if (e.refcnt[head] > 0) {
                    invokeCallback(cb, head);
                }
                e.decref(cb);
            }
            return;
        }
        // The tuple of (weakref, callback) pairs CPython builds, holding references.
        int[] pairs = new int[count * 2];
        int current = head;
        for (int i = 0; i < count; i++) {
            int r = row(current);
            int nextWr = next[r];
            if (e.refcnt[current] > 0) {
                e.refcnt[current]++;
                pairs[2 * i] = current;
                pairs[2 * i + 1] = callback[r];
                callback[r] = Heap.NULL;
                unlink(current);
            } else {
                int cb = clearWeakRefTakeCallback(current);
                if (cb != Heap.NULL) {
                    e.decref(cb);
                }
            }
            current = nextWr;
        }
        for (int i = 0; i < count; i++) {
            int cb = pairs[2 * i + 1];
            if (cb != Heap.NULL) {
                invokeCallback(cb, pairs[2 * i]);
            }
        }
        // Py_DECREF(tuple): a tuple releases its items from the last to the first.
        for (int i = pairs.length - 1; i >= 0; i--) {
            if (pairs[i] != Heap.NULL) {
                e.decref(pairs[i]);
            }
        }
    }

    /** handle_callback: call callback(wr), reporting an exception as unraisable. */
    void invokeCallback(int cb, int wr) {
        try {
            e.binding.invokeWeakRefCallback(e.heap, cb, wr);
        } catch (RuntimeException | StackOverflowError ex) {
            e.unraisable(ex, e.repr(cb));
        }
    }

    // ------------------------------------------------------------------ validation

    void checkList(int obj, List<String> out) {
        int w = e.wref[obj];
        int prevWr = Heap.NULL;
        int steps = 0;
        while (w != Heap.NULL) {
            if (!e.isAlive(w) || (e.info[w] & HeapEngine.F_WEAKREF) == 0) {
                out.add("weakref list of " + obj + " holds " + w + ", not a live weak reference");
                return;
            }
            int r = row(w);
            if (referent[r] != obj) {
                out.add("weak reference " + w + " is on the list of " + obj + " but refers to " + referent[r]);
            }
            if (prev[r] != prevWr) {
                out.add("weak reference " + w + " has prev " + prev[r] + ", expected " + prevWr);
            }
            prevWr = w;
            w = next[r];
            if (++steps > e.top) {
                out.add("weakref list of " + obj + " is cyclic");
                return;
            }
        }
    }

    void checkWeakRef(int wr, List<String> out) {
        int r = row(wr);
        if (r <= 0 || r >= rows || owner[r] != wr) {
            out.add("weak reference " + wr + " has a bad row " + r);
            return;
        }
        if (e.wref[wr] != r) {
            out.add("weak reference " + wr + " row mismatch");
        }
        int target = referent[r];
        if (target != Heap.NULL) {
            if (!e.isAlive(target)) {
                out.add("weak reference " + wr + " refers to dead handle " + target);
                return;
            }
            boolean found = false;
            for (int w = e.wref[target]; w != Heap.NULL; w = next[row(w)]) {
                if (w == wr) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                out.add("weak reference " + wr + " is missing from the list of its referent " + target);
            }
        }
        int cb = callback[r];
        if (cb != Heap.NULL && !e.isAlive(cb)) {
            out.add("weak reference " + wr + " has dead callback " + cb);
        }
    }
}
