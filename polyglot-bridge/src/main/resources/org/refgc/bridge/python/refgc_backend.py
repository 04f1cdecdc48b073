"""The Java heap behind the `_rc` runtime (`./refgc --instrument`).

`JavaHeap` implements the heap primitives of `refgc_compiler.runtime.Runtime` (see the
`refgc_compiler` package docstring) on the context's core heap, through the
`org.refgc.bridge.instrument.InstrumentHost` object (one host call per primitive, keyed by
``id()``; atomic values never cross). Two tiers:

- **Java tier** (containers, instances, functions, classes, cells, exceptions): the
  core heap holds the count; deallocation, ``__del__``, weakref callbacks and the cycle
  collector are core's, so ``gc.collect()`` finds the cycles instrumented code builds.
  ``pin`` is an extra, never-dropped heap reference (plus a mark that keeps
  ``getrefcount`` exact): a pinned object is an external root, never freed or collected.
- **Python tier** (objects tracked with explicit referents: bound methods, generators,
  iterators that hold their arguments, objects adopted from opaque code whose references
  we cannot enumerate): counted here exactly as `ShadowHeap` does; what they hold is
  counted in the Java tier. The collector sees them as external holders, so a cycle
  through one of them leaks (it is never freed early).

CPython 3.12 objects that Python code here cannot hold on to (a class's dict, MRO and
bases tuples and descriptors; a function's defaults, kwdefaults and closure tuples; an
exception's args tuple, traceback entries and frame objects; its ``__cause__`` and
``__context__``, synchronized where the runtime sees the exception) are modelled as *parts*
(`refgc_compiler.runtime.Part`, Java-tier objects of their own): their owner reports them
after its own referents (`InstrumentHost.setParts`), so the collector finds the same
objects CPython's does and `gc.collect()` returns the same counts. A materialized instance
or function ``__dict__`` is the real dict, tracked as an object of its own.

Known limits (each leaks, none frees early): anything a Python-tier object holds is
invisible to the collector (cycles through generators or adopted objects are never
collected); what the ``__cause__``/``__context__`` chain of an exception the heap does not
track reaches is pinned.

References handed to opaque code at count zero (the ZCT) keep their Java reference until
the opaque call returns; then it is dropped (`flush`) or becomes the pin
(`escape_deferred`).
"""

import builtins
import sys

from refgc_compiler import runtime as _runtime
from refgc_compiler.shadow import ShadowHeap, PINNED, PENDING, container_refs

_ATOMIC = frozenset([int, float, complex, str, bytes, bool, type(None),
                     type(Ellipsis), type(NotImplemented)])
_JAVA = object()        # marks ZCT entries whose reference the Java heap still counts


class _NoGrave(dict):
    """The shadow tier's graveyard: nothing is kept (CPython's oracle needs it, GraalPy
    does not); zombies are detected by the Java adapter."""

    def __setitem__(self, k, v):
        pass


