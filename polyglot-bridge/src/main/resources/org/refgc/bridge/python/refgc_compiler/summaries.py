"""Builtin summaries: the exact reference effects of opaque builtins (CPython 3.12).

A call from instrumented code into code the heap cannot see (a builtin function, a method
of a builtin type) goes through `Runtime._opaque`/`_builtin_method`/`callx`. Where this
module registers a *summary* for the callable, the summary replaces the generic handling
and does, on the heap, exactly what CPython 3.12's C implementation does with references:
what it increfs, decrefs, stores and returns, whether the result is new or borrowed, what
the result holds, and when temporaries it creates die.

Conventions (`register` installs everything into a `Runtime`):

``rt.summaries[f] = s``
    For a builtin function or type ``f``: ``s(rt, f, args, kw) -> result``. The arguments
    are borrowed (the caller pops them after the summary returns, then flushes the ZCT);
    the result is returned as a new (counted) reference.
    For a method descriptor ``m`` of a builtin type (``list.append``):
    ``s(rt, o, args, kw) -> result``, ``o`` the object the method is called on, also
    borrowed. The runtime reaches it through `callm` (``l.append(x)``), a bound builtin
    method (``f = l.append; f(x)``) and the unbound form (``list.append(l, x)``).
``rt.safe``, ``rt.fresh``
    Table entries for builtins whose generic handling is already exact: ``safe`` ones keep
    no reference to their arguments (the result is an existing object, +1, or atomic),
    ``fresh`` ones return a new object that the heap adopts (count 1, +1 on each item).
``rt.frame_summaries[name] = s``
    The calls the rewriter keeps direct because they look at the caller's frame
    (``super() locals() globals() vars()``): ``s(rt, r) -> r`` takes the new reference
    ``r`` the call returned (`Runtime.fcall`).
``rt.exhausted(it)``
    CPython's builtin iterators drop their container the moment they are exhausted
    (``listiter_next`` and friends set ``it_seq = NULL``); `Loop` and the summaries that
    consume an iterator call this so that ``list(it)`` or a finished ``for`` releases the
    container while the iterator object lives on.

Methods of list, dict and set without a summary of their own use the runtime's generic
before/after snapshot (`Runtime._snapshot`/`_sync`), which is exact for them (the tables
`GENERIC_METHODS` list which ones were verified that way). Everything else stays
unknown: its arguments escape (pinned), so nothing is ever finalized early.

Every summary here has a case in polyglot-bridge/src/test/python/test_summaries.py (the
shadow heap against CPython's real counts) and in python-tests/test_builtins.py.
"""

import builtins as _builtins
import sys as _sys

from .runtime import U, Loop, _FunctionType, _GeneratorType, _MethodType, _among, _ATOMIC
from .runtime import _deque, _defaultdict, _OrderedDict

_ListIter = type(iter([]))
_TupleIter = type(iter(()))
_DictKeyIter = type(iter({}))
_DictValIter = type(iter({}.values()))
_DictItemIter = type(iter({}.items()))
_SetIter = type(iter(set()))
_ListRevIter = type(reversed([]))
_SeqIter = type(iter(type('_S', (), {'__getitem__': lambda s, i: 1 / 0})()))
_CallIter = type(iter(lambda: 0, 0))
_DictKeyRevIter = type(reversed({}))

#: Builtin iterators that drop the references they hold (their container, or the
#: callable and sentinel) when exhausted.
RELEASE_ON_EXHAUSTION = {_ListIter, _TupleIter, _DictKeyIter, _DictValIter, _DictItemIter,
                         _SetIter, _ListRevIter, _SeqIter, _CallIter, reversed,
                         _DictKeyRevIter, type(reversed({}.values())),
                         type(reversed({}.items()))}
if _OrderedDict is not None:
    # odictiter_nextkey drops its OrderedDict when exhausted (all its iterators share it)
    RELEASE_ON_EXHAUSTION.add(type(iter(_OrderedDict())))
#: Iterators whose items are new tuples (adopted by next()). GraalPy's iterators of all
#: builtin sequences share one type, so there a dict-items iterator cannot be told from a
#: list iterator (whose item may be an existing tuple): then only enumerate and zip.
_FRESH_ITEMS = {enumerate, zip} | ({_DictItemIter} if _DictItemIter not in (
    _ListIter, _TupleIter, _SetIter, _DictKeyIter, _DictValIter) else set())
#: Iterator-consuming builtins that hold one inner iterator over their (last) argument.
_WRAPPERS = {map, filter, enumerate, zip}
#: Containers whose builtin iterator holds the container itself.
_DIRECT = (list, tuple, dict, set, frozenset)


# ---------------------------------------------------------------------- helpers
def _call(rt, fn, *args, **kw):
    """Run opaque code that may call back into instrumented code: what those callbacks
    hand back waits in the ZCT until this returns."""
    rt._odepth += 1
    try:
        return fn(*args, **kw)
    finally:
        rt._odepth -= 1


def _invoke(rt, f, *args):
    """A C caller calling f (PyObject_Call): f and the arguments are borrowed; returns an
    owned reference to the result."""
    rt.inc(f)
    for a in args:
        rt.inc(a)
    return rt.call(f, *args)


def _loop(rt, iterable):
    """PyObject_GetIter(iterable) for C code that iterates: a `Loop` over a borrowed
    iterable; its items are owned references (PyIter_Next). Close it when done."""
    rt.inc(iterable)
    return Loop(rt, iterable)


def _held(rt, holder):
    """The Python-tier entry's list of references holder keeps, or None."""
    h = getattr(rt, 'h', None)
    e = h.get(id(holder)) if h is not None else None
    if e is None or e[1] is not holder or e[3] is None:
        return None
    return e[3]


