"""A pure-Python heap behind the `_rc` runtime: the test oracle on CPython 3.12.

Every tracked object has an entry ``[count, obj, flags, snapshot]`` keyed by ``id(obj)``.
The shadow heap keeps a strong reference to every object it ever tracked (live ones in
the table, freed ones in the graveyard), so CPython itself never deallocates them and
never calls their ``__del__``; the shadow heap calls ``__del__`` when *its* count reaches
zero, as the Java heap will on GraalPy. A program's output under the shadow heap must
therefore equal its output under plain CPython: that is the exactness oracle.

Deallocation follows CPython 3.12: PEP 442 finalizer first (count held at 1 while it
runs; resurrection keeps the object), then the referents in each type's dealloc order
(list and tuple items last to first, dict key then value in insertion order, instance
slots along tp_base then the ``__dict__`` values (or the materialized dict) then the type,
a function's defaults, kwdefaults, dict and closure parts), with a trashcan that defers
objects nested deeper than 50 deallocations. Traversal (the collector) follows tp_traverse
order (lists and tuples last item first, dicts value then key), and counts the hidden
objects CPython 3.12 creates (`runtime.Part`); tuple and dict parts of untracked objects
are untracked as CPython untracks such tuples and dicts.
"""

import sys
from .runtime import (Runtime, U, _ATOMIC, _DictPart, _TuplePart, _FunctionType, _MethodType,
                      _CellType, _GeneratorType, _BuiltinMethodType, slot_names, PART_TYPES,
                      CLEAR_ALL_PARTS, CLEAR_TYPE_PARTS, _deque, _defaultdict, _OrderedDict)

FINALIZED = 1
PINNED = 2
PENDING = 4     # handed to opaque code at count 0 (in the ZCT): only flush may free it
CLEARED = 8     # tp_clear ran (cycle collection): deallocation has nothing left to drop
UNTRACKED = 16  # a part the collector does not track (a dict part of untracked values; a
                # tuple part untracked by a collection, as _PyTuple_MaybeUntrack)
_TRASH_LEVEL = 50


def container_refs(r):
    """The references a new builtin container r holds (its items; a dict's keys and
    values, a defaultdict's factory, an OrderedDict's nodes' keys), which adopting it
    counts; None when r is no such container."""
    t = type(r)
    if t is list or t is tuple or t is set or t is frozenset or t is _deque:
        return list(r)
    if t is dict or t is _defaultdict or t is _OrderedDict:
        out = [r.default_factory] if t is _defaultdict else []
        for k, v in dict.items(r):
            out.append(k)
            out.append(v)
        if t is _OrderedDict:
            out.extend(_OrderedDict.__iter__(r))    # each node holds its key
        return out
    return None