class JavaHeap(ShadowHeap):

    def __init__(self, host, getrefcount, trace_zombies=False):
        #: ZombieTrace when REFGC_ZOMBIE_TRACE is set: names each zombie use at exit
        self.zombie_trace = ZombieTrace(host) if trace_zombies else None
        self.host = self.zombie_trace if trace_zombies else host
        # the host methods of the hot paths, read once: reading a member of a host object is
        # a foreign attribute lookup on every call
        self._host_inc = self.host.inc
        self._host_dec = self.host.dec
        self._host_track = self.host.track
        self._host_tracked = self.host.tracked
        self._host_count = self.host.count
        self._host_maintainTracking = self.host.maintainTracking
        self._real_getrefcount = getrefcount
        super().__init__()
        self.S = host.support()             # the adapter's Python half (support.py)
        self.S.exception_cleared = self.cleared
        self.graveyard = _NoGrave()
        # object() makes new objects: adopt them instead of leaving them unknown (builtin
        # exceptions: see ShadowHeap)
        _runtime.FRESH_TYPES.add(object)
        self.fresh.add(object)
        self.safe.add(object)
        setdefault = self.summaries[dict.setdefault]

        def _dict_setdefault(rt, o, args, kw):
            r = setdefault(rt, o, args, kw)
            if isinstance(o, dict) and args:
                rt._maintain(o, args[0], r)
            return r
        self.summaries[dict.setdefault] = _dict_setdefault

    def cls(self, c):
        """No strict-oracle guard around __del__: core's finalizer calls it (GraalPy itself
        never does)."""
        return _runtime.Runtime.cls(self, c)

    # ------------------------------------------------------------------ summaries
    def _install_summaries(self):
        self.summaries[sys.getrefcount] = _getrefcount
        try:
            import _weakref
            ref = _weakref.ref
            for f in (ref, _weakref.proxy, ref.__new__):
                self.summaries[f] = _new_reference
            # what subclasses (KeyedRef, WeakMethod) reach through ref.__new__(cls, ...),
            # super().__init__(...) and super().__call__()
            self.summaries[ref.__init__] = _keeps_nothing
            self.summaries[ref.__call__] = _ref_call
            self.summaries[_weakref._remove_dead_weakref] = _remove_dead_weakref
            self.safe.add(_weakref.getweakrefcount)
            self.safe.add(_weakref.getweakrefs)
            self.fresh.add(_weakref.getweakrefs)     # a new list: +1 on each weak reference
        except (ImportError, AttributeError):
            pass
        try:
            import gc
            for f in (gc.get_objects, gc.get_referrers, gc.get_referents):
                self.safe.add(f)
                self.fresh.add(f)
            for f in (gc.collect, gc.is_tracked, gc.is_finalized, gc.get_count,
                      gc.get_threshold, gc.set_threshold, gc.enable, gc.disable,
                      gc.isenabled, gc.get_stats, gc.freeze, gc.unfreeze,
                      gc.get_freeze_count, gc.get_debug, gc.set_debug):
                self.safe.add(f)
            self.safe.add(sys.getsizeof)
        except (ImportError, AttributeError):
            pass

    # ------------------------------------------------------------------ primitives
    def _track(self, obj, count, referents=None):
        t = type(obj)
        if t in _ATOMIC or t is tuple and not obj:
            return
        k = id(obj)
        if referents is not None or k in self.h:
            return ShadowHeap._track(self, obj, count, referents)
        if t in _runtime.PART_TYPES:
            # a dict part of untracked values starts untracked (PyDict_New)
            if self._host_track(obj, k, t, id(t), count,
                                t is _runtime._DictPart and not obj.refs, False):
                self.stats['tracked'] += 1
            return
        h = self._host_track(obj, k, t, id(t), count,
                             t is dict and _atomic_dict(obj),
                             t in self.iclasses and not isinstance(obj, type))
        if h:
            self.stats['tracked'] += 1

    def adopt_owning(self, r, refs):
        """In the Java tier, where the collector sees it and a Java-tier container that
        holds it releases it: the references are its parts (kept by tp_clear)."""
        if any(id(x) in self.h for x in refs):
            return self.adopt_holding(r, refs)
        refs = [x for x in refs if type(x) not in _ATOMIC and self._host_inc(id(x))]
        self._track(r, 1)
        if refs:
            self._set_parts(r, refs, _runtime.KEEP_PARTS)

    def _set_parts(self, owner, parts, mode):
        self.host.setParts(id(owner), [0 if p is None else id(p) for p in parts], mode)

    def _set_part(self, owner, i, part, mode):
        self.host.setPart(id(owner), i, 0 if part is None else id(part), mode)

    def _get_part(self, owner, i):
        return self.host.part(id(owner), i)

    def _dict_materialized(self, o, d):
        self.S.MATERIALIZED.add(id(d))

    def _dict_stored(self, d, v):
        if id(d) in self.S.MATERIALIZED and type(v) not in _ATOMIC:
            self._host_maintainTracking(id(d), id(v))

    def _part_changed(self, p):
        if type(p) is _runtime._DictPart:
            for x in p.refs:
                if self._host_maintainTracking(id(p), id(x)):
                    break

    # ld and pop are the runtime's most frequent calls: the Java tier's case without the
    # extra method call and type test of Runtime.ld -> inc (pop -> dec)
    def ld(self, v):
        if type(v) not in _ATOMIC:
            k = id(v)
            e = self.h.get(k)
            if e is not None:
                e[0] += 1
            else:
                self._host_inc(k)
        return v

    def pop(self, v):
        if type(v) not in _ATOMIC:
            k = id(v)
            if k in self.h:
                self.dec(v)
            else:
                self._host_dec(k)
        if self._zct:
            self.flush()

    def inc(self, obj):
        if type(obj) in _ATOMIC:
            return
        k = id(obj)
        e = self.h.get(k)
        if e is not None:
            e[0] += 1
        else:
            self._host_inc(k)

    def inc_if_tracked(self, obj):
        if type(obj) in _ATOMIC:
            return True
        e = self.h.get(id(obj))
        if e is not None:
            e[0] += 1
            e[2] &= ~PENDING
            return True
        if self._zct and self._reclaim(obj):
            return True
        return self._host_inc(id(obj))

    def _reclaim(self, obj):
        """The reference handed to opaque code came back (a Python __add__ or property
        getter returned through an operator or getattr): the reference the ZCT kept for
        it is the one returned (as ShadowHeap clears PENDING), whatever the depth."""
        zct = self._zct
        for i in range(len(zct) - 1, -1, -1):
            item = zct[i]
            if len(item) == 3 and item[0] is obj:
                del zct[i]
                return True
        return False

    def dec(self, obj):
        if type(obj) in _ATOMIC:
            return
        k = id(obj)
        e = self.h.get(k)
        if e is not None:
            n = e[0] - 1
            e[0] = n
            if n <= 0:
                if n < 0:
                    self.zombies.append(('negative', type(obj).__name__, id(obj)))
                elif not e[2] & (PINNED | PENDING):
                    self._dealloc(e)
        else:
            self._host_dec(k)

    def dec_deferred(self, obj):
        if type(obj) in _ATOMIC:
            return
        if id(obj) in self.h:
            return ShadowHeap.dec_deferred(self, obj)
        if self._host_tracked(id(obj)):
            self._zct.append((obj, self._odepth, _JAVA))

    def flush(self):
        for item in self._take_ready_zct():
            if len(item) == 3:
                self._host_dec(id(item[0]))
            else:
                self._release_deferred(item[0])

    def escape_deferred(self):
        depth = self._odepth
        keep = []
        for item in self._zct:
            if item[1] > depth:
                obj = item[0]
                if len(item) == 3:
                    # the reference handed out becomes the pin, unless it came back
                    if self._host_count(id(obj)) > 1:
                        self._host_dec(id(obj))
                    else:
                        self.host.pinHolding(id(obj))
                    continue
                e = self.h.get(id(obj))
                if e is not None and e[2] & PENDING:
                    e[2] &= ~PENDING
                    if e[0] == 0:
                        self.pin(obj)
            else:
                keep.append(item)
        self._zct = keep

    def count(self, obj):
        if type(obj) in _ATOMIC:
            return None
        e = self.h.get(id(obj))
        if e is not None:
            return e[0]
        n = self._host_count(id(obj))
        return None if n < 0 else n

    def tracked(self, obj):
        if type(obj) in _ATOMIC:
            return False
        return id(obj) in self.h or self._host_tracked(id(obj))

    def pin(self, obj):
        todo = [obj]
        while todo:
            o = todo.pop()
            if type(o) in _ATOMIC:
                continue
            e = self.h.get(id(o))
            if e is None:
                self.host.pin(id(o))
                continue
            if e[2] & PINNED:
                continue
            e[2] |= PINNED
            self.stats['pinned'] += 1
            todo.extend(self._referents(o, e))

    def recycle(self, t):
        if id(t) in self.h:
            return ShadowHeap.recycle(self, t)
        self.host.recycle(id(t))

    def adopt(self, r):
        t = type(r)
        if t in _ATOMIC:
            return
        held = container_refs(r)
        if held is not None:
            for x in held:
                self.inc(x)
        elif t in self.iclasses:
            for x in self._instance_referents(r) + self._base_items(r):
                self.inc(x)
            self.inc(t)
        elif t is _MethodType:
            # meth_traverse: im_func, im_self (the collector sees a method in a cycle)
            self.inc(r.__func__)
            self.inc(r.__self__)
        elif isinstance(r, BaseException):
            return self._track_exception(r, 1)
        else:
            return ShadowHeap.adopt(self, r) if t in _SHADOW_ADOPT else \
                ShadowHeap._track(self, r, 1, [])
        self._track(r, 1)

    # ------------------------------------------------------------------ dict GC tracking
    # A dict of atomic values starts untracked by the collector (PyDict_New); storing
    # something that may be tracked tracks it (MAINTAIN_TRACKING in insertdict).
    def _setitem(self, o, k, v):
        ShadowHeap._setitem(self, o, k, v)
        if isinstance(o, dict):
            self._maintain(o, k, v)

    def _sync(self, o, before):
        ShadowHeap._sync(self, o, before)
        if isinstance(o, dict):
            for k, v in o.items():
                if self._maintain(o, k, v):
                    break

    def _maintain(self, d, k, v):
        if type(v) not in _ATOMIC:
            return self._host_maintainTracking(id(d), id(v))
        if type(k) not in _ATOMIC:
            return self._host_maintainTracking(id(d), id(k))
        return False

    def shadow_collect(self):
        import gc
        return gc.collect()

    def shutdown_collect(self):
        callbacks = self.S.callbacks
        saved = list(callbacks)
        del callbacks[:]
        try:
            return self.shadow_collect()
        finally:
            callbacks[:] = saved