def _drop_held(rt, holder, x):
    """holder drops its reference to x (one occurrence)."""
    refs = _held(rt, holder)
    if refs is None:
        return
    for i, y in enumerate(refs):
        if y is x:
            del refs[i]
            rt.dec(x)
            return


def exhausted(rt, it):
    """`it` raised StopIteration: a builtin iterator drops what it holds (in its dealloc
    order); map/filter/enumerate/zip over one iterable pass it on to their inner iterator."""
    t = type(it)
    refs = _held(rt, it)
    if refs is None:
        return
    if t in RELEASE_ON_EXHAUSTION:
        out = list(refs)
        del refs[:]
        for x in out:
            rt.dec(x)
    elif type(refs) is _Single:
        # the one inner iterator is exhausted: it drops its container (the wrapper keeps
        # the inner iterator, which the model folds into the wrapper itself)
        for inner in refs:
            if isinstance(inner, _DIRECT):
                _drop_held(rt, it, inner)
                return
            if _held(rt, inner) is not None and type(inner) is not _MethodType:
                exhausted(rt, inner)
                return


class _Single(list):
    """The references of a map/filter/enumerate/zip over exactly one iterable (whose
    inner iterator releases its container at exhaustion); with several iterables the
    model cannot tell which inner iterator ran out, so they keep theirs (a leak, never
    an early free)."""
    __slots__ = ()


def _exhaust_args(rt, args):
    """After C code consumed args[0] to the end."""
    if args and _held(rt, args[0]) is not None:
        exhausted(rt, args[0])


def _new(rt, r, args=()):
    """The result of a builtin that builds a new container (unless it returned one of its
    arguments, or an object the heap already counts): count 1, +1 on each item."""
    if _among(r, args):
        rt.inc(r)
    else:
        rt.hold(r, True)
    return r


# ---------------------------------------------------------------------- list
# (method summaries call the builtin type's own methods: `list.append(l, x)` on a subclass
# that overrides append, or __len__, must not reach the override)
def _list_append(rt, o, args, kw):
    if kw or len(args) != 1:
        return list.append(o, *args, **kw)          # TypeError
    x = args[0]
    list.append(o, x)
    rt.inc(x)


def _list_insert(rt, o, args, kw):
    if kw or len(args) != 2:
        return list.insert(o, *args, **kw)          # TypeError
    list.insert(o, args[0], args[1])
    rt.inc(args[1])


def _list_extend(rt, o, args, kw):
    if len(args) != 1 or kw:
        return list.extend(o, *args, **kw)          # TypeError
    it = args[0]
    t = type(it)
    if t is list or t is tuple:
        n = list.__len__(o)
        list.extend(o, it)
        for x in list.__getitem__(o, slice(n, None)):     # (l.extend(l) doubles l)
            rt.inc(x)
        return
    lp = _loop(rt, it)
    try:
        for x in lp:
            list.append(o, x)           # the item's owned reference moves into the list
    finally:
        lp.close()


def _list_pop(rt, o, args, kw):
    return list.pop(o, *args, **kw)     # the list's reference becomes the result's


def _sort_keys(rt, items, key, reverse):
    """list_sort_impl with a key function: the keys are computed in order (a failing key
    drops the earlier ones, last first), the values sorted by them, then the keys are
    dropped in the sorted order (before the final reversal). Returns the new order."""
    keys = []
    try:
        for x in items:
            keys.append(_invoke(rt, key, x))
    except BaseException:
        for k in reversed(keys):
            rt.dec(k)
        raise
    idx = list(range(len(items)))
    if reverse:
        idx.reverse()
    try:
        _call(rt, idx.sort, key=keys.__getitem__)
    finally:
        for i in idx:
            rt.dec(keys[i])
        rt.flush()
    if reverse:
        idx.reverse()
    return [items[i] for i in idx]


def _list_sort(rt, o, args, kw):
    if args:
        raise TypeError('sort() takes no positional arguments')
    key = kw.get('key')
    reverse = kw.get('reverse', False)
    if key is None:
        return _call(rt, list.sort, o, **kw)
    items = list(list.__iter__(o))
    list.__setitem__(o, slice(None), _sort_keys(rt, items, key, reverse))  # same references


def _sorted(rt, f, args, kw):
    if len(args) != 1:
        return _call(rt, sorted, *args, **kw)       # TypeError
    it = args[0]
    key = kw.get('key')
    r = _list_of(rt, it)
    try:
        if key is None:
            _call(rt, r.sort, **kw)
        else:
            r[:] = _sort_keys(rt, list(r), key, kw.get('reverse', False))
    except BaseException:
        rt.dec(r)
        raise
    return r


_PLAIN = (list, tuple, dict, set, frozenset, range, str, bytes)


def _list_of(rt, it):
    """PySequence_List(it): a new, counted list of owned items."""
    if type(it) in _PLAIN:
        return _new(rt, list(it))
    out = _owned_items(rt, it)
    rt._track(out, 1)
    return out


def _owned_items(rt, it):
    """Iterate `it` the way C code does (PyObject_GetIter, PyIter_Next): a plain,
    untracked list of owned references to its items."""
    out = []
    lp = _loop(rt, it)
    try:
        for x in lp:
            out.append(x)
    except BaseException:
        for x in reversed(out):
            rt.dec(x)
        raise
    finally:
        lp.close()
    return out


def _list_new(rt, f, args, kw):
    if kw or len(args) > 1:
        return _generic_fresh(rt, f, args, kw)
    if not args:
        return _new(rt, [])
    return _list_of(rt, args[0])


