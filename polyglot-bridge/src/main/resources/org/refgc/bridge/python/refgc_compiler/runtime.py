"""The `_rc` runtime: the object instrumented code calls (see the package docstring).

`Runtime` implements the *protocol* (CPython 3.12's value-stack discipline, call
conventions, stores and deletes, displays, loops) on top of five heap primitives that a
backend supplies:

    _track(obj, count)      start counting obj with `count` references
    inc(obj) / dec(obj)     +1 / -1 on a tracked object; no-op on untracked ones
    count(obj)              the modelled count (None when untracked)
    _free(obj)              called by the backend when a count reaches zero

`refgc_compiler.shadow.ShadowHeap` is a pure-Python backend used as a test oracle on CPython;
the Java heap (through the `_refgc` adapter) is the production backend.
"""

import builtins as _builtins
import sys as _sys

_FunctionType = type(lambda: None)
_MethodType = type((lambda self: None).__get__(0))
_CellType = type((lambda x: (lambda: x))(0).__closure__[0])
_BuiltinMethodType = type([].append)
_MethodWrapperType = type([].__setitem__)
_GeneratorType = type((lambda: (yield))())

# CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR
_GEN_FLAGS = 0x20 | 0x80 | 0x200

try:
    from _collections import deque as _deque, defaultdict as _defaultdict, \
        OrderedDict as _OrderedDict
except ImportError:                     # pragma: no cover
    _deque = _defaultdict = _OrderedDict = None


class _Unbound:
    """Marker for "this name was not bound" (never stored in user-visible places)."""
    __slots__ = ()

    def __repr__(self):
        return '<unbound>'


U = _Unbound()