class ShadowHeap(Runtime):

    def __init__(self, log=None):
        super().__init__()
        self.h = {}
        self.graveyard = {}
        self.zombies = []
        self.stats = {'tracked': 0, 'freed': 0, 'pinned': 0, 'finalized': 0}
        self.log = log                      # optional list: ('free', type name) events
        self._nesting = 0
        self._trash = []
        self._finalizing = None
        self.untracked_dels = 0
        self.parts = {}                     # id(owner) -> [parts (None: empty slot), clear mode]
        # builtin exception classes make new exceptions that keep only their args (a part)
        import builtins
        from . import runtime
        for v in vars(builtins).values():
            if isinstance(v, type) and issubclass(v, BaseException):
                runtime.FRESH_TYPES.add(v)
                self.fresh.add(v)
                self.safe.add(v)
        self._install_summaries()

    # ------------------------------------------------------------------ strict oracle
    def cls(self, c):
        """Classes with __del__: CPython must not run it for objects the shadow heap does
        not track (they would print at CPython's moment and hide a miss of the model, as
        GraalPy never calls __del__); only the shadow heap's finalizer calls it."""
        c = super().cls(c)
        orig = c.__dict__.get('__del__')
        if orig is not None and getattr(orig, '_refgc_guard', None) is None:
            heap = self

            def __del__(obj):
                if heap._finalizing is obj:
                    return orig(obj)
                heap.untracked_dels += 1    # CPython freed an object the model missed
            __del__._refgc_guard = orig
            __del__.__name__ = getattr(orig, '__name__', '__del__')
            __del__.__qualname__ = getattr(orig, '__qualname__', '__del__')
            type.__setattr__(c, '__del__', __del__)
        return c

    # ------------------------------------------------------------------ primitives
    def _track(self, obj, count, referents=None):
        if type(obj) is tuple and not obj:  # () is immortal in CPython 3.12
            return
        k = id(obj)
        e = self.h.get(k)
        if e is not None:
            e[0] += count
            return
        if k in self.graveyard:
            del self.graveyard[k]
        self.h[k] = [count, obj, UNTRACKED if type(obj) is _DictPart and not obj.refs else 0,
                     referents]
        self.stats['tracked'] += 1

    def inc(self, obj):
        e = self.h.get(id(obj))
        if e is not None:
            e[0] += 1
        elif id(obj) in self.graveyard and self.graveyard[id(obj)] is obj:
            self.zombies.append(('inc', type(obj).__name__, id(obj)))

    def inc_if_tracked(self, obj):
        e = self.h.get(id(obj))
        if e is not None:
            e[0] += 1
            e[2] &= ~PENDING                # the reference came back from opaque code
            return True
        if type(obj) in _ATOMIC:
            return True
        if id(obj) in self.graveyard and self.graveyard[id(obj)] is obj:
            self.zombies.append(('res', type(obj).__name__, id(obj)))
            return True
        return False

    def dec(self, obj):
        e = self.h.get(id(obj))
        if e is not None:
            n = e[0] - 1
            e[0] = n
            if n <= 0:
                if n < 0:
                    self.zombies.append(('negative', type(obj).__name__, id(obj)))
                elif not e[2] & (PINNED | PENDING):
                    self._dealloc(e)
        elif id(obj) in self.graveyard and self.graveyard[id(obj)] is obj:
            self.zombies.append(('dec', type(obj).__name__, id(obj)))

    def dec_deferred(self, obj):
        """The reference goes to opaque code running at the current opaque-call depth;
        a zero count is only acted on once that call has returned (see flush)."""
        e = self.h.get(id(obj))
        if e is not None:
            e[0] -= 1
            if e[0] == 0:
                e[2] |= PENDING
                self._zct.append((obj, self._odepth))

    def flush(self):
        """Free ZCT entries whose opaque receiver has returned (deferred at a deeper
        opaque-call depth than the current one) and whose count is still zero."""
        for obj, _ in self._take_ready_zct():
            self._release_deferred(obj)

    def _take_ready_zct(self):
        """Removes and returns the ZCT entries deferred deeper than the current opaque depth."""
        if not self._zct:
            return ()
        depth = self._odepth
        keep = []
        ready = []
        for item in self._zct:
            (ready if item[1] > depth else keep).append(item)
        if ready:
            self._zct = keep
        return ready

    def _release_deferred(self, obj):
        """Ends obj's deferral; frees it if nothing took a reference meanwhile."""
        e = self.h.get(id(obj))
        if e is not None and e[2] & PENDING:
            e[2] &= ~PENDING
            if e[0] == 0 and not e[2] & PINNED:
                self._dealloc(e)

    def _set_parts(self, owner, parts, mode):
        self.parts[id(owner)] = [list(parts), mode]

    def _set_part(self, owner, i, part, mode):
        e = self.parts.get(id(owner))
        if e is None:
            e = self.parts[id(owner)] = [[None] * (i + 1), mode]
        slots = e[0]
        while len(slots) <= i:
            slots.append(None)
        slots[i] = part

    def _get_part(self, owner, i):
        e = self.parts.get(id(owner))
        if e is None or len(e[0]) <= i:
            return None
        return e[0][i]

    def _dict_materialized(self, o, d):
        pass                                # _instance_referents reports the tracked dict

    def _parts_of(self, o):
        e = self.parts.get(id(o))
        if e is None:
            return []
        return [p for p in e[0] if p is not None]

    def transfer_to_frame(self, gen, held):
        e = self.h.get(id(gen))
        if e is not None and e[3] is held:
            e[3] = held[:1]

    def recycle(self, t):
        e = self.h.pop(id(t), None)
        if e is None:
            return
        self.graveyard[id(t)] = t
        for x in t:
            self.dec(x)

    def escape_deferred(self):
        depth = self._odepth
        keep = []
        for item in self._zct:
            if item[1] > depth:
                e = self.h.get(id(item[0]))
                if e is not None and e[2] & PENDING:
                    e[2] &= ~PENDING
                    if e[0] == 0:
                        self.pin(item[0])
            else:
                keep.append(item)
        self._zct = keep

    def count(self, obj):
        e = self.h.get(id(obj))
        return None if e is None else e[0]

    def tracked(self, obj):
        return id(obj) in self.h

    def pin(self, obj):
        """Pin obj and everything tracked it reaches: opaque code may keep any of it."""
        todo = [obj]
        while todo:
            o = todo.pop()
            e = self.h.get(id(o))
            if e is None or e[2] & PINNED:
                continue
            e[2] |= PINNED
            self.stats['pinned'] += 1
            todo.extend(self._referents(o, e))

    def _referents(self, o, e):
        """What o's tp_traverse visits (the heap's objects among them), in its order."""
        if e[3] is not None:
            return list(e[3])
        tp = type(o)
        if tp is list or tp is tuple:
            return list(reversed(o))
        if tp is set or tp is frozenset:
            return list(o)
        if tp is dict or tp is _defaultdict or tp is _OrderedDict:
            out = [o.default_factory] if tp is _defaultdict else []
            if tp is _OrderedDict:
                out.extend(o)               # odict_traverse: the nodes' keys first
            for k, v in dict.items(o):
                out.append(v)
                out.append(k)
            return out
        if tp is _deque:
            return list(o)                  # deque_traverse: from the left
        if tp in PART_TYPES:
            return list(o.traverse())
        if tp is _FunctionType or isinstance(o, type):
            return self._parts_of(o)
        if isinstance(o, BaseException) and tp not in self.iclasses:
            return self._exception_referents(o) + self._parts_of(o)
        if tp is _CellType:
            try:
                return [o.cell_contents]
            except ValueError:
                return []
        if tp in self.iclasses:
            return self._instance_referents(o) + self._base_items(o) + self._parts_of(o) + [tp]
        return []

    # ------------------------------------------------------------------ adoption
    def adopt(self, r):
        refs = None
        t = type(r)
        held = container_refs(r)
        if held is not None:
            for x in held:
                self.inc(x)
        elif t is _MethodType:
            refs = [r.__func__, r.__self__]
        elif t is _BuiltinMethodType:
            refs = [r.__self__]
        elif t in self.iclasses:
            for x in self._instance_referents(r) + self._base_items(r):
                self.inc(x)
            self.inc(t)
        elif isinstance(r, BaseException):
            return self._track_exception(r, 1)
        elif t is not bytearray:
            import gc                        # CPython-only introspection (oracle mode)
            refs = [x for x in gc.get_referents(r) if id(x) in self.h]
        if refs is not None:
            for x in refs:
                self.inc(x)
        self._track(r, 1, refs)

    def _base_items(self, o):
        """What a builtin container base holds, in its dealloc order (an instance of a
        class deriving from tuple, list, dict or set)."""
        if isinstance(o, (tuple, list)):
            items = list(tuple.__iter__(o) if isinstance(o, tuple) else list.__iter__(o))
            items.reverse()
            return items
        if isinstance(o, dict):
            out = list(_OrderedDict.__iter__(o)) if isinstance(o, _OrderedDict) else []
            for k in dict.__iter__(o):
                out.append(k)
                out.append(dict.__getitem__(o, k))
            return out
        if isinstance(o, BaseException):
            return self._exception_referents(o)
        if isinstance(o, (set, frozenset)):
            return list(set.__iter__(o) if isinstance(o, set) else frozenset.__iter__(o))
        return []

    def _exception_referents(self, o):
        """BaseException_traverse's counted part: the dict's values (args and traceback
        are parts; cause and context are not counted)."""
        out = []
        if type(o) not in self.iclasses:
            d = getattr(o, '__dict__', None)
            if type(d) is dict:
                out.extend(d.values())
        return out

    def _instance_referents(self, o):
        out = []
        tp = type(o)
        base = tp
        while base is not None and base in self.iclasses:
            for name in slot_names(base):
                desc = base.__dict__.get(name)
                if desc is not None and name not in ('__dict__', '__weakref__'):
                    try:
                        out.append(desc.__get__(o, tp))
                    except AttributeError:
                        pass
            base = base.__base__
        d = getattr(o, '__dict__', None)
        if type(d) is dict:
            if id(d) in self.h:
                out.append(d)               # materialized: the dict holds the values
            else:
                out.extend(d.values())
        return out

    # ------------------------------------------------------------------ deallocation
    def _dealloc(self, e):
        if self._nesting >= _TRASH_LEVEL:
            self._trash.append(e)
            return
        self._nesting += 1
        try:
            self._dealloc1(e)
        finally:
            self._nesting -= 1
        if self._nesting == 0:
            while self._trash:
                t = self._trash.pop()
                self._nesting += 1
                try:
                    self._dealloc1(t)
                finally:
                    self._nesting -= 1

    def _dealloc1(self, e):
        obj = e[1]
        tp = type(obj)
        if not e[2] & FINALIZED:
            fin = None
            if tp in self.iclasses:
                fin = getattr(tp, '__del__', None)
            elif tp is _GeneratorType and obj.gi_frame is not None:
                fin = _GeneratorType.close
            if fin is not None:
                e[2] |= FINALIZED
                self.stats['finalized'] += 1
                e[0] = 1
                prev, self._finalizing = self._finalizing, obj
                try:
                    fin(obj)
                except BaseException as exc:    # like PyErr_WriteUnraisable
                    _unraisable(exc, fin, obj)
                    self.cleared(exc)
                finally:
                    self._finalizing = prev
                e[0] -= 1
                if e[0] > 0:                    # resurrected
                    return
        del self.h[id(obj)]
        self.graveyard[id(obj)] = obj
        if tp is _GeneratorType:
            pend = self._gen_pending.get(obj.gi_code)
            if pend:
                pend[:] = [x for x in pend if x[0] is not obj]
        self.stats['freed'] += 1
        if self.log is not None:
            self.log.append(('free', tp.__name__))
        dec = self.dec
        parts = self.parts.pop(id(obj), None)
        if e[2] & CLEARED:
            # tp_clear dropped what it drops; the rest goes now (what a type's clear left,
            # and subtype_dealloc's Py_DECREF of the type)
            if parts is not None and parts[1] != CLEAR_ALL_PARTS:
                for x in parts[0]:
                    if x is not None:
                        dec(x)
            if tp in self.iclasses:
                dec(tp)
            return
        if e[3] is not None:
            for x in e[3]:
                dec(x)
            return
        if tp is list or tp is tuple:
            for x in reversed(obj):
                dec(x)
        elif tp is dict or tp is _defaultdict or tp is _OrderedDict:
            if tp is _defaultdict:
                dec(obj.default_factory)    # defdict_dealloc: the factory first
            if tp is _OrderedDict:
                for k in list(obj):         # odict_dealloc: the nodes first
                    dec(k)
            for k, v in list(dict.items(obj)):
                dec(k)
                dec(v)
        elif tp is _deque:
            for x in list(obj):             # deque_dealloc (deque_clear): from the left
                dec(x)
        elif tp is set or tp is frozenset:
            for x in list(obj):
                dec(x)
        elif tp in PART_TYPES:
            for x in list(obj.released()):
                dec(x)
        elif tp is _CellType:
            try:
                v = obj.cell_contents
            except ValueError:
                return
            dec(v)
        elif tp in self.iclasses:
            # subtype_dealloc: slots, __dict__, then the builtin base's dealloc, the type
            for x in self._instance_referents(obj) + self._base_items(obj):
                dec(x)
            if parts is not None:
                for x in parts[0]:
                    if x is not None:
                        dec(x)
            dec(tp)
        elif isinstance(obj, BaseException):
            for x in self._exception_referents(obj):
                dec(x)
            if parts is not None:
                for x in parts[0]:
                    if x is not None:
                        dec(x)
        elif parts is not None:
            # func_dealloc (func_clear's order: defaults, kwdefaults, dict, closure);
            # type_dealloc
            for x in parts[0]:
                if x is not None:
                    dec(x)

    # ------------------------------------------------------------------ summaries
    def _install_summaries(self):
        """Builtins whose reference effects the shadow heap knows."""
        self.summaries[sys.getrefcount] = _getrefcount
        import gc
        self.summaries[gc.collect] = _gc_collect

    def shadow_collect(self):
        """A full collection over the tracked objects, after gcmodule.c's gc_collect_main:
        update_refs/subtract_refs (count minus references from other candidates),
        move_unreachable (what is not reachable from a positive count), finalize_garbage
        (__del__ once, in tracking order), handle_resurrected_objects (redo the analysis
        on the unreachable set), delete_garbage (tp_clear in order; freeing cascades).
        Pinned objects are roots. Returns the number of unreachable objects."""
        # (zero-count objects waiting in the ZCT for an opaque receiver are not candidates)
        cand = [e for e in self.h.values()
                if not e[2] & (PINNED | PENDING | UNTRACKED) and e[0] > 0 and self._is_gc(e[1])]
        unreachable = self._unreachable(cand)
        n = len(unreachable)
        self._untrack_parts(cand, unreachable)
        if not n:
            return 0
        for e in unreachable:                           # finalize_garbage
            o = e[1]
            tp = type(o)
            if not e[2] & FINALIZED and tp in self.iclasses and getattr(tp, '__del__', None):
                e[2] |= FINALIZED
                self.stats['finalized'] += 1
                prev, self._finalizing = self._finalizing, o
                try:
                    tp.__del__(o)
                except BaseException as exc:
                    _unraisable(exc, tp.__del__, o)
                    self.cleared(exc)
                finally:
                    self._finalizing = prev
        alive = [e for e in unreachable if self.h.get(id(e[1])) is e]
        garbage = self._unreachable(alive)              # handle_resurrected_objects
        n = len(garbage) + (n - len(alive))
        for e in garbage:                               # delete_garbage
            if self.h.get(id(e[1])) is e and not e[2] & CLEARED:
                self._clear(e)
        return n

    def _untrack_parts(self, cand, unreachable):
        """untrack_tuples (every collection) and untrack_dicts (full ones) for parts: a
        surviving tuple or dict part none of whose references may be tracked."""
        dead = {id(e[1]) for e in unreachable}
        for e in cand:
            o = e[1]
            if (type(o) is _TuplePart or type(o) is _DictPart) and id(o) not in dead:
                if not any(self._may_be_tracked(x) for x in o.refs):
                    e[2] |= UNTRACKED

    def _may_be_tracked(self, x):
        e = self.h.get(id(x))
        return e is not None and not e[2] & UNTRACKED and self._is_gc(x)

    def _part_changed(self, p):
        e = self.h.get(id(p))
        if e is not None and p.refs:
            e[2] &= ~UNTRACKED

    def _is_gc(self, o):
        tp = type(o)
        return tp in (list, dict, set, tuple, frozenset, _FunctionType, _CellType,
                      _MethodType, _GeneratorType, _deque, _defaultdict, _OrderedDict) or tp in self.iclasses or \
            tp in PART_TYPES or isinstance(o, type) or isinstance(o, BaseException)

    def _unreachable(self, entries):
        refs = {id(e[1]): e[0] for e in entries}
        for e in entries:                               # subtract_refs
            for r in self._referents(e[1], e):
                if id(r) in refs:
                    refs[id(r)] -= 1
        reach = set()
        todo = [e[1] for e in entries if refs[id(e[1])] > 0]
        while todo:                                     # move_unreachable
            o = todo.pop()
            if id(o) in reach:
                continue
            reach.add(id(o))
            e = self.h.get(id(o))
            if e is not None:
                todo.extend(r for r in self._referents(o, e)
                            if id(r) in refs and id(r) not in reach)
        return [e for e in entries if id(e[1]) not in reach]

    def _clear(self, e):
        """tp_clear: drop the object's references (its entry remembers it was cleared, so
        that its deallocation does not drop them again)."""
        o = e[1]
        tp = type(o)
        if tp is tuple or tp is frozenset:
            return                                      # no tp_clear
        if tp in PART_TYPES:
            out = o.clear()                             # (a part's clear drops them itself)
        elif tp is list:
            e[2] |= CLEARED
            out = list(reversed(o))
        elif tp is dict or tp is _defaultdict or tp is _OrderedDict:
            e[2] |= CLEARED
            out = [o.default_factory] if tp is _defaultdict else []
            for k, v in dict.items(o):
                out.append(k)
                out.append(v)
            if tp is _OrderedDict:
                out.extend(o)               # odict_tp_clear: PyDict_Clear, then the nodes
        elif tp is _deque:
            e[2] |= CLEARED
            out = list(o)
        elif tp is _FunctionType:
            e[2] |= CLEARED                             # func_clear: all its parts
            p = self.parts.get(id(o))
            out = [x for x in p[0] if x is not None] if p is not None else []
        elif isinstance(o, type):
            # type_clear: PyDict_Clear(tp_dict), Py_CLEAR(tp_mro); the rest at dealloc
            e[2] |= CLEARED
            p = self.parts.get(id(o))
            out = []
            if p is not None and p[0]:
                d = p[0][0]
                if d is not None and id(d) in self.h:
                    self.inc(o)
                    for x in d.clear():
                        self.dec(x)
                    self.dec(o)
                if len(p[0]) > 1 and p[0][1] is not None:
                    out.append(p[0][1])
                    p[0][1] = None
        else:
            e[2] |= CLEARED
            out = self._referents(o, e)
            if tp in self.iclasses and out and out[-1] is tp:
                out.pop()                               # subtype_clear keeps the type
        self.inc(o)                                     # keep o while it clears itself
        for x in out:
            self.dec(x)
        self.dec(o)