def _tuple_new(rt, f, args, kw):
    if kw or len(args) > 1:
        return _generic_fresh(rt, f, args, kw)
    if not args:
        return ()
    it = args[0]
    if type(it) is tuple:
        rt.inc(it)
        return it
    if type(it) in _PLAIN:
        return _new(rt, tuple(it))
    r = tuple(_owned_items(rt, it))
    if r:
        rt._track(r, 1)                 # the items' references move into the tuple
    return r


def _set_new(rt, f, args, kw):
    if kw or len(args) > 1:
        return _generic_fresh(rt, f, args, kw)
    if not args:
        return _new(rt, f())
    it = args[0]
    if f is frozenset and type(it) is frozenset:
        rt.inc(it)
        return it
    if type(it) in (list, tuple, set, frozenset, dict, range, str):
        return _new(rt, f(it))
    out = set()
    lp = _loop(rt, it)
    try:
        for x in lp:
            n = len(out)
            out.add(x)
            if len(out) == n:
                rt.dec(x)           # set_add_entry drops an item equal to one it holds
    except BaseException:
        for x in list(out):
            rt.dec(x)
        raise
    finally:
        lp.close()
    r = out if f is set else frozenset(out)
    rt._track(r, 1)
    return r


def _dict_new(rt, f, args, kw):
    if len(args) > 1:
        return _generic_fresh(rt, f, args, kw)
    d = {}
    rt._track(d, 1)
    return _filled(rt, d, args, kw)


def _filled(rt, d, args, kw):
    """dict_update_common for a new counted dict d: the items of args[0] (if any), then
    the keywords, stored as dict() stores them; d dies if that fails."""
    try:
        if args:
            _dict_merge(rt, d, args[0])
        for k, v in kw.items():
            rt.inc(v)
            _store(rt, d, k, v)
    except BaseException:
        rt.dec(d)
        raise
    return d


def _dict_merge(rt, d, src):
    """dict_update_arg: a mapping (has keys) is merged key by key, anything else is an
    iterable of pairs (each pair dropped after its key and value are stored)."""
    if isinstance(src, dict) or hasattr(src, 'keys'):
        if type(src) is dict:
            for k, v in src.items():
                rt.inc(k)
                rt.inc(v)
                _store(rt, d, k, v)
            return
        ks = _call(rt, src.keys)
        rt.hold(ks)
        try:
            lp = _loop(rt, ks)
            try:
                for k in lp:
                    v = _call(rt, src.__getitem__, k)
                    rt.hold(v)
                    _store(rt, d, k, v)
            finally:
                lp.close()
        finally:
            rt.dec(ks)
        return
    lp = _loop(rt, src)
    try:
        for item in lp:
            try:
                k, v = item
            except (TypeError, ValueError):
                rt.dec(item)
                raise
            rt.inc(k)
            rt.inc(v)
            _store(rt, d, k, v)
            rt.dec(item)
    finally:
        lp.close()


def _store(rt, d, k, v):
    """insertdict with owned k and v: a new key is stored; for an existing one the old
    value is replaced (then dropped) and the new key dropped (the dict keeps its key)."""
    old = dict.get(d, k, U)
    dict.__setitem__(d, k, v)
    if old is not U:
        rt.dec(old)
        rt.dec(k)


def _generic_fresh(rt, f, args, kw):
    """Unusual argument shapes: call it and adopt the new result; the arguments escape."""
    r = _call(rt, f, *args, **kw)
    for a in args:
        rt.escape(a)
    for a in kw.values():
        rt.escape(a)
    return _new(rt, r, args)


# ---------------------------------------------------------------------- dict
def _dict_get(rt, o, args, kw):
    r = _call(rt, dict.get, o, *args)
    rt.inc(r)
    return r


def _dict_setdefault(rt, o, args, kw):
    k = args[0]
    n = dict.__len__(o)
    r = _call(rt, dict.setdefault, o, *args)
    if dict.__len__(o) > n:
        rt.inc(k)                       # stored: the key and the value
        rt.inc(r)
    rt.inc(r)
    return r


def _popkey(rt, o, args, kw, pop, key_refs):
    """dict.pop and OrderedDict.pop: the container's reference to the value becomes the
    result's; the stored key (maybe another object equal to the argument) loses the
    container's key_refs references; a default gets +1."""
    k = args[0]
    before = None if type(k) in _ATOMIC else list(dict.__iter__(o))
    n = dict.__len__(o)
    r = _call(rt, pop, o, *args)
    if dict.__len__(o) == n:
        rt.inc(r)                       # the default
        return r
    if before is not None:
        left = set(map(id, dict.__iter__(o)))
        for sk in before:
            if id(sk) not in left:
                for _ in range(key_refs):
                    rt.dec(sk)
                break
    return r


def _dict_pop(rt, o, args, kw):
    """The dict's reference to the value becomes the result's (see _popkey)."""
    if not args or kw:
        return _call(rt, dict.pop, o, *args, **kw)  # TypeError
    return _popkey(rt, o, args, kw, dict.pop, 1)


def _dict_popitem(rt, o, args, kw):
    """A new (key, value) tuple takes over the dict's two references."""
    k, v = dict.popitem(o)
    r = (k, v)
    rt._track(r, 1)
    return r


def _view(meth):
    """dict.keys/values/items: a new view holding the dict (dictview_traverse) until it
    dies (a view has no tp_clear)."""
    def summary(rt, o, args, kw):
        r = meth(o, *args, **kw)
        if rt.tracked(r):
            rt.inc(r)
        else:
            rt.adopt_owning(r, (o,))
        return r
    summary.__name__ = '_view_' + meth.__name__
    return summary