# Operators as plain functions (GraalPy's `_operator` lacks most of them, and importing
# `operator` would load a module before the hook). Indexed by the rewriter's tables.
BINOPS = (lambda a, b: a + b, lambda a, b: a - b, lambda a, b: a * b, lambda a, b: a @ b,
          lambda a, b: a / b, lambda a, b: a % b, lambda a, b: a ** b, lambda a, b: a << b,
          lambda a, b: a >> b, lambda a, b: a | b, lambda a, b: a ^ b, lambda a, b: a & b,
          lambda a, b: a // b)


def _iadd(a, b):
    a += b
    return a


def _isub(a, b):
    a -= b
    return a


def _imul(a, b):
    a *= b
    return a


def _imatmul(a, b):
    a @= b
    return a


def _itruediv(a, b):
    a /= b
    return a


def _imod(a, b):
    a %= b
    return a


def _ipow(a, b):
    a **= b
    return a


def _ilshift(a, b):
    a <<= b
    return a


def _irshift(a, b):
    a >>= b
    return a


def _ior(a, b):
    a |= b
    return a


def _ixor(a, b):
    a ^= b
    return a


def _iand(a, b):
    a &= b
    return a


def _ifloordiv(a, b):
    a //= b
    return a


INPLACE = (_iadd, _isub, _imul, _imatmul, _itruediv, _imod, _ipow, _ilshift, _irshift,
           _ior, _ixor, _iand, _ifloordiv)
UNOPS = (lambda a: ~a, lambda a: not a, lambda a: +a, lambda a: -a)
CMPOPS = (lambda a, b: a == b, lambda a, b: a != b, lambda a, b: a < b, lambda a, b: a <= b,
          lambda a, b: a > b, lambda a, b: a >= b, lambda a, b: a is b,
          lambda a, b: a is not b, lambda a, b: a in b, lambda a, b: a not in b)

#: Types whose instances, when they come out of opaque code unknown to the heap, are
#: new objects (a builtin created them); the heap adopts them and counts their referents.
FRESH_TYPES = {list, tuple, dict, set, frozenset, bytearray, _MethodType,
               type(iter([])), type(iter(())), type(iter({})), type(iter(set())),
               type(iter({}.values())), type(iter({}.items())), type(reversed([])),
               type({}.keys()), type({}.values()), type({}.items())}
if _deque is not None:
    FRESH_TYPES.update((_deque, _defaultdict, _OrderedDict))
_CONTAINERS = (list, dict, set, bytearray)
_BUILTIN_SEQ = (list, tuple, bytearray)
_BUILTIN_COLL = (list, tuple, dict, set, frozenset, bytearray)
#: Builtin types a class statement may derive from whose tp_new makes the instance (its
#: ``__dict__`` is then made on first use, never inline values: only object_new makes
#: those). An instance holds what its base holds (items), its dict or slots, its class.
_BUILTIN_BASES = _BUILTIN_COLL + (int, float, complex, str, bytes)
_BASE_NEWS = frozenset(t.__new__ for t in _BUILTIN_BASES)
#: tp_init of the mutable containers: list_init and set_init empty the object first, then
#: (like dict_init) store the items of their argument.
_BASE_INITS = frozenset([list.__init__, dict.__init__, set.__init__, bytearray.__init__]
                        + ([_OrderedDict.__init__] if _OrderedDict is not None else []))


class Frame:
    """What `enter` hands to `leave`: how the frame was entered and its cells."""
    __slots__ = ('func', 'opaque', 'cells', 'ret', 'exc', 'fo', 'back', 'done')

    def __init__(self, func, opaque, cells, back):
        self.func = func        # the function object whose stack ref the frame owns, or None
        self.opaque = opaque    # True when called by code the heap does not see (borrowed args)
        self.cells = cells      # {name: cell} for cellvars and freevars, or None
        self.ret = None
        self.exc = None         # the exception leaving the frame (its traceback keeps it)
        self.fo = None          # its frame object (_FramePart) once a traceback made one
        self.back = back        # the instrumented frame that was running when it started
        self.done = False


class Part:
    """A CPython 3.12 object the heap models because Python code here has no stable handle on
    the real one (GraalPy builds a new tuple on each ``f.__closure__`` or ``C.__mro__``, and a
    class's dict is only seen through a mappingproxy): a class's dict, MRO and bases tuples and
    its ``__dict__``/``__weakref__``/slot descriptors; a function's defaults, kwdefaults and
    closure; an exception's args tuple, traceback entries and frames.

    ``refs`` are the objects it holds, in CPython's storage order (only those the heap
    tracked when the part was made, so a part of untracked objects can be untracked, as
    _PyTuple_MaybeUntrack would). The subclasses give tp_traverse, tp_dealloc and tp_clear
    order; their ``__name__`` is CPython's tp_name (what gc debug output prints)."""
    __slots__ = ('refs', '__weakref__')
    _refgc_part = 'part'

    def __init__(self, refs):
        self.refs = refs

    def traverse(self):
        """tp_traverse order."""
        return self.refs

    def released(self):
        """tp_dealloc order."""
        return self.refs

    def clear(self):
        """tp_clear: drops what it holds and returns it in release order (default: no
        tp_clear)."""
        return []


class _TuplePart(Part):
    """tuple: traversed and released last item first; no tp_clear."""
    __slots__ = ()
    _refgc_part = 'part-tuple'

    def traverse(self):
        return self.refs[::-1]

    released = traverse


class _DictPart(Part):
    """dict with str keys: its values in insertion order; PyDict_Clear drops them."""
    __slots__ = ()
    _refgc_part = 'part-dict'

    def clear(self):
        out, self.refs = self.refs, []
        return out


class _DescrPart(Part):
    """getset/member descriptor: holds its type (descr_traverse); no tp_clear."""
    __slots__ = ()


class _TracebackPart(Part):
    """traceback: [tb_next, tb_frame] (tb_traverse, tb_clear and tb_dealloc agree)."""
    __slots__ = ()

    def traverse(self):
        return [x for x in self.refs if x is not None]

    released = traverse

    def clear(self):
        out, self.refs = self.refs, []
        return out


class _FramePart(Part):
    """frame object: [f_back, function, locals in localsplus order]. While its frame runs
    it holds nothing (the frame does); when the frame ends while something else still
    holds the frame object (a traceback), take_ownership moves the locals and the function
    into it and links f_back. frame_tp_traverse visits f_back, the function, the locals;
    frame_dealloc releases the function, the locals, then f_back; frame_tp_clear drops
    the locals."""
    __slots__ = ()

    def traverse(self):
        return [x for x in self.refs if x is not None]

    def released(self):
        r = self.refs
        return [x for x in r[1:] + r[:1] if x is not None]

    def clear(self):
        out = self.refs[2:]
        del self.refs[2:]
        return out


for _c, _n in ((_TuplePart, 'tuple'), (_DictPart, 'dict'), (_DescrPart, 'getset_descriptor'),
               (_TracebackPart, 'traceback'), (_FramePart, 'frame')):
    _c.__name__ = _c.__qualname__ = _n
_MemberPart = type('member_descriptor', (_DescrPart,), {'__slots__': ()})
PART_TYPES = frozenset([_TuplePart, _DictPart, _DescrPart, _MemberPart, _TracebackPart,
                        _FramePart])

#: tp_clear modes of an owner's parts (ObjectAdapter.KEEP_PARTS, ...)
KEEP_PARTS, CLEAR_ALL_PARTS, CLEAR_TYPE_PARTS = 0, 1, 2


class _NoneValue:
    """`case None:` rewritten as a value pattern (GraalPy's compile(AST) rejects the
    singleton pattern): equal to None only."""
    __slots__ = ()

    def __eq__(self, other):
        return other is None

    def __ne__(self, other):
        return other is not None

    __hash__ = None


def _stored_value(o, name, kind, where):
    """What `o.name` holds now, or U, for a place _slot_or_dict found: a slot's descriptor,
    the instance dict, or (kind 'type') the class's own dict."""
    if kind == 'slot':
        try:
            return where.__get__(o, type(o))
        except AttributeError:
            return U
    if kind == 'dict':
        return where.get(name, U)
    return o.__dict__.get(name, U)


class Runtime:
    """Protocol half of `_rc` (see package docstring). Subclasses provide the heap."""

    U = U
    NONE = _NoneValue()
    NameError = NameError
    BaseException = BaseException

    def __init__(self):
        # code objects produced by the rewriter, by id (which they keep valid): hashing a
        # code object costs GraalPy about 0.4 us, an id about 8 ns
        self.icodes = {}
        self.iclasses = set()       # classes created by instrumented class statements
        self._mv = None             # pending "moved" call: (func, nargs, kwnames) or ('x',...)
        self._picked = []           # values handed from and_/or_ to pick()
        self._chain = []            # middle operands of comparison chains
        self._walrus = []           # old values saved by wal_pre for wal_post
        self._zct = []              # zero-count table: objects deferred at opaque boundaries
        self.summaries = {}         # builtin callable -> summary(rt, args, kw) -> result
        self.safe = set()           # opaque callables known not to retain their arguments
        self.escaped = 0
        from .summaries import register     # builtin summaries (summaries.py)
        register(self)
        self.summaries[compile] = _compile_summary
        self._odepth = 0            # nesting of opaque calls (the ZCT waits for them)
        self._gen_pending = {}      # code -> generators made by call() whose body has not started
        self._inflight = {}         # id -> exception raised out of a frame, not yet caught
        self._top = None            # the instrumented frame running now (Frame.back chain)
        self._cdicts = {}           # id(class) -> (dict part, {key: descriptor part}), see cls
        self._opaque_ns = set()     # ids of pinned class namespaces (see _prepared)
        #: opaque callables whose result is always a new object
        self.fresh = {list, tuple, dict, set, frozenset, sorted, reversed, enumerate, zip,
                      map, filter, iter, object.__new__, list.__new__, dict.__new__,
                      tuple.__new__, set.__new__, int.__new__, str.__new__, float.__new__,
                      list.copy, dict.copy, set.copy, frozenset.copy, dict.keys, dict.values,
                      dict.items, set.union, set.intersection, set.difference,
                      set.symmetric_difference, dict.fromkeys, bytearray}
        if _OrderedDict is not None:
            # a copy; popitem's new (key, value) pair
            self.fresh.update((_OrderedDict.copy, _OrderedDict.popitem))
        import copyreg as cr                 # copy.copy / pickle build objects through it
        if True:
            for name in ('__newobj__', '__newobj_ex__', '_reconstructor'):
                if hasattr(cr, name):
                    self.fresh.add(getattr(cr, name))

    # ------------------------------------------------------------------ heap primitives
    def _track(self, obj, count, referents=None):
        raise NotImplementedError

    def inc(self, obj):
        raise NotImplementedError

    def dec(self, obj):
        raise NotImplementedError

    def dec_deferred(self, obj):
        """Drop a reference that leaves for opaque code; a zero count waits in the ZCT."""
        raise NotImplementedError

    def count(self, obj):
        raise NotImplementedError

    def tracked(self, obj):
        raise NotImplementedError

    def pin(self, obj):
        """Mark obj externally referenced: it may leak, it is never finalized."""
        raise NotImplementedError

    def flush(self):
        """Free the objects of the ZCT whose count is still zero."""
        raise NotImplementedError

    def escape_deferred(self):
        """An opaque call returned: what Python code handed to it at count zero (returns,
        yields) may be kept by it; pin those objects instead of freeing them."""
        raise NotImplementedError

    def _set_parts(self, owner, parts, mode):
        """owner holds `parts` (Part objects or tracked objects; None entries are empty
        slots) after what its Python object shows, in this traverse order; `mode` is what
        its tp_clear does with them (KEEP_PARTS, CLEAR_ALL_PARTS, CLEAR_TYPE_PARTS)."""
        raise NotImplementedError

    def _set_part(self, owner, i, part, mode):
        """Fills slot i of owner's parts (creating the slots when it has none); None
        empties it."""
        raise NotImplementedError

    def _dict_stored(self, d, v):
        """An attribute store put v into the instance or function dict d."""

    def _part_changed(self, p):
        """p's references changed (the collector's tracking of a dict part may change)."""

    def _get_part(self, owner, i):
        """Slot i of owner's parts (None when empty)."""
        raise NotImplementedError

    def _dict_materialized(self, o, d):
        """o's dict is now the heap object d, holding o's attribute references."""
        raise NotImplementedError

    def transfer_to_frame(self, gen, held):
        """A generator's body starts: the arguments its object held now belong to its
        frame (the object keeps only the function)."""
        raise NotImplementedError

    def recycle(self, t):
        """A result tuple an iterator reuses in place: its items are released (in
        order) and the object stops being counted; no deallocation happens."""
        raise NotImplementedError

    # ------------------------------------------------------------------ the value stack
    def ld(self, v):
        """LOAD_FAST/LOAD_GLOBAL/LOAD_NAME/LOAD_DEREF: push a new reference."""
        if type(v) not in _ATOMIC:
            self.inc(v)
        return v

    def dup(self, v):
        """COPY: a second stack reference."""
        self.inc(v)
        return v

    def pop(self, v):
        """POP_TOP."""
        if type(v) not in _ATOMIC:
            self.dec(v)
        if self._zct:
            self.flush()

    def res(self, r, fresh=False):
        """A new reference produced by opaque code (a builtin, or a Python function that
        returned to its opaque caller): +1 when the heap knows the object.

        An unknown object is adopted (count 1, +1 on each referent) only when it is
        certainly new: a bound method, or `fresh` (a constructor or operator known to
        build a new container). Otherwise it stays untracked: an untracked container's
        references to tracked objects were counted when instrumented code stored them,
        or those objects escaped (pinned) into the opaque code that stored them."""
        self.hold(r, fresh)
        if self._zct:
            self.flush()
        return r

    def hold(self, r, fresh=False):
        """res() without the ZCT flush: the result exists before the operands die."""
        if not self.inc_if_tracked(r):
            t = type(r)
            if t is _MethodType or fresh and (t in FRESH_TYPES or t in self.iclasses) \
                    or t is _BuiltinMethodType and self.tracked(r.__self__):
                self.adopt(r)

    def fcall(self, name, r):
        """`super()`, `locals()`, `globals()`, `vars(...)` (kept direct calls: they look
        at the caller's frame) returned r: its summary takes the new reference."""
        return self.frame_summaries[name](self, r)

    def flushed(self, r):
        if self._zct:
            self.flush()
        return r

    def inc_if_tracked(self, r):
        raise NotImplementedError

    def adopt(self, r):
        """Track a new object created by opaque code: count 1, +1 on each referent."""
        raise NotImplementedError

    def adopt_holding(self, r, refs):
        """Track a new object built by a builtin that keeps references to `refs`."""
        refs = [x for x in refs if self.tracked(x)]
        for x in refs:
            self.inc(x)
        self._track(r, 1, refs)

    def adopt_owning(self, r, refs):
        """Track a new object built by a builtin that holds `refs` as long as it lives
        (no tp_clear, nothing drops them earlier: a dict view and its dict)."""
        self.adopt_holding(r, refs)

    def new(self, v):
        """A display or object built by instrumented code from stack references it stole."""
        self._track(v, 1)
        return v

    # ------------------------------------------------------------------ displays
    def star(self, kind, parts, stars):
        """[*a, b], (*a, b), {*a, b}: parts are owned; starred parts are iterated."""
        out = []
        for p, s in zip(parts, stars):
            if s:
                for item in p:
                    out.append(self.res(item))
                self.dec(p)
            else:
                out.append(p)
        if kind == 1:
            out = tuple(out)
        elif kind == 2:
            return self.mkset(out)
        return self.new(out)

    def mkset(self, items):
        """BUILD_SET: items are owned; an item equal to an earlier one is dropped."""
        s = set()
        for item in items:
            n = len(s)
            s.add(item)
            if len(s) == n:
                self.dec(item)
        return self.new(s)

    def mkdict(self, items):
        """BUILD_MAP / DICT_UPDATE: items alternate key, value; a key of None marks `**m`."""
        d = {}
        dec = self.dec
        for i in range(0, len(items), 2):
            k, v = items[i], items[i + 1]
            if k is U:                      # {**m}
                for mk in v.keys():
                    self._dstore(d, self.res(mk), self.res(v[mk]))
                dec(v)
            else:
                self._dstore(d, k, v)
        return self.new(d)

    def _dstore(self, d, k, v):
        """Store owned k, v into a dict the way insertdict does."""
        if k in d:
            old = d[k]
            d[k] = v
            self.dec(old)
            self.dec(k)
        else:
            d[k] = v

    def dictcomp(self, pairs):
        d = {}
        for k, v in pairs:
            self._dstore(d, k, v)
        return self.new(d)

    # ------------------------------------------------------------------ names
    def stn(self, name, v, ns):
        """STORE_NAME/STORE_GLOBAL into a namespace dict; v is owned (moved)."""
        if type(ns) is dict:
            old = ns.get(name, U)
            ns[name] = v
            if old is not U:
                self.dec(old)
        else:                               # __prepare__ mapping: opaque container
            self._prepared(ns)
            ns[name] = v
            self.escape(v)

    def old(self, name, ns):
        """The value a binding statement is about to replace (U when unbound)."""
        if type(ns) is dict:
            return ns.get(name, U)
        self._prepared(ns)
        return U

    def _prepared(self, ns):
        """ns is a class body's namespace from __prepare__, not an exact dict: references
        move into it uncounted (def and class statements store with a plain STORE_NAME), as
        into opaque code. If the heap counts it (an instance of a dict subclass), it is
        pinned, and its builtin base's methods reached through super() stay opaque
        (callsuper), so that the items it holds are never released by count."""
        if id(ns) not in self._opaque_ns and self.tracked(ns):
            self._opaque_ns.add(id(ns))
            self.pin(ns)

    def dln(self, name, ns):
        """DELETE_NAME/DELETE_GLOBAL."""
        if type(ns) is not dict:
            self._prepared(ns)
        try:
            old = ns[name]
            del ns[name]
        except KeyError:
            raise NameError("name %r is not defined" % name) from None
        self.dec(old)

    def rebound(self, old, new):
        """After a binding statement we did not rewrite (import, def, class): the name
        now holds `new` (a reference the statement created) and `old` is released."""
        self.dec(old)
        self.flush()

    # ------------------------------------------------------------------ attributes
    def ga(self, o, name):
        """LOAD_ATTR."""
        try:
            r = getattr(o, name)
        except BaseException:
            self.dec(o)
            raise
        if name == '__dict__' and type(r) is dict and \
                (type(o) in self.iclasses or type(o) is _FunctionType):
            self.materialize_dict(o)
        self.hold(r)
        self.dec(o)
        return self.flushed(r)

    def gab(self, o, name):
        """LOAD_ATTR on a name's object loaded without a stack reference (`o.x` with `o` a
        plain name): o is borrowed. When the value is found in o's own dict with nothing
        in the type to run code (object's or a module's attribute lookup, no class
        attribute of that name), nothing can see o's stack reference, so none is counted.
        Otherwise o gets its stack reference and `ga` does the rest."""
        tp = type(o)
        if (tp.__getattribute__ is _object_getattribute or tp is _ModuleType) \
                and _lookup(tp, name) is U:
            try:
                d = _object_getattribute(o, '__dict__')
            except AttributeError:
                d = None
            if type(d) is dict:
                r = d.get(name, U)
                if r is not U:
                    self.hold(r)
                    return self.flushed(r)
        self.inc(o)
        return self.ga(o, name)

    def sa(self, v, o, name):
        """STORE_ATTR: v and o are owned."""
        try:
            self._setattr(o, name, v)
        finally:
            self.dec(v)
            self.dec(o)
            self.flush()

    def sab(self, v, o, name):
        """STORE_ATTR to a name's object loaded without a stack reference (`o.x = v` with
        `o` a plain name): v is owned, o borrowed. When no Python code can run during the
        store (a plain instance dict or slot, whose old value is absent or atomic), nothing
        can see o's stack reference, and v's stack reference becomes the stored one: no
        count changes at all. Otherwise o gets its stack reference and `sa` does the rest.
        """
        where = self._slot_or_dict(o, name)
        if where is None or where[0] == 'type' or type(o) is _FunctionType \
                or issubclass(type(o), _BUILTIN_BASES):
            # (a function's or a builtin subclass instance's first store makes its dict
            # an object: _setattr does that)
            self.inc(o)
            return self.sa(v, o, name)
        kind, x = where
        old = _stored_value(o, name, kind, x)
        if old is not U and type(old) not in _ATOMIC:
            self.inc(o)                     # old's deallocation may run code that sees o
            return self.sa(v, o, name)
        try:
            setattr(o, name, v)
        except BaseException:
            self.dec(v)
            raise
        if kind == 'dict':
            self._dict_stored(x, v)
        if self._zct:
            self.flush()

    def _slot_or_dict(self, o, name):
        """Where `o.name` lives when no code runs to get or set it: ('dict', d),
        ('slot', descriptor) or None (a property, __setattr__, or an opaque object)."""
        tp = type(o)
        sa = tp.__setattr__
        if sa is not object.__setattr__ and sa is not type.__setattr__ and \
                (type(sa) is _FunctionType or tp in self.iclasses):
            return None                     # a Python __setattr__ does its own counting
        for klass in tp.__mro__:
            desc = klass.__dict__.get(name, U)
            if desc is not U:
                dt = type(desc)
                if dt.__name__ == 'member_descriptor' or name in slot_names(klass):
                    return ('slot', desc)
                if hasattr(dt, '__set__') or hasattr(dt, '__delete__'):
                    return None
                break
        try:
            d = object.__getattribute__(o, '__dict__') if not isinstance(o, type) else None
        except AttributeError:
            return None
        if isinstance(o, type):
            return ('type', None)
        return ('dict', d)

    def _setattr(self, o, name, v):
        if name == 'default_factory' and type(o) is _defaultdict and self.tracked(o):
            old = _defaultdict.default_factory.__get__(o)   # a member: +1 on v, then the
            setattr(o, name, v)                             # old factory is dropped
            self.inc(v)
            self.dec(old)
            return
        where = self._slot_or_dict(o, name)
        if where is None:
            setattr(o, name, v)            # a setter runs: it does its own counting
            if not self.tracked(o):
                self.escape(v)
            return
        kind, x = where
        old = _stored_value(o, name, kind, x)
        if kind == 'dict' and (type(o) is _FunctionType or issubclass(type(o), _BUILTIN_BASES)):
            # (an instance a builtin base's tp_new made has no inline values: the first
            # store makes its dict object)
            self.materialize_dict(o)
        setattr(o, name, v)
        self.inc(v)
        if kind == 'dict':
            self._dict_stored(x, v)
        if kind == 'type':
            self._class_dict_changed(o)
        if old is not U:
            self.dec(old)

    def da(self, o, name):
        """DELETE_ATTR: o is owned."""
        try:
            self._delattr(o, name)
        finally:
            self.dec(o)
            self.flush()

    def _delattr(self, o, name):
        if True:
            where = self._slot_or_dict(o, name)
            old = U
            if where is not None:
                kind, x = where
                if kind == 'slot':
                    try:
                        old = x.__get__(o, type(o))
                    except AttributeError:
                        old = U
                elif kind == 'dict':
                    old = x.get(name, U)
                else:
                    old = o.__dict__.get(name, U)
            delattr(o, name)
            if where is not None and where[0] == 'type':
                self._class_dict_changed(o)
            if old is not U:
                self.dec(old)

    # ------------------------------------------------------------------ subscripts
    def gi(self, o, k):
        """BINARY_SUBSCR."""
        if type(o) is _defaultdict and self.tracked(o) and self._dd_missing(o, k):
            try:
                r = self.defaultdict_missing(o, k)
            finally:
                self.dec(o)
                self.dec(k)
            return self.flushed(r)
        try:
            r = o[k]
        except BaseException:
            self.dec(o)
            self.dec(k)
            raise
        self.hold(r, type(k) is slice and _new_seq(o, r))
        self.dec(o)
        self.dec(k)
        return self.flushed(r)

    def gslice(self, o, lo, hi):
        """BINARY_SLICE."""
        try:
            r = o[lo:hi]
        except BaseException:
            self.dec(o)
            self.dec(lo)
            self.dec(hi)
            raise
        self.hold(r, _new_seq(o, r))
        self.dec(o)
        self.dec(lo)
        self.dec(hi)
        return self.flushed(r)

    @staticmethod
    def _dd_missing(o, k):
        """A counted defaultdict lacks k and has a factory: __missing__ will run."""
        try:
            if dict.__contains__(o, k):
                return False
        except TypeError:
            return False                    # unhashable: dict_subscript raises
        return _defaultdict.default_factory.__get__(o) is not None

    def mkslice(self, lo, hi, step):
        """BUILD_SLICE (slices of atomic bounds are not tracked)."""
        s = slice(lo, hi, step)
        self.dec(lo)
        self.dec(hi)
        self.dec(step)
        return s

    def si(self, v, o, k):
        """STORE_SUBSCR: v, o, k are owned."""
        try:
            self._setitem(o, k, v)
        finally:
            self.dec(v)
            self.dec(o)
            self.dec(k)
            self.flush()

    def sslice(self, v, o, lo, hi):
        """STORE_SLICE."""
        try:
            self._setitem(o, slice(lo, hi), v)
        finally:
            self.dec(v)
            self.dec(o)
            self.dec(lo)
            self.dec(hi)
            self.flush()

    def _setitem(self, o, k, v):
        tp = type(o)
        key_refs = 1 if tp is dict else self._key_refs(o, tp, '__setitem__')
        # (a subclass's own __contains__ or __getitem__ is not what the store replaces)
        if key_refs:
            if dict.__contains__(o, k):
                old = dict.__getitem__(o, k)    # the value is replaced
                o[k] = v
                self.inc(v)
                self.dec(old)
            else:
                o[k] = v
                self.inc(k)
                if key_refs == 2:
                    self.inc(k)                 # an OrderedDict's node holds it too
                self.inc(v)
        elif tp is list or (isinstance(o, list) and tp.__setitem__ is list.__setitem__):
            if type(k) is slice:
                old = list.__getitem__(o, k)
                new = list(v)
                o[k] = v
                for x in new:
                    self.inc(x)
                for x in reversed(old):
                    self.dec(x)
            else:
                old = list.__getitem__(o, k)
                o[k] = v
                self.inc(v)
                self.dec(old)
        elif tp is _deque and self.tracked(o):
            old = _deque.__getitem__(o, k)      # deque_ass_item: +1 on v, then the old
            o[k] = v                            # item is dropped
            self.inc(v)
            self.dec(old)
        else:
            o[k] = v                        # __setitem__ (instrumented or opaque)
            if not self.tracked(o):
                self.escape(v)

    def _key_refs(self, o, tp, slot):
        """For a store or delete through o's `slot` ('__setitem__', '__delitem__') of a
        type other than dict: how many of o's references a key has, when the dict's own
        method (1: a subclass that keeps it) or a counted OrderedDict's (2: the dict entry
        and the node) does the work; 0 for anything else."""
        if not isinstance(o, dict):
            return 0
        if getattr(tp, slot) is getattr(dict, slot):
            return 1
        if isinstance(o, _OrderedDict) and _lookup(tp, slot) is getattr(_OrderedDict, slot) \
                and self.tracked(o):
            return 2
        return 0

    def di(self, o, k):
        """DELETE_SUBSCR: o, k are owned."""
        try:
            tp = type(o)
            key_refs = 1 if tp is dict else self._key_refs(o, tp, '__delitem__')
            if key_refs:
                oldk = U
                for kk in dict.__iter__(o):  # the stored key object (dicts keep the first)
                    if kk is k or kk == k:
                        oldk = kk
                        break
                oldv = dict.__getitem__(o, k)
                del o[k]
                if oldk is not U:
                    for _ in range(key_refs):   # (PyODict_DelItem: the node's key first)
                        self.dec(oldk)
                self.dec(oldv)
            elif tp is list or (isinstance(o, list) and tp.__delitem__ is list.__delitem__):
                old = list.__getitem__(o, k)
                del o[k]
                if type(k) is slice:
                    for x in reversed(old):
                        self.dec(x)
                else:
                    self.dec(old)
            elif tp is _deque and self.tracked(o):
                old = _deque.__getitem__(o, k)  # deque_del_item: rotate, popleft, rotate
                del o[k]                        # back, then the item is dropped
                self.dec(old)
            else:
                del o[k]
        finally:
            self.dec(o)
            self.dec(k)
            self.flush()

    # ------------------------------------------------------------------ operators
    def bop(self, i, a, b):
        """BINARY_OP: the result is new; then both operands are popped."""
        if type(a) in _ATOMIC and type(b) in _ATOMIC:
            # atomic operands give an atomic result (or raise): nothing to count
            return BINOPS[i](a, b) if not self._zct else self.flushed(BINOPS[i](a, b))
        try:
            r = BINOPS[i](a, b)
        except BaseException:
            self.dec(a)
            self.dec(b)
            raise
        self.hold(r, _new_coll(a, b, r))
        self.dec(a)
        self.dec(b)
        return self.flushed(r)

    def iop(self, i, a, b):
        """BINARY_OP (in-place)."""
        if type(a) in _ATOMIC and type(b) in _ATOMIC:
            return INPLACE[i](a, b) if not self._zct else self.flushed(INPLACE[i](a, b))
        if type(a) is _deque:
            if self.tracked(a) and i in (0, 2):
                return self._deque_iop(i, a, b)
            self.escape(b)                  # an uncounted deque may keep b's items
        try:
            if (type(a) in _CONTAINERS or issubclass(type(a), _CONTAINERS)
                    and _base_slot(type(a), _INAMES[i])) and self.tracked(a):
                before = self._snapshot(a)
                r = INPLACE[i](a, b)
                self._sync(a, before)
            else:
                r = INPLACE[i](a, b)
        except BaseException:
            self.dec(a)
            self.dec(b)
            raise
        self.hold(r, _new_coll(a, b, r))
        self.dec(a)
        self.dec(b)
        return self.flushed(r)

    def _deque_iop(self, i, a, b):
        """d += x (deque_inplace_concat: extend) and d *= n (deque_inplace_repeat: items
        repeated, or dropped from the left when n <= 0 or maxlen trims); the result is
        the deque itself."""
        try:
            if i == 0:
                r = self.deque_iadd(a, b)
            else:
                before = list(_deque.__iter__(a))
                r = INPLACE[i](a, b)
                self._sync(a, before)
                self.inc(r)
        except BaseException:
            self.dec(a)
            self.dec(b)
            raise
        self.dec(a)
        self.dec(b)
        return self.flushed(r)

    def uop(self, i, a):
        """UNARY_INVERT/NOT/POSITIVE/NEGATIVE."""
        try:
            r = UNOPS[i](a)
        except BaseException:
            self.dec(a)
            raise
        self.hold(r)
        self.dec(a)
        return self.flushed(r)

    def cmp(self, i, a, b):
        """COMPARE_OP/IS_OP/CONTAINS_OP."""
        if type(a) in _ATOMIC and type(b) in _ATOMIC:
            return CMPOPS[i](a, b) if not self._zct else self.flushed(CMPOPS[i](a, b))
        try:
            r = CMPOPS[i](a, b)
        except BaseException:
            self.dec(a)
            self.dec(b)
            raise
        self.hold(r)
        self.dec(a)
        self.dec(b)
        return self.flushed(r)

    def _ch_link(self, i, left, right):
        """One link of a comparison chain: compares, drops left, leaves right to the caller."""
        try:
            r = CMPOPS[i](left, right)
        except BaseException:
            self.dec(left)
            self.dec(right)
            raise
        self.hold(r)
        self.dec(left)
        return r

    def ch_first(self, i, a, b):
        """First link of a comparison chain: b stays on the stack for the next link."""
        r = self._ch_link(i, a, b)
        self._chain.append(b)
        return r

    def ch_mid(self, i, c):
        r = self._ch_link(i, self._chain.pop(), c)
        self._chain.append(c)
        return r

    def ch_last(self, i, d):
        r = self._ch_link(i, self._chain.pop(), d)
        self.dec(d)
        return self.flushed(r)

    def ch_ok(self, r):
        if r:
            self.dec(r)
            return True
        self._picked.append(r)
        return False

    def ch_fail(self):
        self.dec(self._chain.pop())
        return self._picked.pop()

    def test(self, v):
        """POP_JUMP_IF_*: truth value, then the condition is popped."""
        if v is True:
            return True
        if v is False:
            return False
        try:
            return bool(v)
        finally:
            self.dec(v)

    def not_(self, v):
        try:
            return not v
        finally:
            self.dec(v)

    def and_(self, v):
        """`a and b`: False keeps `a` as the result (fetched by pick), True pops it."""
        if v:
            self.dec(v)
            return True
        self._picked.append(v)
        return False

    def or_(self, v):
        if v:
            self._picked.append(v)
            return False
        self.dec(v)
        return True

    def pick(self):
        return self._picked.pop()

    def fmt(self, v, conv, spec):
        """FORMAT_VALUE: conv is -1, 115 (s), 114 (r) or 97 (a)."""
        try:
            if conv == 115:
                s = str(v)
            elif conv == 114:
                s = repr(v)
            elif conv == 97:
                s = ascii(v)
            else:
                s = v
            return format(s, spec)
        finally:
            self.dec(v)

    # ------------------------------------------------------------------ unpacking
    def unpack(self, v, n):
        """UNPACK_SEQUENCE: n new references, then the sequence is popped."""
        try:
            items = list(v)
        except TypeError:
            self.dec(v)
            raise TypeError('cannot unpack non-iterable %s object' % type(v).__name__) from None
        if len(items) != n:
            self.dec(v)
            if len(items) > n:
                raise ValueError('too many values to unpack (expected %d)' % n)
            raise ValueError('not enough values to unpack (expected %d, got %d)'
                             % (n, len(items)))
        for x in items:
            self.inc(x) if self.tracked(x) else self.res(x)
        self.dec(v)
        return items

    def unpack_ex(self, v, before, after):
        """UNPACK_EX: `a, *b, c = v`; the starred part is a new list."""
        items = list(v)
        if len(items) < before + after:
            self.dec(v)
            raise ValueError('not enough values to unpack (expected at least %d, got %d)'
                             % (before + after, len(items)))
        for x in items:
            self.inc(x) if self.tracked(x) else self.res(x)
        mid = items[before:len(items) - after]
        out = items[:before] + [self.new(mid)] + items[len(items) - after:]
        self.dec(v)
        return out

    # ------------------------------------------------------------------ walrus
    def wal_pre(self, v, getold):
        """(x := v) in a function: COPY then STORE; the old value is saved for wal_post."""
        try:
            old = getold()
        except NameError:
            old = U
        self._walrus.append(old)
        self.inc(v)
        return v

    def wal_pre_ns(self, v, name, ns):
        self._walrus.append(self.old(name, ns))
        self.inc(v)
        return v

    def captured(self, news, olds):
        """A match case bound its capture names (new references from the subject); the
        values they replaced are released. Used as (part of) the case guard."""
        for v in news:
            self.inc(v)
        for i, o in enumerate(olds):
            if o[0] is not U:
                v = o[0]
                o[0] = U
                self.dec(v)
        return True

    def wal_post(self, v):
        old = self._walrus.pop()
        if old is not U:
            self.dec(old)
        return v

    # ------------------------------------------------------------------ loops
    def it(self, v):
        """GET_ITER + FOR_ITER for a `for` statement."""
        return Loop(self, v)

    def comp(self, v):
        """GET_ITER + FOR_ITER for an inlined comprehension."""
        return Loop(self, v, True)

    def yld(self, v):
        """YIELD_VALUE: the reference leaves for the consumer (opaque until it returns)."""
        self.dec_deferred(v)
        return v

    # ------------------------------------------------------------------ functions
    def fn(self, f):
        """MAKE_FUNCTION: the function holds its defaults tuple, kwdefaults dict and closure
        tuple (func_traverse order; its __dict__, once made, goes between kwdefaults and
        closure). The default values were stolen from the stack by BUILD_TUPLE/BUILD_MAP,
        the closure's cells were pushed by LOAD_CLOSURE (+1 each)."""
        self.icodes[id(f.__code__)] = f.__code__
        parts = [None, None, None, None]
        dv = f.__defaults__
        if dv and not _all_atomic(dv):      # (a tuple of constants is the code's constant)
            parts[0] = _TuplePart([x for x in dv if self.tracked(x)])
        kd = f.__kwdefaults__
        if kd and not _all_atomic(tuple(kd.values())):
            parts[1] = _DictPart([x for x in kd.values() if self.tracked(x)])
        cl = f.__closure__
        if cl is not None:
            for c in cl:
                self.inc(c)
            parts[3] = _TuplePart(list(cl))
        self._track(f, 1)
        if parts[0] is not None or parts[1] is not None or parts[3] is not None:
            for p in parts:
                if p is not None:
                    self._track(p, 1)
            self._set_parts(f, parts, CLEAR_ALL_PARTS)
        return f

    def materialize_dict(self, o):
        """The first store to a function's attribute, or the first ``o.__dict__`` of an
        instance of an instrumented class: CPython creates the dict object now (a
        function's func_dict; an instance's dict replacing its inline values), which
        takes over the attribute references the object held."""
        try:
            d = object.__getattribute__(o, '__dict__')
        except AttributeError:
            return
        if type(d) is not dict or self.tracked(d) or not self.tracked(o):
            return
        self._track(d, 1)
        if type(o) is _FunctionType:
            self._set_part(o, 2, d, CLEAR_ALL_PARTS)
        self._dict_materialized(o, d)

    def _own_dict(self, r, args, bound):
        """Opaque code returned the dict r: if it is the own ``__dict__`` of an argument
        (or of the object a builtin method is bound to) that is not counted yet
        (``object.__getattribute__(o, '__dict__')``, ``operator.attrgetter('__dict__')(o)``,
        the ``__dict__`` descriptor's ``__get__``), it is materialized now, as CPython made
        it when the call asked for it, so that the reference returned is counted. Left
        uncounted, a later ``o.__dict__`` would start counting it from o's reference
        alone, and the pop of the reference the caller took would free it under o."""
        for a in (*args, bound):
            t = type(a)
            if t in self.iclasses or t is _FunctionType:
                try:
                    d = object.__getattribute__(a, '__dict__')
                except AttributeError:
                    continue
                if d is r:
                    self.materialize_dict(a)
                    return

    def enter(self, sig, cellfn, *params):
        """Function prologue. sig = (positional names, kwonly names, has *args,
        has **kwargs, is generator). params are the parameter values in co_varnames
        order. Returns the Frame for `leave`."""
        mv = self._mv
        self._mv = None
        npos = len(sig[0])
        nkwo = len(sig[1])
        if sig[4]:
            # a generator starts: moved if `call` created it (its generator object hands
            # the arguments to the frame), borrowed if opaque code called the function;
            # its return value goes to the generator machinery (StopIteration): opaque
            opaque = True
            func = None
            borrowed = True
            code = _sys._getframe(1).f_code
            pend = self._gen_pending.get(code)
            if pend:
                for j, (gen, held, nargs, kwnames) in enumerate(pend):
                    if all(any(p is a for p in params) for a in held[1:]):
                        del pend[j]
                        self.transfer_to_frame(gen, held)
                        borrowed = False
                        break
        elif mv is None or mv[0] == 'x':
            opaque = mv is None
            func = None
            borrowed = True
        else:
            opaque = False
            func, nargs, kwnames = mv
            borrowed = False
        if borrowed:
            for i in range(npos + nkwo):
                self.inc(params[i])
        else:
            if True:
                # moved call: parameters not passed were filled from the defaults (+1)
                for i in range(nargs, npos):
                    if sig[0][i] not in kwnames:
                        self.inc(params[i])
                for i in range(nkwo):
                    if sig[1][i] not in kwnames:
                        self.inc(params[npos + i])
        k = npos + nkwo
        if sig[2]:
            t = params[k]
            self._track(t, 1)
            if borrowed:
                for x in t:
                    self.inc(x)
            k += 1
        if sig[3]:
            d = params[k]
            self._track(d, 1)
            if borrowed:
                for x in d.values():
                    self.inc(x)
        if mv is not None and mv[0] == 'x':  # CALL_FUNCTION_EX: the frame has its copies
            for x in mv[1:]:
                self.dec(x)
        cells = None
        if cellfn is not None:
            cells = {}
            own = cellfn.__code__.co_freevars
            for name, cell in zip(own, cellfn.__closure__):
                cells[name] = cell
            for name in sig[5]:             # cellvars: the frame creates them (count 1)
                self._track(cells[name], 1)
            for name in sig[6]:             # freevars: COPY_FREE_VARS
                self.inc(cells[name])
        fr = Frame(func, opaque, cells, self._top)
        if not sig[4]:
            # (a generator's frame is suspended at each yield: it never becomes the
            # caller of the frames that run after it, so it is not `_top`)
            self._top = fr
        return fr

    def ret(self, fr, v):
        """RETURN_VALUE: v (owned) is handed to the caller after the frame is cleared."""
        fr.ret = v
        return v

    def leave(self, fr, loc, order):
        """Frame clear: release localsplus in CPython's order, then the function object.
        order = ((name, kind), ...) with kind 0 = local, 1 = cell, 2 = free.
        If something still holds the frame object (a traceback: the exception leaving
        this frame, or one caught here and kept), the frame object takes the references
        instead (take_ownership) and links its caller's frame object as f_back; they are
        released when the frame object dies."""
        held = []
        cells = fr.cells
        # loc: the fast locals' values in order, U for unbound ones (see the rewriter's
        # exit_reads), or locals() (lambdas with comprehension variables)
        values = iter(loc if type(loc) is tuple else
                      [loc.get(name, U) for name, kind in order if kind == 0])
        for name, kind in order:
            if kind == 0:
                v = next(values)
                if v is not U:
                    held.append(v)
            elif cells is not None:
                held.append(cells[name])
        if self._top is fr:
            self._top = fr.back
        if fr.exc is not None:
            exc = fr.exc
            self._hold_in_flight(exc)
            self._sync_chain(exc)
            self._tb_here(exc, fr)
        fr.done = True
        fo = fr.fo
        if fo is not None:
            fr.fo = None
            if self.count(fo) > 1:
                # take_ownership: the locals and the function move into the frame object
                back = fr.back
                bfo = None
                if back is not None and not back.done:
                    bfo = self._frame_object(back)
                    self.inc(bfo)
                fo.refs = [bfo, fr.func] + held
                self.dec(fo)                # the interpreter frame's reference
                if fr.opaque and fr.ret is not None:
                    self._returned(fr.ret)
                return
            self.dec(fo)
        dec = self.dec
        for v in held:
            if type(v) not in _ATOMIC:
                dec(v)
        if fr.func is not None:
            dec(fr.func)
        if fr.opaque and fr.ret is not None:
            self._returned(fr.ret)

    def _returned(self, v):
        """A frame opaque code called returns v. Inside an opaque call, or to a runtime
        operation that called the function itself (an operator's or getattr's Python
        method), the reference waits in the ZCT for the caller to take it back. Returned to
        Python code of no runtime operation outside every opaque call (the launcher's
        traceback report, a thread's bootstrap), nothing will take it back while that code
        may keep it: it is pinned (the reference becomes the pin)."""
        if self._odepth == 0 and type(v) not in _ATOMIC and self.tracked(v):
            f = _sys._getframe(2)
            while f is not None and _is_runtime_code(f.f_code):
                f = f.f_back                # up to the frame that returned v
            caller = f.f_back if f is not None else None
            if caller is not None and not _is_runtime_code(caller.f_code):
                self._odepth += 1
                self.dec_deferred(v)
                self._odepth -= 1
                self.escape_deferred()
                return
        self.dec_deferred(v)

    def _frame_object(self, fr):
        """The frame object of a running instrumented frame, made on first need (count 1:
        the interpreter frame's reference, dropped when the frame ends)."""
        fo = fr.fo
        if fo is None:
            fo = fr.fo = _FramePart([None, None])
            self._track(fo, 1)
        return fo

    def _tb_here(self, exc, fr):
        """PyTraceBack_Here: exc's traceback gets an entry for fr's frame, the new head
        (holding the previous head as tb_next)."""
        if fr is None or fr.done or not self.tracked(exc):
            return
        fo = self._frame_object(fr)
        head = self._get_part(exc, 1)
        if head is not None and head.refs[1] is fo:
            return                          # (a re-raise in the same frame)
        self.inc(fo)
        tb = _TracebackPart([head, fo])     # the exception's reference to head moves here
        self._track(tb, 1)
        self._set_part(exc, 1, tb, CLEAR_ALL_PARTS)

    def _track_exception(self, exc, count):
        """Starts counting an exception made by opaque code. It holds its args tuple (a
        part: opaque code filled it, so only what the heap tracks now is counted in it)
        and, once raised, its traceback (part slot 1, see `_tb_here`)."""
        try:
            a = exc.args
        except BaseException:
            a = ()
        self._track(exc, count)
        if type(a) is tuple and a:
            refs = [x for x in a if self.tracked(x)]
            for x in refs:
                self.inc(x)
            p = _TuplePart(refs)
            self._track(p, 1)
            self._set_part(exc, 0, p, CLEAR_ALL_PARTS)

    def rz(self, v):
        """RAISE_VARARGS: v's stack reference becomes the exception in flight, which the
        handler that catches it takes over (`caught`); a class is instantiated by the
        raise itself (its stack reference is dropped)."""
        if isinstance(v, BaseException) and self.tracked(v) and id(v) not in self._inflight:
            self._inflight[id(v)] = v
        else:
            self.dec(v)
        return v

    def unwind(self, fr):
        """An exception is leaving the frame (called from the rewriter's except clause)."""
        exc = _sys.exc_info()[1]
        if exc is not None and not isinstance(exc, GeneratorExit):
            fr.exc = exc

    def caught(self, exc=None, fr=None):
        """PUSH_EXC_INFO in an instrumented handler (+1 more for `as e`). The reference
        of an exception in flight becomes the handler's. fr is the handler's frame (None
        at module level): the traceback has an entry for it."""
        named = exc is not None
        if exc is None:
            exc = _sys.exc_info()[1]
        if self._inflight.pop(id(exc), None) is None:
            if self.tracked(exc):
                self.inc(exc)
            else:
                self._track_exception(exc, 1)
        if exc is not None:
            self._sync_chain(exc)
        if named:
            self.inc(exc)
        if fr is not None:
            self._tb_here(exc, fr)
        return exc

    def cleared(self, exc):
        """An exception in flight was caught and cleared by C-level code the heap does
        not see run (PyErr_WriteUnraisable in slot_tp_finalize, a weakref callback or a
        gc callback): its reference is dropped, and with it the traceback and the frames
        that keep their locals (a finalizer's failing frame must not resurrect self)."""
        if self._inflight.pop(id(exc), None) is not None:
            self.dec(exc)

    def handled(self, exc):
        """POP_EXCEPT. An exception leaving the handler (cur) has exc as its __context__
        (or __cause__): before the handler's reference to exc goes, cur's chain is counted
        (`_sync_chain`), cur being tracked first as the exception in flight if it was
        not (as `leave` does), so that exc lives exactly as long as cur does."""
        cur = _sys.exc_info()[1]
        if cur is not None and cur is not exc:
            self._hold_in_flight(cur)
            self._sync_chain(cur)
        self.dec(exc)

    def leaving(self, exc):
        """An exception is leaving the handler of exc. When it is exc itself, re-raised by a
        bare `raise` (which, unlike `raise e`, goes through no `rz`), the exception in
        flight gets a reference of its own, as the thread state's current exception holds
        one in CPython: the handler's references (its own, `as e`) go when it ends."""
        cur = _sys.exc_info()[1]
        if cur is exc and exc is not None and id(exc) not in self._inflight \
                and self.tracked(exc):
            self.inc(exc)
            self._inflight[id(exc)] = exc

    def _hold_in_flight(self, exc):
        """An exception propagating that the heap does not track yet starts being counted,
        with one reference: the exception in flight's, which the handler that catches it
        takes over (`caught`)."""
        if not self.tracked(exc):
            self._track_exception(exc, 1)
            self._inflight[id(exc)] = exc

    def _sync_chain(self, exc):
        """CPython counts an exception's __cause__ and __context__ (BaseException_traverse
        visits them after the traceback, BaseException_clear drops them in that order),
        but the interpreter sets them where the heap cannot see. Each tracked exception on
        exc's chain is made to hold, as its parts 2 and 3, what those attributes show now
        (counted; what they held before is released after the walk). What the chain of an
        untracked exception reaches is pinned instead: nothing counts its references."""
        seen = set()
        todo = [exc]
        released = []
        tracked = self.tracked
        while todo:
            e = todo.pop()
            if id(e) in seen:
                continue
            seen.add(id(e))
            if not tracked(e):
                self._escape_chain(e)
                continue
            cause, context = e.__cause__, e.__context__
            old_cause, old_context = self._get_part(e, 2), self._get_part(e, 3)
            new_cause = cause if cause is not None and tracked(cause) else None
            new_context = context if context is not None and tracked(context) else None
            for slot, new, old in ((2, new_cause, old_cause), (3, new_context, old_context)):
                if new is not old:
                    if new is not None:
                        self.inc(new)
                    self._set_part(e, slot, new, CLEAR_ALL_PARTS)
                    if old is not None:
                        released.append(old)
            for v in (cause, context):
                if v is not None:
                    todo.append(v)
        for v in released:
            self.dec(v)

    def _escape_chain(self, exc):
        """Pin what the __cause__/__context__ chain of exc, an exception the heap does not
        track, reaches (not exc itself): CPython counts those references, and here
        nothing does."""
        seen = set()
        todo = [exc]
        while todo:
            e = todo.pop()
            for nxt in (e.__cause__, e.__context__):
                if nxt is not None and id(nxt) not in seen:
                    seen.add(id(nxt))
                    self.escape(nxt)
                    todo.append(nxt)

    def lam(self, fr, v, loc, order):
        """Epilogue of a lambda (its body is an expression)."""
        fr.ret = v
        self.leave(fr, loc, order)
        return v

    def cls(self, c):
        """A class statement created c (owned by the stack).

        type_new made, besides the type: its dict, the tp_mro and tp_bases tuples, and a
        getset descriptor for ``__dict__``/``__weakref__`` (when no base has them) and a
        member descriptor per slot, each holding the type; an empty class is 6 GC objects.
        Those are modelled as parts (see `Part`); the type holds its dict, MRO, bases and
        tp_base (type_traverse's order), so its cycle through tp_mro and the descriptors
        is collected as in CPython."""
        self.iclasses.add(c)
        cd = c.__dict__
        descrs = {}
        for name in ('__dict__', '__weakref__'):
            d = cd.get(name)
            if d is not None and getattr(d, '__objclass__', None) is c:
                descrs[name] = _DescrPart
        for name in slot_names(c):
            if name not in ('__dict__', '__weakref__'):
                m = _mangle(c, name)
                if m in cd:
                    descrs[m] = _MemberPart
        n = 2 + len(descrs)                  # the stack reference, tp_mro[0], descriptors
        cell = _class_cell(c)
        if cell is not None:
            n += 1                           # the __class__ cell
        self._track(c, n)
        if cell is not None and not self.tracked(cell):
            # the class body's frame made the cell; what holds it now are the closure
            # tuples of the methods that use it (super(), __class__)
            holders = 0
            for v in cd.values():
                f = v if type(v) is _FunctionType else getattr(v, '__func__', None)
                if type(f) is _FunctionType and f.__closure__:
                    holders += sum(1 for x in f.__closure__ if x is cell)
            if holders:
                self._track(cell, holders)
        tracked = self.tracked
        base = c.__base__
        for b in c.__bases__:                # tp_base, tp_bases, tp_mro
            if b is base:
                self.inc(b)
            self.inc(b)
        for b in c.__mro__[1:]:
            self.inc(b)
        vals = []
        made = {}
        for k, v in cd.items():
            kind = descrs.get(k)
            if kind is not None:
                p = made[k] = kind([c])
                self._track(p, 1)
                vals.append(p)
            elif tracked(v):
                vals.append(v)
        ob = cd.get('__orig_bases__')
        if type(ob) is tuple and not tracked(ob):
            self.adopt(ob)                  # __build_class__ kept the pre-__mro_entries__ bases
            vals.append(ob)
        d = _DictPart(vals)
        mro = _TuplePart([x for x in c.__mro__ if x is c or tracked(x)])
        bases = _TuplePart([x for x in c.__bases__ if tracked(x)])
        for p in (d, mro, bases):
            self._track(p, 1)
        self._set_parts(c, [d, mro, bases, base if tracked(base) else None], CLEAR_TYPE_PARTS)
        self._cdicts[id(c)] = (d, made)
        return c

    def _class_dict_changed(self, c):
        """A class attribute was stored or deleted: its dict part holds the class dict's
        tracked values again (a replaced key keeps its place, as in a dict)."""
        entry = self._cdicts.get(id(c))
        if entry is None:
            return
        d, descrs = entry
        tracked = self.tracked
        vals = []
        for k, v in c.__dict__.items():
            p = descrs.get(k)
            if p is not None:
                vals.append(p)
            elif tracked(v):
                vals.append(v)
        d.refs = vals
        self._part_changed(d)

    # ------------------------------------------------------------------ calls
    def call(self, f, /, *args, **kw):
        """CALL. Instrumented functions take the stack references (moved); classes
        created by instrumented code are constructed like type_call; anything else is
        opaque: it borrows the arguments, which are popped after it returns."""
        tf = type(f)
        if tf is _FunctionType and id(f.__code__) in self.icodes:
            if f.__code__.co_flags & _GEN_FLAGS:
                # the generator's frame takes the arguments; until its body starts
                # (enter), the generator object holds them
                r = f(*args, **kw)
                held = [f] + list(args) + list(kw.values())
                self._track(r, 1, held)
                self._gen_pending.setdefault(f.__code__, []).append(
                    (r, held, len(args), kw.keys() if kw else ()))
                return r
            self._mv = (f, len(args), kw.keys() if kw else ())
            try:
                return f(*args, **kw)
            except BaseException:
                if self._mv is not None and self._mv[0] is f:   # never entered
                    self._mv = None
                    self._drop_call(f, args, kw)
                raise
        if isinstance(f, type) and f in self.iclasses and tf.__call__ is type.__call__:
            return self._construct(f, args, kw)
        if tf in self.iclasses:
            meth = _lookup(tf, '__call__')
            if type(meth) is _FunctionType and id(meth.__code__) in self.icodes \
                    and not meth.__code__.co_flags & _GEN_FLAGS:
                return self._slot_call(meth, f, args, kw)
        return self._opaque(f, args, kw)

    def _slot_call(self, meth, f, args, kw):
        """CALL of an instance whose class has an instrumented ``__call__`` (and no
        vectorcall): _PyObject_MakeTpCall packs the arguments into a tuple (+1 each) and the
        keyword arguments into a dict (+1 each value); slot_tp_call looks the function up
        (+1) and calls it with self prepended, borrowed (with keywords,
        _PyStack_UnpackDict first copies self and every argument, +1 each); the frame
        takes its own references (moved here). Then the copies, the function, the tuple
        (last item first) and the dict die, and the caller pops its stack references."""
        inc, dec = self.inc, self.dec
        vals = tuple(kw.values()) if kw else ()
        for a in args:
            inc(a)                                  # the args tuple
        for v in vals:
            inc(v)                                  # the kwargs dict
        inc(meth)                                   # lookup_maybe_method
        copies = (f,) + args + vals if kw else ()
        for a in copies:
            inc(a)                                  # _PyStack_UnpackDict
        inc(meth)                                   # the frame's function ...
        inc(f)                                      # ... and arguments
        for a in args:
            inc(a)
        for v in vals:
            inc(v)
        self._mv = (meth, len(args) + 1, kw.keys() if kw else ())
        try:
            return meth(f, *args, **kw)
        except BaseException:
            if self._mv is not None and self._mv[0] is meth:   # never entered
                self._mv = None
                self._drop_call(meth, (f,) + args, kw)
            raise
        finally:
            for a in copies:
                dec(a)
            dec(meth)
            for a in reversed(args):
                dec(a)
            for v in vals:
                dec(v)
            self._drop_call(f, args, kw)

    def _drop_call(self, f, args, kw):
        dec = self.dec
        dec(f)
        for a in args:
            if type(a) not in _ATOMIC:
                dec(a)
        if kw:
            for a in kw.values():
                dec(a)

    def _opaque(self, f, args, kw):
        bound = self._bound_base_method(f)
        if bound is not None:
            return self._builtin_method(bound[0], bound[1], args, kw, f)
        summary = self.summaries.get(f) if _hashable(f) else None
        if summary is None and args and type(f).__name__ in _DESCRIPTORS and \
                issubclass(type(args[0]), _CONTAINERS):
            # list.remove(l, x), dict.__setitem__(d, k, v): the generic summary
            return self._builtin_method(f, args[0], args[1:], kw)
        if summary is None and type(f) is _BuiltinMethodType and f.__self__ in _BUILTIN_COLL:
            # a classmethod bound through an instance ({}.fromkeys): GraalPy's is not
            # equal to the class's own (nor to getattr of its __self__)
            for t in _BUILTIN_COLL:
                if f.__self__ is t:
                    summary = self.summaries.get(getattr(t, f.__name__, None))
        if summary is not None:
            try:
                if type(f).__name__ == 'method_descriptor' and args:
                    return summary(self, args[0], args[1:], kw)   # list.append(l, x)
                return summary(self, f, args, kw)
            finally:
                self._drop_call(f, args, kw)
                self.flush()
        self._odepth += 1
        try:
            r = f(*args, **kw)
        except BaseException:
            self._odepth -= 1
            self._escape_args(f, args, kw)
            self._drop_call(f, args, kw)
            raise
        self._odepth -= 1
        if _hashable(f) and f in _HOLDS_ARGS and not self.tracked(r) and not _among(r, args):
            # enumerate(l), zip(a, b), map(f, l), partial(f, x, k=y): new, holding them
            self.adopt_holding(r, args + tuple(kw.values()) if f is _partial else args)
            self._drop_call(f, args, kw)
            return self.flushed(r)
        known = _hashable(f) and (f in self.fresh or f in self.safe) or \
            self._instrumented(f) or type(f) is _partial and self._instrumented(f.func)
        if not known and self._zct:
            self.escape_deferred()
        if type(r) is dict:
            self._own_dict(r, args, getattr(f, '__self__', None))
        self.hold(r, known and f in self.fresh and not _among(r, args))
        self._escape_args(f, args, kw)
        self._drop_call(f, args, kw)
        return self.flushed(r)

    def _bound_base_method(self, f):
        """(descriptor, object) when f is a builtin collection's method bound to an object
        (``l.append``, ``d.__setitem__``; also the base's own when a subclass overrides it
        and f was bound through ``super()``), else None (also for a class namespace made
        opaque, see _prepared)."""
        tf = type(f)
        if tf is _BuiltinMethodType or tf is _MethodWrapperType:
            o = f.__self__
            if (issubclass(type(o), _BUILTIN_COLL) or type(o) is _deque) \
                    and id(o) not in self._opaque_ns:
                meth = self._builtin_attr(type(o), f.__name__)
                if type(meth).__name__ in _DESCRIPTORS:
                    return meth, o
        return None

    def _builtin_attr(self, tp, name):
        """`name` along tp's MRO, skipping the classes instrumented code made."""
        iclasses = self.iclasses
        for klass in tp.__mro__:
            if klass not in iclasses:
                v = klass.__dict__.get(name, U)
                if v is not U:
                    return v
        return U

    def _instrumented(self, f):
        if type(f) is _FunctionType:
            return id(f.__code__) in self.icodes
        if type(f) is _MethodType or type(f) in (staticmethod, classmethod):
            return self._instrumented(f.__func__)
        return False

    def _escape_all(self, args, kw):
        for a in args:
            self.escape(a)
        for a in kw.values():
            self.escape(a)

    def _escape_args(self, f, args, kw):
        if self._instrumented(f):
            return                          # instrumented code counts what it keeps
        if type(f) is _partial and self._instrumented(f.func):
            return                          # partial passes the arguments on, borrowed
        if not (_hashable(f) and (f in self.safe or f in self.fresh)):
            # (a `fresh` constructor keeps references only in its result, adopted)
            for a in args:
                self.escape(a)
            for a in kw.values():
                self.escape(a)

    def escape(self, v):
        """v flows into code the heap cannot see: pin it (and what it refers to)."""
        if self.tracked(v):
            self.pin(v)

    def _construct(self, tp, args, kw):
        """type_call for a class made by instrumented code: the args tuple (+1 each),
        __new__, __init__ (borrowed args), then the tuple dies."""
        inc, dec = self.inc, self.dec
        for a in args:
            inc(a)
        for a in kw.values():
            inc(a)
        try:
            new = tp.__new__
            exc_new = _builtin_exception_slot(tp, '__new__')
            base_new = _hashable(new) and new in _BASE_NEWS
            if new is object.__new__:
                if tp.__init__ is object.__init__:
                    obj = object.__new__(tp, *args, **kw)
                else:
                    obj = object.__new__(tp)
                self._track(obj, 1)
                inc(tp)
            elif exc_new:
                # BaseException_new: the instance keeps the arguments as its args tuple
                obj = new(tp, *args, **kw)
                self._track_exception(obj, 1)
                inc(tp)
            elif base_new:
                # list_new, tuple_new, str_new, ...: a new instance holding what the base
                # holds (a tuple's or frozenset's items, +1 each) and its class; what a
                # generator argument yielded waits in the ZCT until then
                self._odepth += 1
                try:
                    obj = new(tp, *args, **kw)
                finally:
                    self._odepth -= 1
                self.hold(obj, type(obj) is tp)
                self.flush()
            else:
                obj = new(tp, *args, **kw)
                self.res(obj)
            if not self._instrumented(new) and new is not object.__new__ and not exc_new \
                    and not base_new:
                self._escape_all(args, kw)
            if isinstance(obj, tp):
                init = type(obj).__init__
                if init is not object.__init__:
                    # an inherited builtin __init__ with a summary (weakref's) says what
                    # it keeps; the summary borrows obj and the arguments
                    summary = self.summaries.get(init) if _hashable(init) else None
                    if summary is None and _hashable(init) and init in _BASE_INITS:
                        summary = _base_init
                    # (BaseException_init only sets args again, to the same arguments)
                    if summary is None and not self._instrumented(init) and not (
                            exc_new and _builtin_exception_slot(type(obj), '__init__')):
                        # e.g. a dataclass __init__ (exec)
                        self._escape_all(args, kw)
                        self.escape(obj)                # it may store anything into obj
                    try:
                        if summary is None:
                            r = init(obj, *args, **kw)
                        else:
                            r = summary(self, init, (obj,) + args, kw)
                    except BaseException:
                        dec(obj)                # type_call drops the new object
                        raise
                    if r is not None:
                        dec(obj)
                        raise TypeError("__init__() should return None, not '%s'"
                                        % type(r).__name__)
        finally:
            for a in reversed(args):
                dec(a)
            for a in kw.values():
                dec(a)
            self._drop_call(tp, args, kw)
        return obj

    def callm(self, o, name, /, *args, **kw):
        """LOAD_ATTR (method form) + CALL."""
        tp = type(o)
        meth = U
        for klass in tp.__mro__:
            meth = klass.__dict__.get(name, U)
            if meth is not U:
                break
        if type(meth) is _FunctionType:
            d = getattr(o, '__dict__', None) if not isinstance(o, type) else None
            if (d is None or name not in d) and not isinstance(o, type) \
                    and tp.__getattribute__ is object.__getattribute__:
                self.inc(meth)
                return self.call(meth, o, *args, **kw)
        elif meth is not U and type(meth).__name__ == 'method_descriptor' \
                and not isinstance(o, type):
            return self._builtin_method(meth, o, args, kw)
        return self.call(self.ga(o, name), *args, **kw)

    def callsuper(self, sup, name, /, *args, **kw):
        """LOAD_SUPER_ATTR (method form) + CALL: `super().name(args)` pushes the
        function and self (no bound method) when the attribute is a plain function."""
        obj = sup.__self__
        start = sup.__thisclass__
        mro = (obj if isinstance(obj, type) and isinstance(sup.__self_class__, type)
               and obj is sup.__self_class__ else type(obj)).__mro__
        found = U
        if not isinstance(obj, type) or obj is not sup.__self_class__:
            try:
                i = mro.index(start)
            except ValueError:
                i = len(mro)
            for klass in mro[i + 1:]:
                found = klass.__dict__.get(name, U)
                if found is not U:
                    break
        if type(found) is _FunctionType and not isinstance(obj, type):
            self.inc(found)
            self.inc(obj)
            return self.call(found, obj, *args, **kw)
        if issubclass(type(obj), _BUILTIN_COLL) and id(obj) not in self._opaque_ns and \
                type(found).__name__ in _DESCRIPTORS:
            # a builtin container's method on a subclass's instance (super().append(x),
            # super().__init__(items), super().__setitem__(k, v)): the unbound method and
            # self are pushed (Py_TPFLAGS_METHOD_DESCRIPTOR), as callm does
            self.inc(obj)
            return self._builtin_method(found, obj, args, kw)
        return self.call(self.res(getattr(sup, name)), *args, **kw)

    def _builtin_method(self, meth, o, args, kw, bound=None):
        """A method of a builtin type called on o (`bound` when it was called through a
        bound builtin method object, which then is what the stack held)."""
        held = o if bound is None else bound
        summary = self.summaries.get(meth)
        if summary is not None:
            try:
                return summary(self, o, args, kw)
            finally:
                self._drop_call(held, args, kw)
                self.flush()
        fresh = meth in self.fresh or _new_result(meth, o, args)
        if type(o) in _CONTAINERS or isinstance(o, _CONTAINERS):
            # generic summary: the container's references before and after
            before = self._snapshot(o)
            self._odepth += 1
            try:
                r = meth(o, *args, **kw)
            except BaseException:
                self._odepth -= 1
                self._sync(o, before)
                self._drop_call(held, args, kw)
                raise
            self._odepth -= 1
            if meth in _HOLDS_SELF and not self.tracked(r):
                self.adopt_holding(r, (o,))  # dict views and iterators hold their container
            else:
                self.hold(r, fresh and r is not o and not _among(r, args))
            self._sync(o, before)
            self._drop_call(held, args, kw)
            return self.flushed(r)
        self._odepth += 1
        try:
            r = meth(o, *args, **kw)
        except BaseException:
            self._odepth -= 1
            for a in args:
                self.escape(a)
            self._drop_call(held, args, kw)
            raise
        self._odepth -= 1
        if type(r) is dict:
            self._own_dict(r, args, o)
        if meth in _HOLDS_SELF and not self.tracked(r):
            self.adopt_holding(r, (o,))      # super().__iter__() holds the tuple
        else:
            self.hold(r, fresh and r is not o and not _among(r, args))
        for a in args:
            self.escape(a)
        self._drop_call(held, args, kw)
        return self.flushed(r)

    def _snapshot(self, o):
        """o's references as its builtin base stores them (a subclass's overrides of
        items() or __iter__ are not asked)."""
        if isinstance(o, dict):
            out = []
            for k, v in dict.items(o):
                out.append(k)
                out.append(v)
            if isinstance(o, _OrderedDict):
                # each node holds its key too (odict_clear: PyDict_Clear, then the nodes)
                out.extend(_OrderedDict.__iter__(o))
            return out
        if isinstance(o, list):
            return list(list.__iter__(o))
        if isinstance(o, set):
            return list(set.__iter__(o))
        return list(o)

    def _sync(self, o, before):
        """Generic summary: o's references before and after an opaque mutation."""
        after = self._snapshot(o)
        counts = {}
        keep = {}
        for x in after:
            counts[id(x)] = counts.get(id(x), 0) + 1
            keep[id(x)] = x
        for x in before:
            counts[id(x)] = counts.get(id(x), 0) - 1
            keep[id(x)] = x
        gone = []
        for x in before:
            n = counts[id(x)]
            if n < 0:
                counts[id(x)] = n + 1
                gone.append(x)
        for x in after:
            if counts[id(x)] > 0:
                counts[id(x)] -= 1
                self.inc(x)
        if isinstance(o, list):
            gone.reverse()
        for x in gone:
            self.dec(x)

    def callx(self, f, args, kw):
        """CALL_FUNCTION_EX: args is an owned tuple (or iterable), kw an owned dict or None."""
        if type(args) is not tuple:
            t = tuple(args)
            for x in t:
                self.inc(x)
            self._track(t, 1)
            self.dec(args)
            args = t
        kwd = {} if kw is None else kw
        if type(f) is _FunctionType and id(f.__code__) in self.icodes \
                and not f.__code__.co_flags & _GEN_FLAGS:
            self._mv = ('x', args, kw) if kw is not None else ('x', args)
            try:
                r = f(*args, **kwd)
            finally:
                if self._mv is not None and self._mv[0] == 'x':
                    self._mv = None
                    self.dec(args)
                    self.dec(kw)
                self.dec(f)
            return r
        if _hashable(f) and f in self.iclasses and type(f).__call__ is type.__call__:
            # type_call sees the unpacked arguments like a CALL would: give _construct
            # the stack references it drops
            self.inc(f)
            for x in args:
                self.inc(x)
            for x in kwd.values():
                self.inc(x)
            try:
                return self._construct(f, args, kwd)
            finally:
                self.dec(f)
                self.dec(args)
                self.dec(kw)
        bound = self._bound_base_method(f)
        if bound is not None:
            # d.update(*a, **k), super().update(*a, **k): as a CALL with the unpacked
            # arguments as stack references
            for x in (f,) + args + tuple(kwd.values()):
                self.inc(x)
            try:
                return self._builtin_method(bound[0], bound[1], args, kwd, f)
            finally:
                self.dec(f)
                self.dec(args)
                self.dec(kw)
        summary = self.summaries.get(f) if _hashable(f) else None
        if summary is not None and type(f).__name__ != 'method_descriptor':
            try:
                return summary(self, f, args, kwd)
            finally:
                self.dec(f)
                self.dec(args)
                self.dec(kw)
                self.flush()
        vals = tuple(args) + tuple(kwd.values())
        self._odepth += 1
        try:
            r = f(*args, **kwd)
        except BaseException:
            self._odepth -= 1
            self._escape_args(f, vals, {})
            self.dec(f)
            self.dec(args)
            self.dec(kw)
            raise
        self._odepth -= 1
        known = _hashable(f) and (f in self.fresh or f in self.safe) or self._instrumented(f)
        if not known and self._zct:
            self.escape_deferred()
        if type(r) is dict:
            self._own_dict(r, vals, getattr(f, '__self__', None))
        self.hold(r, known and _hashable(f) and f in self.fresh and not _among(r, vals))
        self._escape_args(f, vals, {})
        self.dec(f)
        self.dec(args)
        self.dec(kw)
        return self.flushed(r)

    def kwmerge(self, items):
        """Build the kwargs dict of CALL_FUNCTION_EX: name, value pairs and U, mapping."""
        d = {}
        for i in range(0, len(items), 2):
            k, v = items[i], items[i + 1]
            if k is U:
                for mk in v.keys():
                    if mk in d:
                        raise TypeError('got multiple values for keyword argument %r' % mk)
                    d[mk] = self.res(v[mk])
                self.dec(v)
            else:
                d[k] = v
        return self.new(d)

    # ------------------------------------------------------------------ context managers
    def cm(self, mgr, has_target):
        """BEFORE_WITH: mgr is owned; the bound __exit__ keeps it until the block ends."""
        return With(self, mgr, has_target)

    def exec_(self, kind, src, g, l=None, *rest):
        """exec/eval with explicit namespaces: a source string is instrumented (the
        namespace gets `_rc`), and so is a code object the rewriter made (compile() of a
        string in instrumented code, see _compile_summary); other code objects run as they
        are (opaque): what the namespaces hold escapes first, since that code may keep or
        drop references the heap does not see."""
        fn = exec if kind == 'exec' else eval
        try:
            if type(src) is _CodeType and type(g) is dict and not rest and '_rc' in src.co_names:
                if '_rc' not in g:
                    g['_rc'] = self
                return fn(src, g, l) if l is not None else fn(src, g)
            if (type(src) is str or type(src) is bytes) and type(g) is dict:
                b = g.get('__builtins__', _builtins)
                # namedtuple evaluates with `__builtins__: {}`: then the instrumentation
                # reaches locals()/NameError/BaseException through _rc
                full = b is _builtins or b is _builtins.__dict__
                from .rewriter import compile_instrumented
                if '_rc' not in g:
                    g['_rc'] = self
                code = compile_instrumented(src, '<string>', kind, full)
                r = fn(code, g, l) if l is not None else fn(code, g)
                if kind == 'exec':
                    return r
                return r                    # the instrumented expression's own reference
            for ns in (g, l):
                if type(ns) is dict:
                    for v in list(ns.values()):
                        self.escape(v)
                elif ns is not None:
                    self.escape(ns)
            self._odepth += 1
            try:
                r = fn(src, g, l, *rest) if l is not None else fn(src, g)
            finally:
                self._odepth -= 1
            return self.res(r)
        finally:
            self.dec(src)
            self.dec(g)
            self.dec(l)

    def frame_locals(self):
        """locals() of the caller, for code where the name `locals` is shadowed."""
        return _sys._getframe(1).f_locals

    def frame_globals(self):
        return _sys._getframe(1).f_globals

    # ------------------------------------------------------------------ interpreter shutdown
    def finalize_main(self, ns):
        """Py_FinalizeEx for ``__main__``, after the atexit callbacks: finalize_modules
        empties sys.modules, and the module's dict, which every function and class defined
        in it holds (``__globals__``), is left in a cycle for _PyGC_CollectNoFail.

        Here the references the globals hold move, uncounted, into a dict part that holds
        itself (the cycle), the module's reference to it is dropped, and a full collection
        without gc.callbacks finds it: every object only the globals reached is finalized
        (``__del__``, in the collector's order, globals still readable) before any is
        cleared. CPython's own order can differ when several globals have ``__del__``
        (objects inside containers were seen to go last). Before: ``ns`` holds one counted
        reference per tracked value. After: ``ns`` is empty but for ``__builtins__``, and
        what only it reached has been finalized and freed. Returns what the collection
        returned."""
        # (_rc and the rewriter's hidden temporaries, which an exception can leave
        # behind, hold no counted reference)
        vals = [v for k, v in ns.items()
                if k != '_rc' and not k.startswith('_rc_') and self.tracked(v)]
        if vals:
            holder = _DictPart(vals)
            self._track(holder, 1)           # the module's reference to its dict
            holder.refs.append(holder)       # the functions' __globals__, as one edge
            self.inc(holder)
            self._part_changed(holder)
            self.dec(holder)
        builtins_ = ns.get('__builtins__', U)
        n = self.shutdown_collect()
        ns.clear()
        if builtins_ is not U:
            ns['__builtins__'] = builtins_
        return n

    def shutdown_collect(self):
        """_PyGC_CollectNoFail: a full collection that ignores gc.disable() and calls no
        gc.callbacks (0 if a collection is running)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ star imports
    def snap(self, ns):
        return dict(ns) if type(ns) is dict else {}

    def star_done(self, before, ns):
        """IMPORT_STAR stored new references into ns."""
        if type(ns) is not dict:
            return
        for k, v in ns.items():
            old = before.get(k, U)
            if old is not v:
                self.inc(v)
                if old is not U:
                    self.dec(old)
        self.flush()


_CodeType = type((lambda: None).__code__)
_COMPILE_PARAMS = ('source', 'filename', 'mode', 'flags', 'dont_inherit', 'optimize')


def _base_init(rt, init, args, kw):
    """list_init, dict_init, set_init or bytearray_init on an instance of a subclass (from
    type_call or ``super().__init__(...)``): the items before and after (list_init and
    set_init drop the old ones first); what a generator argument yielded waits in the ZCT
    until its item is counted."""
    o = args[0]
    before = rt._snapshot(o)
    rt._odepth += 1
    try:
        return init(*args, **kw)
    finally:
        rt._odepth -= 1
        rt._sync(o, before)
        rt.flush()


def _compile_summary(rt, f, args, kw):
    """compile() of source text in 'exec' or 'eval' mode, called by instrumented code,
    gives instrumented code (exec_ runs it with `_rc`), so that what it does is counted as
    CPython counts it. ASTs, 'single' mode and the AST-only or top-level-await flags get
    the real compile (their code runs opaque). Future flags are not passed on."""
    if len(args) <= len(_COMPILE_PARAMS) and all(k in _COMPILE_PARAMS for k in kw):
        a = dict(zip(_COMPILE_PARAMS, args))
        a.update(kw)
        src, mode, flags = a.get('source'), a.get('mode'), a.get('flags', 0)
        if (type(src) is str or type(src) is bytes) and mode in ('exec', 'eval') and \
                type(flags) is int and not flags & 0x2400 and 'filename' in a:
            from .rewriter import compile_instrumented, RewriteError
            try:
                return compile_instrumented(src, a['filename'], mode)
            except RewriteError:
                pass
    return f(*args, **kw)


#: Exact types whose values the heap never counts, and whose operators give such values.
_ATOMIC = frozenset([int, float, complex, str, bytes, bool, type(None)])


def _all_atomic(t):
    for x in t:
        if type(x) is tuple:
            if not _all_atomic(x):
                return False
        elif type(x) not in _ATOMIC:
            return False
    return True


def _is_runtime_code(code):
    """Whether code is the runtime's own (this package or the heap backend)."""
    fn = code.co_filename
    return 'refgc_compiler' in fn or 'refgc_backend' in fn


def _new_seq(o, r):
    """A slice of a builtin sequence (or of an instance of a subclass: list_subscript
    makes an exact list) is a new object."""
    return r is not o and (type(o) in _BUILTIN_SEQ or issubclass(type(o), _BUILTIN_SEQ)
                           and type(r) in _BUILTIN_SEQ)


def _new_coll(a, b, r):
    """The result of a binary operator on a builtin collection is a new object (list_concat,
    set_or, dict_or, ... make an exact one for a subclass's instance too; GraalPy's
    list_concat makes one of the subclass)."""
    return r is not a and r is not b and (
        type(a) in _BUILTIN_COLL or issubclass(type(a), _BUILTIN_COLL)
        and (type(r) in _BUILTIN_COLL or type(r) is type(a))
        or type(a) is _deque and type(r) is _deque     # deque_concat, deque_repeat
        # defdict_or, odict_or (also reflected: {} | dd makes a defaultdict)
        or type(r) in (_defaultdict, _OrderedDict) and (type(a) is type(r) or type(b) is type(r)))


_DESCRIPTORS = ('wrapper_descriptor', 'method_descriptor')
#: slot methods of the builtin collections whose result is a new collection
_NEW_RESULTS = frozenset(['__add__', '__mul__', '__rmul__', '__or__', '__ror__', '__and__',
                          '__rand__', '__sub__', '__rsub__', '__xor__', '__rxor__'])


def _new_result(meth, o, args):
    """Whether a builtin collection's method (reached as a descriptor: super().__add__(x),
    list.__getitem__(l, s)) returns a new object: an operator's result, a slice."""
    name = getattr(meth, '__name__', None)
    return name in _NEW_RESULTS or name == '__getitem__' and len(args) == 1 and \
        type(args[0]) is slice and issubclass(type(o), _BUILTIN_SEQ)


def _base_slot(tp, name):
    """Whether `name` on tp is its builtin base's own (no Python class overrides it)."""
    return type(_lookup(tp, name)).__name__ in _DESCRIPTORS


#: the in-place operators' methods, in INPLACE's order
_INAMES = ('__iadd__', '__isub__', '__imul__', '__imatmul__', '__itruediv__', '__imod__',
           '__ipow__', '__ilshift__', '__irshift__', '__ior__', '__ixor__', '__iand__',
           '__ifloordiv__')


def _among(r, args):
    for a in args:
        if a is r:
            return True
    return False


def slot_names(klass):
    """The names a class's own __slots__ declares (CPython: member descriptors;
    GraalPy: getset descriptors, so the class body is the portable source)."""
    sl = klass.__dict__.get('__slots__', ())
    if type(sl) is str:
        return (sl,)
    try:
        return tuple(sl)
    except TypeError:
        return ()


def _builtin_exception_slot(tp, name):
    """Whether tp's `name` (__new__ or __init__) is a builtin exception type's own."""
    if not issubclass(tp, BaseException):
        return False
    for klass in tp.__mro__:
        if name in klass.__dict__:
            return klass in _BUILTIN_EXCEPTIONS
    return False


_BUILTIN_EXCEPTIONS = frozenset(v for v in vars(_builtins).values()
                                if isinstance(v, type) and issubclass(v, BaseException))


def _mangle(klass, name):
    if name.startswith('__') and not name.endswith('__'):
        stripped = klass.__name__.lstrip('_')
        if stripped:
            return '_' + stripped + name
    return name


#: Callables hashed by identity (on CPython and GraalPy alike): no need to try hash().
_IDENTITY_HASHED = frozenset([_FunctionType, _BuiltinMethodType, type, type(str.join)])


_object_getattribute = object.__getattribute__
_ModuleType = type(_sys)


def _lookup(tp, name):
    """_PyType_Lookup: name in the dicts along tp's MRO, else U."""
    for klass in tp.__mro__:
        v = klass.__dict__.get(name, U)
        if v is not U:
            return v
    return U


def _hashable(f):
    if type(f) in _IDENTITY_HASHED:
        return True
    try:
        hash(f)
        return True
    except TypeError:
        return False


def _class_cell(c):
    for v in c.__dict__.values():
        f = v if type(v) is _FunctionType else getattr(v, '__func__', None)
        if type(f) is _FunctionType and f.__closure__:
            for name, cell in zip(f.__code__.co_freevars, f.__closure__):
                if name == '__class__':
                    return cell
    return None


try:
    from _functools import partial as _partial
except ImportError:                     # pragma: no cover
    _partial = None
_HOLDS_ARGS = {enumerate, zip, map, filter, reversed, iter}
if _partial is not None:
    _HOLDS_ARGS.add(_partial)
_HOLDS_SELF = {dict.keys, dict.values, dict.items, list.__iter__, list.__reversed__,
               tuple.__iter__, dict.__iter__, dict.__reversed__, set.__iter__,
               frozenset.__iter__}
if _OrderedDict is not None:
    _HOLDS_SELF.update((_OrderedDict.keys, _OrderedDict.values, _OrderedDict.items))
_RECYCLING = {type(iter({}.items())), enumerate, zip}
_ATOMIC_ITEMS = {range, str, bytes}
_HELD_BY_ITERATOR = {list, tuple, dict, set, frozenset, str, bytes, bytearray,
                     type({}.keys()), type({}.values()), type({}.items())}
if _deque is not None:
    _HELD_BY_ITERATOR.add(_deque)       # deque_iter holds the deque (never drops it early)
    _HELD_BY_ITERATOR.update(type(v) for v in (_OrderedDict().keys(), _OrderedDict().values(),
                                               _OrderedDict().items()))
_HELD_BASES = (list, tuple, dict, set, frozenset, str, bytes, bytearray)


class Loop:
    """A `for` loop's iterator as CPython's value stack holds it. Each item is a new
    reference (moved into the target); exhaustion pops the iterator, and `close()` (from
    the `finally` the rewriter adds) pops it on break, return or exception.
    For comprehensions `comp=True`: the previous item is released when the target is
    rebound and the last one at the end (the inlined comprehension restores the name)."""

    __slots__ = ('rt', 'it', 'done', 'comp', 'prev', 'cache', 'src', 'plain')

    def __init__(self, rt, iterable, comp=False):
        self.rt = rt
        try:
            it = iter(iterable)
        except BaseException:
            rt.dec(iterable)
            raise
        self.src = U
        if it is iterable:
            pass                            # GET_ITER: +1 on the iterator, -1 on the iterable
        elif type(iterable) is range:
            rt.dec(iterable)                # range_iter copies the bounds: GET_ITER pops
                                            # the range, which dies here unless held
        elif type(iterable) in _HELD_BY_ITERATOR or issubclass(type(iterable), _HELD_BASES) \
                and _base_slot(type(iterable), '__iter__'):
            self.src = iterable             # the builtin iterator holds its container until
                                            # it is exhausted or freed: keep our reference
        elif type(it) is _GeneratorType and id(it.gi_code) in rt.icodes and not rt.tracked(it):
            # an instrumented __iter__ generator: its frame holds the iterable (self)
            held = [None, iterable]
            rt._track(it, 1, held)
            rt._gen_pending.setdefault(it.gi_code, []).append((it, held, 1, ()))
        else:
            rt.res(it, True)
            rt.dec(iterable)
        self.it = it
        self.done = False
        self.comp = comp
        self.prev = U
        # dict item iterators, enumerate and zip keep their last result tuple and
        # recycle it when nobody else holds it
        self.cache = None if type(it) in _RECYCLING else U
        # the iterator of a range, str or bytes yields atomic values only and holds no
        # counted object: no item needs counting, so the for statement may drive the
        # iterator itself (decided on the iterable: GraalPy's iterators of all sequences
        # share one type)
        self.plain = type(iterable) in _ATOMIC_ITEMS and it is not iterable

    def __iter__(self):
        return self.it if self.plain else self

    def __next__(self):
        rt = self.rt
        if self.done:
            raise StopIteration
        # FOR_ITER receives what a generator yields: the yielded reference waits in the ZCT
        # (deferred one level deeper) until next() has returned and res() took it
        rt._odepth += 1
        try:
            item = next(self.it)
        except StopIteration:
            rt._odepth -= 1
            rt.exhausted(self.it)           # a builtin iterator drops its container
            self.close()
            raise
        except BaseException:
            rt._odepth -= 1
            raise
        rt._odepth -= 1
        rt.res(item, self.cache is not U)
        cache = self.cache
        if cache is not U:
            if cache is None:
                rt.inc(item)
                self.cache = item
            elif rt.count(cache) == 1:
                rt.inc(item)
                self.cache = item
                rt.recycle(cache)
        if self.comp:
            if self.prev is not U:
                rt.dec(self.prev)
            self.prev = item
        return item

    def close(self):
        if not self.done:
            self.done = True
            self.rt.dec(self.it if self.src is U else self.src)
            if self.cache is not U and self.cache is not None:
                cache, self.cache = self.cache, None
                self.rt.dec(cache)
            if self.comp and self.prev is not U:
                prev, self.prev = self.prev, U
                self.rt.dec(prev)
            self.rt.flush()


class With:
    """BEFORE_WITH / WITH_EXCEPT_START for one `with` item."""

    __slots__ = ('rt', 'mgr', 'exit', 'keep')

    def __init__(self, rt, mgr, keep):
        self.rt = rt
        self.mgr = mgr
        self.keep = keep
        tp = type(mgr)
        self.exit = tp.__exit__

    def __enter__(self):
        r = type(self.mgr).__enter__(self.mgr)
        self.rt.res(r)
        if not self.keep:
            self.rt.dec(r)
        return r

    def __exit__(self, et, ev, tb):
        try:
            return self.exit(self.mgr, et, ev, tb)
        finally:
            self.rt.dec(self.mgr)
            self.rt.flush()