_MethodType = type((lambda self: None).__get__(0))
_SHADOW_ADOPT = (type([].append),)


_FunctionType = type(lambda: None)


def _atomic_dict(d):
    for k, v in d.items():
        if type(k) not in _ATOMIC or type(v) not in _ATOMIC:
            return False
    return True


def _getrefcount(rt, f, args, kw):
    if kw or len(args) != 1:
        return rt._real_getrefcount(*args, **kw)
    (v,) = args
    n = rt.count(v)
    if n is None:
        return rt._real_getrefcount(v)
    return n


def _new_reference(rt, f, args, kw):
    """A builtin whose result is a new heap object it already counted (weak references:
    the shim creates their handle with one reference, the caller's)."""
    return f(*args, **kw)


def _keeps_nothing(rt, f, args, kw):
    """A builtin that only checks its arguments (weakref.__init__): it keeps no
    reference to them and returns None."""
    return f(*args, **kw)


def _ref_call(rt, f, args, kw):
    """weakref.__call__(r): a new reference to the referent, or None; r is not kept."""
    r = f(*args, **kw)
    rt.hold(r)
    return r


def _remove_dead_weakref(rt, f, args, kw):
    """_weakref._remove_dead_weakref(dct, key): when dct[key] is a dead weak reference,
    _PyDict_DelItemIf deletes the entry, dropping the stored key (maybe another object
    equal to key), then the value; nothing else is kept."""
    if kw or len(args) != 2 or not isinstance(args[0], dict):
        return f(*args, **kw)                   # TypeError
    dct, key = args
    old = dict.get(dct, key, _MISSING)
    before = None if type(key) in _ATOMIC else list(dct)
    n = len(dct)
    r = f(dct, key)
    if old is not _MISSING and len(dct) != n:
        if before is not None:
            left = set(map(id, dct))
            for k in before:
                if id(k) not in left:
                    rt.dec(k)
                    break
        rt.dec(old)
    return r