def _dict_update(rt, o, args, kw):
    if len(args) > 1:
        raise TypeError('update expected at most 1 argument, got %d' % len(args))
    if args:
        _dict_merge(rt, o, args[0])
    for k, v in kw.items():
        rt.inc(v)
        _store(rt, o, k, v)


def _dict_fromkeys(rt, f, args, kw):
    """dict.fromkeys(keys, value): a new dict, +1 on each distinct key and on the value
    per key (f is the bound classmethod; a dict subclass goes the generic way)."""
    cls = getattr(f, '__self__', dict)
    if cls is not dict or kw or not 1 <= len(args) <= 2:
        return _generic_fresh(rt, f, args, kw)
    v = args[1] if len(args) == 2 else None
    d = {}
    rt._track(d, 1)
    try:
        lp = _loop(rt, args[0])
        try:
            for k in lp:
                rt.inc(v)
                _store(rt, d, k, v)
        finally:
            lp.close()
    except BaseException:
        rt.dec(d)
        raise
    return d


# ---------------------------------------------------------------------- set
def _set_add(rt, o, args, kw):
    n = set.__len__(o)
    _call(rt, set.add, o, *args, **kw)
    if set.__len__(o) > n:
        rt.inc(args[0])


def _set_pop(rt, o, args, kw):
    return set.pop(o, *args, **kw)      # the set's reference becomes the result's


def _pure(meth):
    """A method that keeps nothing: the result is atomic or an existing object (+1)."""
    def summary(rt, o, args, kw):
        r = _call(rt, meth, o, *args, **kw)
        rt.hold(r)
        return r
    summary.__name__ = '_pure_' + meth.__name__
    return summary


def _fresh_method(meth):
    """A method returning a new container (or o itself, e.g. frozenset.copy)."""
    def summary(rt, o, args, kw):
        r = _call(rt, meth, o, *args, **kw)
        if r is o:
            rt.inc(r)
            return r
        for a in args:
            if _held(rt, a) is not None:
                exhausted(rt, a)
        return _new(rt, r, args)
    summary.__name__ = '_fresh_' + meth.__name__
    return summary


# ---------------------------------------------------------------------- collections
# collections.deque, defaultdict and OrderedDict (Modules/_collectionsmodule.c,
# Objects/odictobject.c). Their summaries apply to instances the heap counts (the
# constructors below make them); anything else (a subclass's instance, a deque opaque
# code made) keeps the opaque handling: the arguments escape, the result gets +1.
def _when_counted(meth, body, exact=True):
    """A collections method's summary: `body` when the object is counted and of meth's
    type (exact, or also a subclass's instance reaching the base's method), else opaque."""
    tp = meth.__objclass__

    def summary(rt, o, args, kw):
        if (type(o) is tp if exact else isinstance(o, tp)) and rt.tracked(o):
            return body(rt, o, args, kw)
        r = _call(rt, meth, o, *args, **kw)
        rt._escape_all(args, kw)
        rt.hold(r)
        return r
    summary.__name__ = '_%s_%s' % (tp.__name__, meth.__name__)
    return summary


def _dq_push(rt, o, x, left):
    """deque_append_internal / deque_appendleft_internal with x owned: past maxlen the
    item at the other end (x itself when maxlen is 0) is popped and dropped."""
    m = o.maxlen
    old = U
    if m is not None and _deque.__len__(o) >= m:
        old = x if m == 0 else (_deque.__getitem__(o, -1) if left else
                                _deque.__getitem__(o, 0))
    if left:
        _deque.appendleft(o, x)
    else:
        _deque.append(o, x)
    if old is not U:
        rt.dec(old)


def _dq_extend(rt, o, it, left=False):
    """deque_extend / deque_extendleft: the deque itself is first copied to a list; each
    item of the iterable is appended as iterated (its owned reference moves in)."""
    if it is o:
        s = _new(rt, list(_deque.__iter__(o)))
        try:
            _dq_extend(rt, o, s, left)
        finally:
            rt.dec(s)
        return
    lp = _loop(rt, it)
    try:
        for x in lp:
            _dq_push(rt, o, x, left)
    finally:
        lp.close()


def _dq_append(rt, o, args, kw):
    if kw or len(args) != 1:
        return _deque.append(o, *args, **kw)        # TypeError
    rt.inc(args[0])
    _dq_push(rt, o, args[0], False)


def _dq_appendleft(rt, o, args, kw):
    if kw or len(args) != 1:
        return _deque.appendleft(o, *args, **kw)    # TypeError
    rt.inc(args[0])
    _dq_push(rt, o, args[0], True)


def _dq_extend_m(rt, o, args, kw):
    if kw or len(args) != 1:
        return _deque.extend(o, *args, **kw)        # TypeError
    _dq_extend(rt, o, args[0])


def _dq_extendleft_m(rt, o, args, kw):
    if kw or len(args) != 1:
        return _deque.extendleft(o, *args, **kw)    # TypeError
    _dq_extend(rt, o, args[0], True)


def _dq_insert(rt, o, args, kw):
    """deque_insert: a full bounded deque refuses; otherwise nothing is discarded."""
    _deque.insert(o, *args, **kw)
    rt.inc(args[1])


def _dq_pop(meth):
    def body(rt, o, args, kw):
        return meth(o, *args, **kw)     # the deque's reference becomes the result's
    return body


