#!/usr/bin/env python3
"""Replays the property tests' reference-model transcripts on CPython 3.12 and compares.

The property tests check core against a Java reference model of CPython's refcounting
and collector (java-tests/src/test/java/org/refgc/core/property/ReferenceModel.java).
This script checks that model against CPython itself: ModelTranscript writes each
case's steps and the model's prediction after every step; here the same steps run on
real CPython objects and the observed state must match line for line.

Objects: a node is an instance of a __slots__ class with four reference slots (a subclass
with __del__ for finalizer-bearing nodes; a resurrecting __del__ takes a new reference to
self). An atom is an untracked object. A weakref is a weakref.ref subclass instance (so
CPython does not hand back a shared basic ref). The test's own references are taken and
dropped with Py_IncRef/Py_DecRef through ctypes, so no container of the harness holds
them. Each object carries an untracked "sentinel" whose __del__ reports the object freed;
refcounts are read from ob_refcnt by address, so observing takes no references.

Usage: model_oracle.py TRANSCRIPT     (exit 0 if every case matches; else prints the first
mismatch with its case header and steps, and exits 1)
"""
import ctypes
import gc
import sys
import weakref

Py_IncRef = ctypes.pythonapi.Py_IncRef
Py_IncRef.argtypes = [ctypes.py_object]
Py_IncRef.restype = None
Py_DecRef = ctypes.pythonapi.Py_DecRef
Py_DecRef.argtypes = [ctypes.py_object]
Py_DecRef.restype = None
GC_UnTrack = ctypes.pythonapi.PyObject_GC_UnTrack
GC_UnTrack.argtypes = [ctypes.py_object]
GC_UnTrack.restype = None

freed = []        # ids whose sentinel died
fin_events = []   # ids whose node finalizer ran
cb_events = []    # (callback id, weakref id) of weakref callbacks run


class Sentinel(int):
    """Dies with the object it belongs to; its value is that object's id."""
    __slots__ = ()

    def __del__(self):
        freed.append(int(self))

    def __call__(self, wr):
        """An atom is a weakref callback."""
        cb_events.append((int(self), int(wr.sentinel)))


def sentinel(ident):
    s = Sentinel(ident)
    GC_UnTrack(s)
    return s


class Node:
    __slots__ = ("s0", "s1", "s2", "s3", "sentinel", "__weakref__")


class FinNode(Node):
    __slots__ = ()

    def __del__(self):
        fin_events.append(int(self.sentinel))


class ResurrectNode(Node):
    __slots__ = ()

    def __del__(self):
        fin_events.append(int(self.sentinel))
        Py_IncRef(self)
        external[int(self.sentinel)] = external.get(int(self.sentinel), 0) + 1


class FastNode(list):
    """A "fast" node is a list (released last slot first, like core's IntArrayType)."""
    __slots__ = ("sentinel", "__weakref__")


class FinFastNode(FastNode):
    __slots__ = ()

    def __del__(self):
        fin_events.append(int(self.sentinel))


class ResurrectFastNode(FastNode):
    __slots__ = ()

    def __del__(self):
        fin_events.append(int(self.sentinel))
        Py_IncRef(self)
        external[int(self.sentinel)] = external.get(int(self.sentinel), 0) + 1


class WR(weakref.ref):
    __slots__ = ("sentinel",)


NODE_CLASSES = [Node, FinNode, ResurrectNode]
FAST_CLASSES = [FastNode, FinFastNode, ResurrectFastNode]

addr = {}       # id -> address of a live object
kinds = {}      # id -> "node" | "atom" | "weakref"
kinds_fast = {} # id -> whether a node is a FastNode
external = {}   # id -> references the test holds


def obj(ident):
    """A new strong reference to live object `ident` (the caller must drop it)."""
    return ctypes.cast(addr[ident], ctypes.py_object).value


def refcnt(ident):
    return ctypes.c_ssize_t.from_address(addr[ident]).value


def apply(code, serial, a, b, c):
    if code == "ALLOC":
        if a == 2:
            o = sentinel(serial)
            kinds[serial] = "atom"
        else:
            o = FAST_CLASSES[c]([None] * 4) if a == 0 else NODE_CLASSES[c]()
            o.sentinel = sentinel(serial)
            kinds[serial] = "node"
            kinds_fast[serial] = a == 0
        addr[serial] = id(o)
        Py_IncRef(o)
        external[serial] = 1
        del o
        return None
    if code == "WEAKREF":
        t = obj(a)
        if b >= 0:
            cb = obj(b)
            w = WR(t, cb)
            del cb
        else:
            w = WR(t)
        w.sentinel = sentinel(serial)
        addr[serial] = id(w)
        kinds[serial] = "weakref"
        Py_IncRef(w)
        external[serial] = 1
        del t, w
        return None
    if code == "SET":
        h, t = obj(a), obj(c)
        if kinds_fast.get(a):
            h[b] = t
        else:
            setattr(h, "s%d" % b, t)
        del h, t
        return None
    if code == "CLEAR":
        h = obj(a)
        if kinds_fast.get(a):
            h[b] = None
        else:
            setattr(h, "s%d" % b, None)
        del h
        return None
    if code == "DROP":
        o = obj(a)
        external[a] -= 1
        Py_DecRef(o)
        del o
        return None
    if code == "HOLD":
        o = obj(a)
        external[a] += 1
        Py_IncRef(o)
        del o
        return None
    if code == "COLLECT":
        return gc.collect(a)
    if code == "DEBUG":
        gc.set_debug(gc.DEBUG_SAVEALL if a == 1 else 0)
        return None
    if code == "CLEAR_GARBAGE":
        del gc.garbage[:]
        return None
    if code == "FREEZE":
        gc.freeze()
        return None
    if code == "UNFREEZE":
        gc.unfreeze()
        return None
    raise ValueError(code)