_IMMORTAL = 4294967295


def _getrefcount(rt, f, args, kw):
    (v,) = args
    n = rt.count(v)
    if n is None:
        if v is None or v is True or v is False or type(v) is tuple and not v or \
                type(v) is int and -5 <= v <= 256 or type(v) is str:
            return _IMMORTAL              # immortal (or interned) in CPython 3.12
        real = sys.getrefcount(v)
        return real - 1 if 0 < real < _IMMORTAL else _IMMORTAL
    return n


def _gc_collect(rt, f, args, kw):
    return rt.shadow_collect()


class _UnraisableHookArgs:
    """What sys.unraisablehook receives (CPython does not expose its type)."""
    __slots__ = ('exc_type', 'exc_value', 'exc_traceback', 'err_msg', 'object')

    def __init__(self, exc, fin):
        self.exc_type = type(exc)
        self.exc_value = exc
        self.exc_traceback = exc.__traceback__
        self.err_msg = None
        self.object = fin


def _unraisable(exc, fin, obj):
    """PyErr_WriteUnraisable(fin): a hook the program set gets the report; the default one
    is CPython's format, written here without the traceback module (imported after the
    hook, it would be instrumented code holding exc). The caller then clears exc
    (`Runtime.cleared`)."""
    try:
        hook = getattr(sys, 'unraisablehook', None)
        if hook is not None and hook is not sys.__unraisablehook__:
            hook(_UnraisableHookArgs(exc, fin))
        else:
            sys.stderr.write('Exception ignored in: %r\n%s: %s\n'
                             % (fin, type(exc).__name__, exc))
    except BaseException:
        pass