def _dq_remove(rt, o, args, kw):
    """deque_remove: the first item equal to value is taken out (rotate, popleft, rotate
    back), then dropped."""
    if kw or len(args) != 1:
        return _deque.remove(o, *args, **kw)        # TypeError
    before = list(_deque.__iter__(o))
    _call(rt, _deque.remove, o, args[0])
    gone = before[-1]
    for i, y in enumerate(_deque.__iter__(o)):
        if before[i] is not y:
            gone = before[i]
            break
    rt.dec(gone)


def _dq_clear(rt, o, args, kw):
    """deque_clear: the deque is emptied, then its items dropped from the left."""
    items = list(_deque.__iter__(o))
    _deque.clear(o, *args, **kw)
    for x in items:
        rt.dec(x)


def _dq_copy(meth):
    def body(rt, o, args, kw):
        r = meth(o, *args, **kw)
        if type(r) is _deque and not rt.tracked(r):
            rt.adopt(r)                 # a new deque: +1 on each item
        else:
            rt.hold(r)
        return r
    return body


def _dq_keeps_nothing(meth):
    """count, index (comparisons may run Python code), rotate, reverse: no reference
    changes; the result is an int or None."""
    def body(rt, o, args, kw):
        return _call(rt, meth, o, *args, **kw)
    return body


def deque_iadd(rt, o, other):
    """deque_inplace_concat: extend, then the deque itself is the result (+1)."""
    _dq_extend(rt, o, other)
    rt.inc(o)
    return o


def _deque_new(rt, f, args, kw):
    """deque(iterable, maxlen): a new, counted deque; maxlen is checked before the items
    are taken (deque_init), then the iterable extends it."""
    if f is not _deque or len(args) > 2 or set(kw) - {'iterable', 'maxlen'} or \
            len(args) + len(kw) > 2:
        return _generic_fresh(rt, f, args, kw)
    it = args[0] if args else kw.get('iterable', U)
    m = args[1] if len(args) > 1 else kw.get('maxlen', None)
    if len(args) > 1 and 'maxlen' in kw or args and 'iterable' in kw:
        return _generic_fresh(rt, f, args, kw)      # TypeError
    d = _deque((), m)
    rt._track(d, 1)
    if it is not U:
        try:
            _dq_extend(rt, d, it)
        except BaseException:
            rt.dec(d)
            raise
    return d


def _defaultdict_new(rt, f, args, kw):
    """defaultdict(factory, ...): a new, counted defaultdict holding factory (+1), then
    the dict's items as dict() stores them."""
    if f is not _defaultdict or len(args) > 2:
        return _generic_fresh(rt, f, args, kw)
    factory = args[0] if args else None
    d = _defaultdict(factory)           # TypeError for a factory that is not callable
    rt._track(d, 1)
    rt.inc(factory)
    return _filled(rt, d, args[1:], kw)


def _defaultdict_copy(meth):
    """defdict_copy (copy, __copy__): type(dd)(dd.default_factory, dd), a new defaultdict
    with +1 on the factory, each key and each value."""
    def body(rt, o, args, kw):
        r = meth(o, *args, **kw)        # (TypeError for any argument: nothing made)
        rt.adopt(r)
        return r
    return body


def defaultdict_missing(rt, o, k):
    """dict_subscript of a counted defaultdict without k: the bound __missing__ holds o
    while defdict_missing calls the factory (borrowed), stores its result under k (+1 on
    k and the value) and returns it (the call's reference). Returns an owned reference."""
    f = _defaultdict.default_factory.__get__(o)
    rt.inc(o)
    try:
        v = _invoke(rt, f)
        try:
            rt._setitem(o, k, v)
        except BaseException:
            rt.dec(v)
            raise
    finally:
        rt.dec(o)
    return v


def _odict_new(rt, f, args, kw):
    """OrderedDict(...): a new, counted OrderedDict; odict_init stores the items as
    update does (each new key held by the dict and by its node), counted by the generic
    before/after snapshot."""
    if f is not _OrderedDict:
        return _generic_fresh(rt, f, args, kw)
    d = _OrderedDict()
    rt._track(d, 1)
    try:
        try:
            _call(rt, _OrderedDict.update, d, *args, **kw)
        finally:
            rt._sync(d, [])             # what update stored, also when it failed part way
    except BaseException:
        rt.dec(d)
        raise
    return d


def _od_move_to_end(rt, o, args, kw):
    """move_to_end relinks a node: no reference changes (the key lookup may run __eq__)."""
    return _call(rt, _OrderedDict.move_to_end, o, *args, **kw)


def _od_popitem(rt, o, args, kw):
    """odict_popitem: the node's reference to the key is dropped; the dict's references
    to the key and the value move into the new (key, value) pair."""
    r = _OrderedDict.popitem(o, *args, **kw)
    rt._track(r, 1)
    rt.dec(r[0])
    return r


def _od_pop(rt, o, args, kw):
    """_odict_popkey_hash: the node's key, then the dict entry's key are dropped, the
    value goes to the caller; a default gets +1 (see _popkey)."""
    if not args or kw or len(args) > 2:
        return _call(rt, _OrderedDict.pop, o, *args, **kw)     # TypeError
    return _popkey(rt, o, args, kw, _OrderedDict.pop, 2)