def generations(by_addr):
    """id -> generation (0..2) of the live test objects in a generation list."""
    gens = {}
    for g in range(3):
        for a in [id(o) for o in gc.get_objects(g)]:
            k = by_addr.get(a)
            if k is not None:
                gens[k] = g
    return gens


def observe():
    for f in freed:
        addr.pop(f, None)
        kinds.pop(f, None)
        external.pop(f, None)
    freed.clear()
    fins = list(fin_events)
    fin_events.clear()
    cbs = ["%d,%d" % e for e in cb_events]
    cb_events.clear()
    by_addr = {v: k for k, v in addr.items()}
    gens = generations(by_addr)
    parts = []
    for ident in sorted(addr):
        o = obj(ident)
        tracked = gc.is_tracked(o)
        finalized = gc.is_finalized(o)
        ref = None
        if kinds[ident] == "weakref":
            r = o()
            ref = -1 if r is None else by_addr.get(id(r), "?")
            r = o.__callback__
            ref = f"{ref}:{-1 if r is None else by_addr.get(id(r), '?')}"
            del r
        del o
        rc = refcnt(ident)
        gen = (str(gens.get(ident, 3)) if tracked else "-")
        s = f"{ident}:{rc}:{gen}:{1 if finalized else 0}"
        if ref is not None:
            s += f":{ref}"
        parts.append(s)
    garbage = sorted(by_addr[a] for a in [id(g) for g in gc.garbage] if a in by_addr)
    return fins, cbs, "state" + "".join(" " + p for p in parts), "garbage" + "".join(" %d" % g for g in garbage)


def break_garbage_cycles():
    live = set(addr.values())
    for g in gc.garbage:
        if id(g) in live:
            if isinstance(g, FastNode):
                g[:] = [None] * 4
            elif isinstance(g, Node):
                g.s0 = g.s1 = g.s2 = g.s3 = None


def cleanup():
    """Drops everything the test holds and collects, until no test object is left."""
    gc.unfreeze()
    gc.set_debug(0)
    for _ in range(5):
        break_garbage_cycles()
        del gc.garbage[:]
        for ident in list(addr):
            while external.get(ident, 0) > 0 and ident in addr:
                o = obj(ident)
                external[ident] -= 1
                Py_DecRef(o)
                del o
                for f in freed:
                    addr.pop(f, None)
        gc.collect()
        observe()
        if not addr:
            return
    raise SystemExit(f"cleanup left objects alive: {sorted(addr)}")


def main():
    gc.disable()
    cases = mismatches = steps = 0
    header = None
    trace = []
    expect_ret = None
    got_ret = None
    with open(sys.argv[1]) as f:
        lines = f.read().splitlines()
    i = 0
    observed = None
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.startswith("case "):
            header = line
            trace = []
            gc.collect()
            gc.freeze()
            cases += 1
        elif line.startswith("op "):
            _, code, serial, a, b, c = line.split()
            trace.append(line)
            got_ret = apply(code, int(serial), int(a), int(b), int(c))
            steps += 1
            observed = observe()
        elif line.startswith("ret "):
            if int(line.split()[1]) != got_ret:
                fail(header, trace, line, f"ret {got_ret}")
        elif line.startswith("fin") or line.startswith("cb"):
            tag = line.split()[0]
            got = observed[0] if tag.startswith("fin") else observed[1]
            got = sorted(got) if tag.endswith("s") else got
            got_line = tag + "".join(" %s" % g for g in got)
            if line != got_line:
                fail(header, trace, line, got_line)
        elif line.startswith("garbage"):
            if line != observed[3]:
                fail(header, trace, line, observed[3])
        elif line.startswith("state"):
            if line != observed[2]:
                fail(header, trace, line, observed[2])
        elif line == "endcase":
            cleanup()
    print(f"model_oracle: {cases} cases, {steps} steps: the model matches CPython "
          f"{sys.version.split()[0]}")


def fail(header, trace, expected, got):
    print(f"MISMATCH in {header}")
    for t in trace:
        print("  " + t)
    print(f"  model:   {expected}")
    print(f"  cpython: {got}")
    sys.exit(1)


if __name__ == "__main__":
    main()