_MISSING = object()


class ZombieTrace:
    """The host seen through the zombie detector's witness (``REFGC_ZOMBIE_TRACE=1`` with
    ``REFGC_ZOMBIE_CHECK=1``): every primitive that names an object by ``id()`` is followed
    by a look at the adapter's zombie counter, and a use of a freed object is recorded with
    the primitive, the object's type, the runtime operations under way and the instrumented
    line that did it (`describe`). It doubles the host calls: a debugging mode."""

    #: the primitives whose first id-argument may name a freed object (track names the
    #: object second)
    _BY_ID = frozenset(['inc', 'dec', 'count', 'tracked', 'pin', 'pinHolding', 'recycle',
                        'maintainTracking', 'setParts', 'setPart', 'part', 'track'])

    def __init__(self, host):
        self._host = host
        self.events = []

    def __getattr__(self, name):
        f = getattr(self._host, name)
        if name not in self._BY_ID:
            return f
        uses = self._host.zombieUses
        events = self.events

        def traced(*args):
            n = uses()
            r = f(*args)
            if uses() != n:
                events.append(_describe_use(name, args, sys._getframe(1)))
            return r
        traced.__name__ = name
        setattr(self, name, traced)
        return traced

    def describe(self):
        """The recorded uses, one line each."""
        return ['%s of a freed %s (id %d) in %s, at %s' % e for e in self.events]


def _describe_use(prim, args, frame):
    """(primitive, type name, id, runtime operations, instrumented location) of a use."""
    oid = args[1] if prim == 'track' else args[0]
    tname = '?'
    ops = []
    where = '?'
    f = frame
    while f is not None:
        if tname == '?':
            for v in list(f.f_locals.values()):
                if id(v) == oid:
                    tname = type(v).__qualname__
                    break
        fn = f.f_code.co_filename
        if 'refgc_compiler' in fn or 'refgc_backend' in fn:
            ops.append(f.f_code.co_name)
        else:
            where = '%s:%d (%s)' % (fn, f.f_lineno, f.f_code.co_name)
            break
        f = f.f_back
    return (prim, tname, oid, ' < '.join(ops), where)


#: The runtime of the instrumented program (set by refgc_launch, read by --stats and tests).
RUNTIME = None