def _register_collections(rt, s):
    if _deque is None:
        return
    s[_deque] = _deque_new
    for name, body in (('append', _dq_append), ('appendleft', _dq_appendleft),
                       ('extend', _dq_extend_m), ('extendleft', _dq_extendleft_m),
                       ('insert', _dq_insert), ('remove', _dq_remove), ('clear', _dq_clear)):
        m = _deque.__dict__[name]
        s[m] = _when_counted(m, body)
    for name in ('pop', 'popleft'):
        m = _deque.__dict__[name]
        s[m] = _when_counted(m, _dq_pop(m))
    for name in ('copy', '__copy__'):
        m = _deque.__dict__.get(name)
        if m is not None:
            s[m] = _when_counted(m, _dq_copy(m))
    for name in ('count', 'index', 'rotate', 'reverse'):
        m = _deque.__dict__[name]
        s[m] = _when_counted(m, _dq_keeps_nothing(m))
    rt.safe.add(_deque)
    s[_defaultdict] = _defaultdict_new
    rt.safe.add(_defaultdict)
    for name in ('copy', '__copy__'):
        m = _defaultdict.__dict__.get(name)
        if m is not None:
            s[m] = _when_counted(m, _defaultdict_copy(m))
    s[_OrderedDict] = _odict_new
    for m, body in ((_OrderedDict.move_to_end, _od_move_to_end),
                    (_OrderedDict.popitem, _od_popitem), (_OrderedDict.pop, _od_pop)):
        s[m] = _when_counted(m, body, exact=False)
    rt.safe.add(_OrderedDict)
    # (the other OrderedDict methods take the generic snapshot, which counts the nodes'
    # keys; Runtime.fresh lists copy and popitem, which make new objects)


# ---------------------------------------------------------------------- builtins
def _getattr(rt, f, args, kw):
    if kw or len(args) not in (2, 3):
        return _generic_safe(rt, f, args, kw)
    o, name = args[0], args[1]
    rt.inc(o)                           # LOAD_ATTR's stack reference, consumed by ga
    if len(args) == 2:
        return rt.ga(o, name)
    try:
        return rt.ga(o, name)
    except AttributeError:
        rt.inc(args[2])
        return args[2]


def _vars(rt, f, args, kw):
    """vars(o) (builtin_vars_impl): ``o.__dict__`` looked up as an attribute, so an
    instance's dict is materialized and counted as `Runtime.ga` does for ``o.__dict__``
    (left untracked, the reference bound to the result would be uncounted, and the dict
    freed early once a later ``o.__dict__`` started counting it); no ``__dict__`` is a
    TypeError without a context. ``vars()`` itself stays a frame call (`_fc_locals`)."""
    if kw or len(args) != 1:
        return _generic_safe(rt, f, args, kw)
    o = args[0]
    rt.inc(o)                           # LOAD_ATTR's stack reference, consumed by ga
    try:
        return rt.ga(o, '__dict__')
    except AttributeError:
        pass
    raise TypeError('vars() argument must have __dict__ attribute')


def _generic_safe(rt, f, args, kw):
    r = _call(rt, f, *args, **kw)
    rt.hold(r)
    return r


def _setattr(rt, f, args, kw):
    if len(args) != 3 or kw:
        return setattr(*args, **kw)                 # TypeError
    o, name, v = args
    rt._setattr(o, name, v)


def _delattr(rt, f, args, kw):
    if len(args) != 2 or kw:
        return delattr(*args, **kw)                 # TypeError
    o, name = args
    rt._delattr(o, name)


def _type(rt, f, args, kw):
    """type(o) is opaque and safe; type(name, bases, ns) makes a class like a class
    statement, except that the namespace dict stays alive (its values get +1)."""
    r = type(*args, **kw)
    if len(args) == 3 and not rt.tracked(r):
        rt.cls(r)
        for v in r.__dict__.values():
            if type(v) in (staticmethod, classmethod) and not rt.tracked(v):
                v = v.__func__              # type_new wrapped __new__/__init_subclass__
            rt.inc(v)
        return r
    rt.hold(r)
    return r


def _range(rt, f, args, kw):
    """range(...): a new range, counted (it holds only ints; no GC). Its iterator copies
    the bounds (`_iter`, Loop), so `for i in range(n)` frees it at GET_ITER."""
    r = _call(rt, range, *args, **kw)
    rt._track(r, 1)
    return r


def _iter(rt, f, args, kw):
    """iter(o): o's iterator (a builtin one holds o; an object returning itself gets +1);
    iter(callable, sentinel): a callable_iterator holding both; iter(range) holds
    nothing (it copies the bounds)."""
    r = _call(rt, iter, *args)
    if len(args) == 1 and type(args[0]) in (range, str, bytes):
        return r                        # holds no object the heap counts: left untracked,
                                        # so that Loop drives it directly (Loop.plain)
    if type(r) is _GeneratorType and id(r.gi_code) in rt.icodes and not rt.tracked(r):
        # an instrumented __iter__ generator: until its body starts, the generator holds
        # self (as Loop does; `enter` hands it to the frame)
        rt.inc(args[0])
        held = [None, args[0]]
        rt._track(r, 1, held)
        rt._gen_pending.setdefault(r.gi_code, []).append((r, held, 1, ()))
        return r
    if not rt.tracked(r) and not _among(r, args) and type(r) is not _FunctionType:
        rt.adopt_holding(r, args)
    else:
        rt.hold(r)
    return r


def _next(rt, f, args, kw):
    """next(it[, default]): a new reference to the item; at exhaustion the builtin
    iterator drops its container, and the default is returned (+1)."""
    if not 1 <= len(args) <= 2 or kw:
        return _call(rt, next, *args, **kw)         # TypeError
    it = args[0]
    try:
        r = _call(rt, next, it)
    except StopIteration:
        exhausted(rt, it)
        if len(args) < 2:
            raise
        rt.inc(args[1])
        return args[1]
    rt.hold(r, type(it) in _FRESH_ITEMS)
    return r


def _reversed(rt, f, args, kw):
    if len(args) != 1 or kw:
        return _call(rt, reversed, *args, **kw)     # TypeError
    seq = args[0]
    r = _call(rt, reversed, seq)
    if rt.tracked(r) or _among(r, args):
        rt.hold(r)                      # __reversed__ returned something the heap knows
    else:
        rt.adopt_holding(r, () if type(seq) is range else args)    # (it copies the bounds)
    return r


def _minmax(builtin):
    def summary(rt, f, args, kw):
        key = kw.get('key')
        dflt = kw.get('default', U)
        if not args or set(kw) - {'key', 'default'}:
            return _call(rt, builtin, *args, **kw)  # TypeError
        if len(args) == 1:
            src = args[0]
        else:
            src = args
            if dflt is not U:
                return _call(rt, builtin, *args, **kw)     # TypeError
        if key is None and (src is args or type(src) in _PLAIN):
            if not src and dflt is not U:
                rt.inc(dflt)
                return dflt
            r = _call(rt, builtin, src)    # nothing new is created
            rt.inc(r)
            return r
        # min_max: each item (and its key) dies as soon as a better one is found
        less = (lambda a, b: a < b) if builtin is min else (lambda a, b: a > b)
        best = bestv = U
        lp = _loop(rt, src)
        try:
            for item in lp:
                if key is not None:
                    try:
                        v = _invoke(rt, key, item)
                    except BaseException:
                        rt.dec(item)
                        raise
                else:
                    rt.inc(item)
                    v = item
                if best is U:
                    best, bestv = item, v
                    continue
                try:
                    better = _call(rt, less, v, bestv)
                except BaseException:
                    rt.dec(v)
                    rt.dec(item)
                    raise
                if better:
                    rt.dec(bestv)
                    rt.dec(best)
                    best, bestv = item, v
                else:
                    rt.dec(item)
                    rt.dec(v)
                rt.flush()
        except BaseException:
            if best is not U:
                rt.dec(bestv)
                rt.dec(best)
            lp.close()
            raise
        lp.close()
        if best is U:
            if dflt is U:
                raise ValueError('%s() iterable argument is empty' % builtin.__name__)
            rt.inc(dflt)
            return dflt
        rt.dec(bestv)
        return best
    summary.__name__ = '_' + builtin.__name__
    return summary


def _sum(rt, f, args, kw):
    r = _call(rt, sum, *args, **kw)
    _exhaust_args(rt, args)
    start = args[1] if len(args) > 1 else kw.get('start', 0)
    if r is start:
        rt.inc(r)
        return r
    return _new(rt, r)


def _anyall(builtin):
    stop = builtin is any                # the truth value that ends the scan early

    def summary(rt, f, args, kw):
        if len(args) != 1 or kw:
            return _call(rt, builtin, *args, **kw)  # TypeError
        lp = _loop(rt, args[0])
        try:
            for item in lp:
                try:
                    t = _call(rt, bool, item)
                finally:
                    rt.dec(item)
                    rt.flush()
                if t is stop:
                    return stop
        finally:
            lp.close()
        return not stop
    summary.__name__ = '_' + builtin.__name__
    return summary


def _holding(builtin):
    """map/filter/enumerate/zip: a new iterator holding its function and an iterator over
    each iterable (modelled as holding the iterable itself, which that inner iterator
    holds; a range's iterator holds nothing), in the wrapper's dealloc order."""
    def summary(rt, f, args, kw):
        r = _call(rt, builtin, *args, **kw)
        if builtin is map:
            its, rest = args[1:], args[:1]             # map_dealloc: iters, then func
        elif builtin is filter:
            its, rest = args[1:], args[:1]             # filter_dealloc: func, then it
        elif builtin is enumerate:
            its, rest = args[:1], ()
        else:
            its, rest = args, ()
        its = [a for a in its if type(a) is not range]
        held = its + list(rest) if builtin is map else list(rest) + its
        refs = (_Single if len(args) - len(rest) == 1 or builtin is enumerate else list)(
            x for x in held if rt.tracked(x))
        for x in refs:
            rt.inc(x)
        rt._track(r, 1, refs)
        return r
    summary.__name__ = '_' + builtin.__name__
    return summary


def _method_new(rt, f, args, kw):
    """types.MethodType(func, self) (method_new): a new bound method holding func and self,
    +1 on each; it keeps nothing else."""
    r = _call(rt, f, *args, **kw)
    rt.hold(r, True)
    return r


def _copy_copy(rt, f, args, kw):
    """copy.copy loaded before the hook (opaque): list/dict/set copies are new
    containers; immutable objects come back themselves; an instance of an instrumented
    class without copy/pickle hooks becomes a new instance whose __dict__ (and slots)
    hold +1 on every value. Anything else: x escapes and the result is not adopted."""
    x = args[0] if args else None
    r = _call(rt, f, *args, **kw)
    if r is x:
        rt.inc(r)
        return r
    cls = type(x)
    if cls in (list, dict, set, bytearray) or cls in (_deque, _defaultdict, _OrderedDict) or \
            cls in rt.iclasses and type(r) is cls and _plain_reduce(rt, cls):
        rt.hold(r, True)
        return r
    for a in args:
        rt.escape(a)
    rt.hold(r)
    return r


_COPY_HOOKS = ('__copy__', '__reduce_ex__', '__reduce__', '__getstate__', '__setstate__',
               '__getnewargs__', '__getnewargs_ex__', '__new__', '__setattr__')


def _plain_reduce(rt, cls):
    for klass in cls.__mro__[:-1]:
        if klass not in rt.iclasses:
            return False
        for name in _COPY_HOOKS:
            if name in klass.__dict__:
                return False
    return True


# ---------------------------------------------------------------------- frame calls
def _fc_super(rt, r):
    """super(): holds obj, type and obj_type (super_dealloc's order)."""
    if rt.tracked(r):
        rt.inc(r)
        return r
    refs = []
    obj = getattr(r, '__self__', None)
    if obj is not None:
        refs.append(obj)
    refs.append(r.__thisclass__)
    oc = getattr(r, '__self_class__', None)
    if oc is not None:
        refs.append(oc)
    rt.adopt_holding(r, refs)
    return r


def _fc_locals(rt, r):
    """locals() in a function: the frame's locals dict, +1 on each value (the rewriter's
    own temporaries left out); at module or class level the namespace itself."""
    try:
        optimized = _sys._getframe(2).f_code.co_flags & 0x1     # CO_OPTIMIZED: a function
    except (AttributeError, ValueError):
        optimized = False
    if not optimized or type(r) is not dict or rt.tracked(r) or '_rc' in r:
        rt.hold(r)                      # a module or class namespace: the mapping itself
        return r
    # a copy: the runtime's own locals() calls (at frame exit) refresh the frame's dict
    d = {k: v for k, v in r.items() if not (type(k) is str and k.startswith('_rc_'))}
    rt.adopt(d)
    return d


def _fc_res(rt, r):
    return rt.res(r)


# ---------------------------------------------------------------------- the tables
#: Builtins whose generic "safe" handling is exact: no reference kept, the result is
#: atomic or an existing object that gets +1 (verified case by case in the tests).
#: (The builtins with summaries are listed too: `callx` and the escape rules consult it.)
SAFE = ('print', 'len', 'repr', 'str', 'int', 'float', 'bool', 'hash', 'id', 'isinstance',
        'issubclass', 'hasattr', 'callable', 'abs', 'ord', 'chr', 'format', 'divmod',
        'round', 'ascii', 'bin', 'hex', 'oct',
        'type', 'min', 'max', 'sum', 'any', 'all', 'sorted', 'list', 'tuple', 'dict', 'set',
        'frozenset', 'getattr', 'iter', 'next', 'range', 'enumerate', 'zip', 'reversed')

#: Methods of list/dict/set whose generic before/after snapshot is exact (the container
#: gains/drops references; their result is atomic, None, or fresh and adopted).
GENERIC_METHODS = (list.remove, list.index, list.count, list.clear, list.copy,
                   list.reverse, dict.copy, dict.clear,
                   set.discard, set.remove, set.clear, set.copy, set.union,
                   set.intersection, set.difference, set.symmetric_difference,
                   set.update, set.intersection_update, set.difference_update,
                   set.symmetric_difference_update, set.isdisjoint, set.issubset,
                   set.issuperset)


def register(rt):
    """Install every summary into the runtime `rt` (called by Runtime.__init__)."""
    s = rt.summaries
    b = _builtins
    for name in SAFE:
        rt.safe.add(getattr(b, name))
    # builtin functions and types
    s[setattr] = _setattr
    s[delattr] = _delattr
    s[type] = _type
    s[getattr] = _getattr
    s[vars] = _vars
    s[iter] = _iter
    s[range] = _range
    s[next] = _next
    s[sorted] = _sorted
    s[reversed] = _reversed
    s[min] = _minmax(min)
    s[max] = _minmax(max)
    s[sum] = _sum
    s[any] = _anyall(any)
    s[all] = _anyall(all)
    for f in (map, filter, enumerate, zip):
        s[f] = _holding(f)
    s[list] = _list_new
    s[tuple] = _tuple_new
    s[set] = _set_new
    s[frozenset] = _set_new
    s[dict] = _dict_new
    s[dict.fromkeys] = _dict_fromkeys
    s[_MethodType] = _method_new
    _register_collections(rt, s)
    # methods of builtin types: s(rt, o, args, kw)
    s[list.append] = _list_append
    s[list.insert] = _list_insert
    s[list.extend] = _list_extend
    s[list.pop] = _list_pop
    s[list.sort] = _list_sort
    s[dict.get] = _dict_get
    s[dict.setdefault] = _dict_setdefault
    s[dict.pop] = _dict_pop
    s[dict.popitem] = _dict_popitem
    s[dict.update] = _dict_update
    for m in (dict.keys, dict.values, dict.items):
        s[m] = _view(m)
    s[set.add] = _set_add
    s[set.pop] = _set_pop
    for m in (tuple.index, tuple.count, frozenset.isdisjoint, frozenset.issubset,
              frozenset.issuperset):
        s[m] = _pure(m)
    for m in (frozenset.copy, frozenset.union, frozenset.intersection,
              frozenset.difference, frozenset.symmetric_difference):
        s[m] = _fresh_method(m)
    copy = _sys.modules.get('copy')
    cc = getattr(copy, 'copy', None)
    if cc is not None and not (type(cc) is _FunctionType and id(cc.__code__) in rt.icodes):
        s[cc] = _copy_copy
    rt.frame_summaries = {'super': _fc_super, 'locals': _fc_locals,
                          'globals': _fc_res, 'vars': _fc_locals}
    rt.exhausted = lambda it: exhausted(rt, it)
    rt.deque_iadd = lambda o, other: deque_iadd(rt, o, other)
    rt.defaultdict_missing = lambda o, k: defaultdict_missing(rt, o, k)


def count():
    """How many callables have a summary or a verified table entry (for reports)."""
    class _R:
        summaries = {}
        safe = set()
        icodes = {}
    r = _R()
    register(r)
    return len(r.summaries) + len(r.safe) + len(GENERIC_METHODS) + len(r.frame_summaries)
