# refgc: the Python half of the object-model adapter.
#
# Executed once per context by bootstrap.py, in a private namespace (never a module
# in sys.modules). Java calls the functions below from inside heap operations:
# traverse, clear, finalize, weakref callbacks, gc.callbacks, debug output and
# unraisable reports. The gc/_weakref/_refgc/sys shims use the argument-parsing
# helpers so that their errors match CPython 3.12's C argument parsers exactly.

import sys

_object_getattribute = object.__getattribute__
_NoneType = type(None)
_FunctionType = type(lambda: 0)
_CellType = type((lambda x: lambda: x)(0).__closure__[0])


class _M:
    def m(self):
        pass


_MethodType = type(_M().m)
_ModuleType = type(sys)


def _gen():
    yield


_GeneratorType = type(_gen())
_HEAPTYPE = 1 << 9

try:
    # collections.deque and collections.defaultdict (builtin types under GraalPy, heap types
    # in CPython 3.12, whose instances visit their type first)
    import _collections
    _deque = _collections.deque
    _defaultdict = _collections.defaultdict
    _OrderedDict = _collections.OrderedDict
except (ImportError, AttributeError):     # pragma: no cover
    _deque = _defaultdict = _OrderedDict = None

# Values CPython never tracks and GraalPy merges by identity (DESIGN.md, contract rule 2).
ATOMIC_TYPES = frozenset([int, float, complex, str, bytes, bool, _NoneType,
                          type(Ellipsis), type(NotImplemented)])


# Python classes that stand in for CPython static types (the weak reference types).
FAKE_BUILTINS = set()
TP_NAMES = {}


def is_heap_type(t):
    return bool(t.__flags__ & _HEAPTYPE) and t not in FAKE_BUILTINS


def tp_name(t):
    """CPython's tp_name: a heap type's __name__; 'module.Name' for static types outside builtins."""
    n = TP_NAMES.get(t)
    if n is not None:
        return n
    if is_heap_type(t):
        return t.__name__
    m = getattr(t, '__module__', 'builtins')
    return t.__name__ if m == 'builtins' or not isinstance(m, str) else m + '.' + t.__name__


def register_weakref_types(ref, proxy, callable_proxy):
    global _KIND_BASES
    for t, n in ((ref, 'weakref.ReferenceType'), (proxy, 'weakref.ProxyType'),
                 (callable_proxy, 'weakref.CallableProxyType')):
        FAKE_BUILTINS.add(t)
        TP_NAMES[t] = n
    _KIND_BASES = ((ref, 'weakref'), (proxy, 'weakref')) + _KIND_BASES
    _kind_cache.clear()


# ---------------------------------------------------------------- unraisable errors

def write_unraisable(exc, obj, err_msg=None, skip_frames=1):
    """PyErr_WriteUnraisable: report exc through sys.unraisablehook.

    The traceback drops the first skip_frames entries (the refgc frame that caught the
    exception), so the report starts at the failing user frame, as in CPython."""
    tb = exc.__traceback__
    for _ in range(skip_frames):
        if tb is not None:
            tb = tb.tb_next
    try:
        exc.__traceback__ = tb
    except Exception:
        pass
    args = sys.UnraisableHookArgs((type(exc), exc, tb, err_msg, obj))
    hook = getattr(sys, 'unraisablehook', None)
    if hook is None:
        hook = sys.__unraisablehook__
    try:
        hook(args)
    except BaseException as e2:
        # CPython: an error in the hook is reported by the default hook.
        sys.__unraisablehook__(sys.UnraisableHookArgs(
            (type(e2), e2, e2.__traceback__, "Exception ignored in sys.unraisablehook", hook)))
        exception_cleared(e2)
    # the report is done: the exception is cleared (its last reference, unless the hook
    # kept it), and with it its traceback and the frames that traceback holds
    exception_cleared(exc)


def exception_cleared(exc):
    """C code cleared exc after catching it (PyErr_Clear): the instrumenting runtime drops
    the reference of the exception in flight (refgc_backend sets this; no-op without it)."""


def report_error(exc, where):
    """An exception that escaped a heap callback (Java side); where names the callback."""
    write_unraisable(exc, None, "Exception ignored in: " + where, 0)


# ---------------------------------------------------------------- kinds of objects

# The builtin base that decides how an object is traversed, cleared and sized.
_KIND_BASES = (
    (list, 'list'), (tuple, 'tuple'), (dict, 'dict'), (set, 'set'), (frozenset, 'set'),
    (_FunctionType, 'function'), (_MethodType, 'method'), (_ModuleType, 'module'),
    (type, 'type'), (_CellType, 'cell'), (BaseException, 'exception'),
    (_GeneratorType, 'generator'),
) + (((_deque, 'deque'),) if _deque is not None else ())

_kind_cache = {}


def _builtin_base(t):
    for c in t.__mro__:
        if not is_heap_type(c):
            return c
    return object


def kind_of_type(t):
    k = _kind_cache.get(t)
    if k is None:
        # the instrumenting compiler's parts (refgc_compiler.runtime.Part): CPython objects
        # modelled by a stand-in ('part', 'part-tuple', 'part-dict')
        k = getattr(t, '_refgc_part', None)
        if type(k) is not str:
            base = _builtin_base(t)
            k = 'object'
            for b, name in _KIND_BASES:
                if base is b or issubclass(base, b):
                    k = name
                    break
        _kind_cache[t] = k
    return k


#: ids of instance dicts the instrumenting compiler made heap objects of (an instance's
#: ``__dict__`` once materialized): the instance then visits its dict, not the values.
MATERIALIZED = set()


def _mangle(cls, name):
    if name.startswith('__') and not name.endswith('__'):
        stripped = cls.__name__.lstrip('_')
        if stripped:
            return '_' + stripped + name
    return name


_slot_cache = {}


def slot_descriptors(t):
    """Member descriptors of the user-defined __slots__ of t, in CPython's traverse
    order (most derived class first, then each class's slots in declaration order)."""
    d = _slot_cache.get(t)
    if d is None:
        d = []
        for c in t.__mro__:
            if not is_heap_type(c):
                continue
            s = c.__dict__.get('__slots__')
            if s is None:
                continue
            if isinstance(s, str):
                s = (s,)
            for n in s:
                if n in ('__dict__', '__weakref__'):
                    continue
                desc = c.__dict__.get(_mangle(c, n))
                if desc is not None:
                    d.append(desc)
        d = tuple(d)
        _slot_cache[t] = d
    return d


def _instance_dict(o):
    try:
        return _object_getattribute(o, '__dict__')
    except (AttributeError, TypeError):
        return None


def _instance_part(o, t, out):
    """subtype_traverse: slots, then the (managed) dict's values."""
    for desc in slot_descriptors(t):
        try:
            out.append(desc.__get__(o, t))
        except AttributeError:
            pass
    _instance_dict_refs(o, out)


def _instance_dict_refs(o, out):
    """What o's instance dict (an OrderedDict's od_inst_dict too) holds for o: the dict
    object once the instrumenting compiler made it one (MATERIALIZED), else its values."""
    d = _instance_dict(o)
    if type(d) is dict:
        if id(d) in MATERIALIZED:
            out.append(d)
        else:
            out.extend(dict.values(d))


def _odict_nodes(o, out):
    """The keys the OrderedDict's linked list holds (one reference per node), in its
    order (which move_to_end changes; the dict's own order stays)."""
    out.extend(_OrderedDict.__iter__(o))


def _dict_items(d, out):
    # dict_traverse: a str-keys-only table visits values only; otherwise value, then key.
    keys = dict.keys(d)
    if all(type(k) is str for k in keys):
        out.extend(dict.values(d))
    else:
        for k, v in dict.items(d):
            out.append(v)
            out.append(k)


def _own_dict(o, with_type, out):
    # The instance dict of a builtin-typed object (function, exception, namespace): CPython
    # visits the dict object; the heap models attributes as held by the object itself, as for
    # instances of user classes (attribute stores count against the object), so it visits values.
    d = _instance_dict(o)
    if type(d) is dict and d:
        if with_type:
            out.append(d)
        else:
            out.extend(dict.values(d))


def referents(o, with_type=True):
    """The objects o's tp_traverse would visit in CPython 3.12, in its order.

    with_type adds the object's class for instances of user classes (gc.get_referents);
    the heap's own traversal leaves it out, because class references of instances
    are not counted (see RefgcRuntime's javadoc)."""
    t = type(o)
    k = kind_of_type(t)
    if k[:4] == 'part':
        return list(o.traverse())
    out = []
    heap = is_heap_type(t)
    if heap:
        _instance_part(o, t, out)
        if with_type:
            out.append(t)
    if k == 'list' or k == 'tuple':
        # list_traverse and tupletraverse visit the items from last to first
        items = list(list.__iter__(o) if k == 'list' else tuple.__iter__(o))
        items.reverse()
        out.extend(items)
    elif k == 'dict':
        if _defaultdict is not None and isinstance(o, _defaultdict):
            # defdict_traverse: the (heap) type, default_factory, then the dict's entries
            if with_type and not heap:
                out.append(t)
            f = _defaultdict.default_factory.__get__(o)
            if f is not None:
                out.append(f)
        elif _OrderedDict is not None and isinstance(o, _OrderedDict):
            # odict_traverse: od_inst_dict (a subclass's dict is the instance part), each
            # node's key, then the dict's entries
            if not heap:
                _instance_dict_refs(o, out)
            _odict_nodes(o, out)
        _dict_items(o, out)
    elif k == 'deque':
        # deque_traverse: the (heap) type, then the items from left to right
        if with_type and not heap:
            out.append(t)
        out.extend(_deque.__iter__(o))
    elif k == 'set':
        out.extend(set.__iter__(o) if isinstance(o, set) else frozenset.__iter__(o))
    elif k == 'function':
        if not with_type:
            return out                      # the heap's view: its parts (InstrumentHost)
        # func_traverse's order; absent (NULL) fields are skipped.
        for v in (o.__code__, o.__globals__, o.__module__, o.__defaults__, o.__kwdefaults__,
                  o.__doc__, o.__name__):
            if v is not None:
                out.append(v)
        _own_dict(o, with_type, out)
        for v in (o.__closure__, o.__qualname__):
            if v is not None:
                out.append(v)
    elif k == 'method':
        out.append(o.__func__)
        out.append(o.__self__)
    elif k == 'cell':
        try:
            out.append(o.cell_contents)
        except ValueError:
            pass
    elif k == 'module':
        d = _instance_dict(o)
        if d is not None:
            out.append(d)
    elif k == 'type':
        if not with_type:
            return out                      # the heap's view: its parts (InstrumentHost)
        # type_traverse: the class dict, MRO and bases (the dict is exposed as a proxy).
        out.append(o.__mro__)
        out.append(o.__bases__)
    elif k == 'exception':
        if not heap:
            _own_dict(o, with_type, out)
        # BaseException_traverse: dict, args, notes, traceback, cause, context. (The
        # heap's view: args and traceback are parts, see InstrumentHost; cause and context
        # are not counted.)
        if with_type:
            out.append(o.args)
            for v in (o.__traceback__, o.__cause__, o.__context__):
                if v is not None:
                    out.append(v)
    elif k == 'weakref':
        if with_type:
            cb = o.__callback__
            if cb is not None:
                out.append(cb)
    elif k == 'object' and not heap:
        _own_dict(o, with_type, out)
    elif k == 'generator':
        f = o.gi_frame
        if f is not None:
            out.extend(f.f_locals.values())
    return out


def _packed(ids):
    """A traversal's result as Java reads it cheaply: 0 when there are no ids, the id
    itself when there is one (a number crosses to Java without further calls back), else the
    list."""
    if len(ids) > 1:
        return ids
    return ids[0] if ids else 0


def traverse_ids(o):
    """ids of the heap-relevant referents of o (Java keeps those that are handles)."""
    return _packed([id(x) for x in referents(o, False) if type(x) not in ATOMIC_TYPES])


def _traverse_plain_instance(o):
    try:
        d = _object_getattribute(o, '__dict__')
    except AttributeError:
        return 0
    if id(d) in MATERIALIZED:
        return id(d)
    return _packed([id(x) for x in dict.values(d) if type(x) not in ATOMIC_TYPES])


def _traverse_list(o):
    out = [id(x) for x in list.__iter__(o) if type(x) not in ATOMIC_TYPES]
    out.reverse()
    return _packed(out)


def _traverse_tuple(o):
    out = [id(x) for x in tuple.__iter__(o) if type(x) not in ATOMIC_TYPES]
    out.reverse()
    return _packed(out)


def _traverse_part(o):
    return _packed([id(x) for x in o.traverse() if type(x) not in ATOMIC_TYPES])


def release_ids(o):
    """The ids traverse_ids reports for a dict (or an instance of a dict subclass), in
    deallocation order: free_keys_object releases each entry's key, then its value
    (dict_traverse visits the value first)."""
    t = type(o)
    out = []
    if is_heap_type(t):
        _instance_part(o, t, out)
    if _defaultdict is not None and isinstance(o, _defaultdict):
        f = _defaultdict.default_factory.__get__(o)     # defdict_dealloc: the factory first
        if f is not None:
            out.append(f)
    elif _OrderedDict is not None and isinstance(o, _OrderedDict):
        # odict_dealloc: od_inst_dict, the nodes' keys, then the dict's entries
        if not is_heap_type(t):
            _instance_dict_refs(o, out)
        _odict_nodes(o, out)
    keys = dict.keys(o)
    if all(type(k) is str for k in keys):
        out.extend(dict.values(o))
    else:
        for k, v in dict.items(o):
            out.append(k)
            out.append(v)
    return _packed([id(x) for x in out if type(x) not in ATOMIC_TYPES])


def traverser_for(t):
    """The traverse function Java calls for instances of t: a specialised one for the common
    shapes (plain instances with a dict and no slots, exact lists and tuples), else traverse_ids."""
    if t is list:
        return _traverse_list
    if t is tuple:
        return _traverse_tuple
    if kind_of_type(t)[:4] == 'part':
        return _traverse_part
    if is_heap_type(t) and kind_of_type(t) == 'object' and not slot_descriptors(t) \
            and _has_managed_dict_or_weakref(t):
        return _traverse_plain_instance
    return traverse_ids


def _clear_instance_dict(o, dropped):
    """Drops what o's instance dict holds for o, adding the ids to dropped: a materialized
    dict is its own object, whose reference is dropped (o gets an empty dict); otherwise
    its values are."""
    d = _instance_dict(o)
    if type(d) is not dict:
        return
    if id(d) in MATERIALIZED:
        try:
            object.__setattr__(o, '__dict__', {})
            dropped.append(id(d))
        except (AttributeError, TypeError):
            pass
    elif d:
        vals = list(dict.values(d))
        dict.clear(d)
        dropped.extend(id(v) for v in vals)


def clear_ids(o):
    """tp_clear: drop o's references for real and return the ids of what was dropped,
    in the order CPython's tp_clear releases them (Java decrefs those in the heap)."""
    t = type(o)
    dropped = []
    k = kind_of_type(t)
    if k[:4] == 'part':
        return [id(x) for x in o.clear() if type(x) not in ATOMIC_TYPES]
    if is_heap_type(t):
        # subtype_clear: slots (most derived first), then the instance dict.
        for desc in slot_descriptors(t):
            try:
                v = desc.__get__(o, t)
            except AttributeError:
                continue
            desc.__delete__(o)
            dropped.append(id(v))
        _clear_instance_dict(o, dropped)
    if k == 'list':
        items = list(list.__iter__(o))
        list.clear(o)
        dropped.extend(id(v) for v in reversed(items))  # _list_clear releases from the end
    elif k == 'dict':
        if _defaultdict is not None and isinstance(o, _defaultdict):
            # defdict_tp_clear: Py_CLEAR(default_factory), then the dict's clear
            f = _defaultdict.default_factory.__get__(o)
            if f is not None:
                _defaultdict.default_factory.__set__(o, None)
                dropped.append(id(f))
        if _OrderedDict is not None and isinstance(o, _OrderedDict):
            # odict_tp_clear: od_inst_dict, PyDict_Clear (each key, then its value), then
            # the nodes' keys (a subclass's instance dict was cleared above)
            if not is_heap_type(t):
                _clear_instance_dict(o, dropped)
            items = []
            for kk, v in dict.items(o):
                items.append(kk)
                items.append(v)
            nodes = list(_OrderedDict.__iter__(o))
            _OrderedDict.clear(o)
            dropped.extend(id(v) for v in items + nodes)
            return dropped
        items = []
        _dict_items(o, items)
        dict.clear(o)
        dropped.extend(id(v) for v in items)
    elif k == 'deque':
        items = list(_deque.__iter__(o))
        _deque.clear(o)
        dropped.extend(id(v) for v in items)      # deque_clear releases from the left
    elif k == 'set' and isinstance(o, set):
        items = list(set.__iter__(o))
        set.clear(o)
        dropped.extend(id(v) for v in items)
    elif k == 'function':
        pass            # func_clear drops the function's parts (ObjectAdapter.clearParts)
    elif k == 'cell':
        try:
            v = o.cell_contents
            del o.cell_contents
            dropped.append(id(v))
        except ValueError:
            pass
    elif k == 'exception':
        # BaseException_clear: dict, args, traceback, cause, context.
        if not is_heap_type(t):
            d = _instance_dict(o)
            if type(d) is dict and d:
                vals = list(dict.values(d))
                dict.clear(d)
                dropped.extend(id(v) for v in vals)
        pass    # args and traceback are parts (ObjectAdapter.clearParts)
    elif k == 'object' and not is_heap_type(t):
        d = _instance_dict(o)
        if type(d) is dict and d:
            vals = list(dict.values(d))
            dict.clear(d)
            dropped.extend(id(v) for v in vals)
    return dropped


def finalize(o):
    """slot_tp_finalize: call type(o).__del__(o); errors go to sys.unraisablehook."""
    try:
        d = type(o).__del__
    except AttributeError:
        return
    try:
        d(o)
    except BaseException as e:
        write_unraisable(e, d)


def legacy_finalize(o):
    """tp_del of classes marked with _refgc.with_tp_del (as _testcapi.with_tp_del)."""
    d = type(o).__tp_del__
    try:
        d(o)
    except BaseException as e:
        write_unraisable(e, d)


legacy_types = set()


def describe_type(t):
    """(kind, name, is_gc, has_finalizer, has_legacy_finalizer, fixed_size, variable,
    traverser, free_list_capacity) for ObjectType creation. fixed_size is the accounting
    size of an instance without items (basicsize plus managed-dict pre-header); variable
    tells Java how items add to it: 'list'/'tuple' per item (computed in Java), 'model'
    (ask model_size), or ''. free_list_capacity: CPython 3.12 keeps up to 80 dead exact
    lists and dicts for reuse (PyList_MAXFREELIST, PyDict_MAXFREELIST), which changes
    generation 0's count (ObjectType.freeListCapacity)."""
    k = kind_of_type(t)
    heap = is_heap_type(t)
    has_del = heap and hasattr(t, '__del__')
    legacy = any(c in legacy_types for c in t.__mro__)
    gc = heap or k != 'object' or t in GC_BUILTIN_TYPES
    base = _builtin_base(t)
    fixed = _base_basicsize(base) + 8 * _user_slots(t)
    if heap and _has_managed_dict_or_weakref(t):
        fixed += 16
    if base is list or base is tuple:
        variable = base.__name__
    elif base in (dict, set, frozenset, int, bool, str, bytes, bytearray) or \
            base is _defaultdict or base is _deque:
        variable = 'model'
    else:
        variable = ''
    free_list = _FREE_LIST_CAPACITY.get(t, 0)
    return (k, tp_name(t), gc, has_del, legacy, fixed, variable, traverser_for(t), free_list)


_FREE_LIST_CAPACITY = {list: 80, dict: 80}


def maybe_untrack(o):
    """_PyTuple_MaybeUntrack / _PyDict_MaybeUntrack: True when no element may be tracked.
    The collector only untracks exact tuples and dicts (untrack_tuples, untrack_dicts):
    an instance of a subclass stays tracked (the compiler's tuple and dict parts stand for
    exact ones)."""
    is_tracked_id = host.mayBeTrackedId
    items = []
    if kind_of_type(type(o))[:4] == 'part':
        items = o.refs
    elif is_heap_type(type(o)) or type(o) is not dict and type(o) is not tuple:
        return False                    # (defaultdict, OrderedDict: never untracked)
    elif isinstance(o, dict):
        _dict_items(o, items)
    else:
        items = list(o)
    for x in items:
        if type(x) in ATOMIC_TYPES:
            continue
        if is_tracked_id(id(x)) != 0:  # tracked, or a container the heap does not know
            return False
    return True


# ---------------------------------------------------------------- weakref callbacks

# A proxy forwards attribute access to its referent, so the weak reference's own slots
# are read and written through object's slot functions, never through its type's.
_ref_get = object.__getattribute__
_ref_set = object.__setattr__


def invoke_weakref_callback(ref):
    cb = _ref_get(ref, '_refgc_cb')
    _ref_set(ref, '_refgc_cb', None)
    if cb is None:
        return
    try:
        cb(ref)
    except BaseException as e:
        write_unraisable(e, cb)


def weakref_freed(ref):
    """The heap freed a weak reference object: detach the Python object from its handle."""
    _ref_set(ref, '_refgc_h', 0)
    _ref_set(ref, '_refgc_cb', None)


# ---------------------------------------------------------------- gc.callbacks, garbage, debug

callbacks = []
garbage = []


def run_gc_callbacks(phase, generation, collected, uncollectable):
    """invoke_gc_callback: every callable in gc.callbacks gets (phase, info)."""
    if not callbacks:
        return
    info = {"generation": generation, "collected": collected, "uncollectable": uncollectable}
    i = 0
    while i < len(callbacks):
        cb = callbacks[i]
        try:
            cb(phase, info)
        except BaseException as e:
            write_unraisable(e, cb)
        i += 1


def stderr_write(text):
    err = getattr(sys, 'stderr', None)
    if err is None:
        sys.__stderr__.write(text)
    else:
        err.write(text)


def debug_repr(o):
    return "<%s %s>" % (tp_name(type(o)), hex(id(o)))


host = None  # the RefgcHost, set by bootstrap.install


def garbage_ids():
    return [id(x) for x in garbage]


# ---------------------------------------------------------------- argument parsing (CPython 3.12 messages)

def _index(v):
    """PyNumber_Index with CPython's message."""
    if type(v) is int or type(v) is bool:
        return int(v)
    try:
        f = type(v).__index__
    except AttributeError:
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(v).__name__) from None
    r = f(v)
    if not isinstance(r, int):
        raise TypeError("__index__ returned non-int (type %s)" % type(r).__name__)
    return int(r)


INT_MAX = 2 ** 31 - 1
INT_MIN = -2 ** 31
LONG_MAX = 2 ** 63 - 1
LONG_MIN = -2 ** 63


def as_c_int(v):
    """_PyLong_AsInt (Argument Clinic's int converter)."""
    i = _index(v)
    if i > INT_MAX or i < INT_MIN:
        raise OverflowError("Python int too large to convert to C int")
    return i


def as_format_i(v):
    """PyArg_Parse format unit 'i'."""
    i = _index(v)
    if i > LONG_MAX or i < LONG_MIN:
        raise OverflowError("Python int too large to convert to C long")
    if i > INT_MAX:
        raise OverflowError("signed integer is greater than maximum")
    if i < INT_MIN:
        raise OverflowError("signed integer is less than minimum")
    return i


def as_optional_ssize_t(v):
    """_Py_convert_optional_to_ssize_t: None or an index-sized integer; None gives -1."""
    if v is None:
        return -1
    try:
        f = type(v).__index__
    except AttributeError:
        raise TypeError("argument should be integer or None, not '%s'" % type(v).__name__) from None
    i = _index(v)
    if i > LONG_MAX or i < LONG_MIN:
        raise OverflowError("cannot fit '%s' into an index-sized integer" % type(v).__name__)
    return i


def check_noargs(qualname, args, kwargs):
    """METH_NOARGS: keyword check first, then the count."""
    if kwargs:
        raise TypeError("%s() takes no keyword arguments" % qualname)
    if args:
        raise TypeError("%s() takes no arguments (%d given)" % (qualname, len(args)))


def check_o(qualname, args, kwargs):
    """METH_O: exactly one positional argument."""
    if kwargs:
        raise TypeError("%s() takes no keyword arguments" % qualname)
    if len(args) != 1:
        raise TypeError("%s() takes exactly one argument (%d given)" % (qualname, len(args)))
    return args[0]


def check_varargs(name, kwargs):
    """METH_VARARGS without METH_KEYWORDS."""
    if kwargs:
        raise TypeError("%s() takes no keyword arguments" % name)


def parse_keywords(fname, args, kwargs, kwlist, nrequired):
    """vgetargskeywords / _PyArg_UnpackKeywords for all-positional-or-keyword parameters.

    Returns a list with one entry per kwlist name, None for absent optional ones."""
    nargs = len(args)
    nkw = len(kwargs)
    n = len(kwlist)
    if nargs + nkw > n:
        raise TypeError("%s() takes at most %d %sargument%s (%d given)"
                        % (fname, n, "keyword " if nargs == 0 else "", "" if n == 1 else "s", nargs + nkw))
    out = [None] * n
    remaining = nkw
    for i in range(n):
        if i < nargs:
            out[i] = args[i]
            continue
        if remaining and kwlist[i] in kwargs:
            out[i] = kwargs[kwlist[i]]
            remaining -= 1
            continue
        if i < nrequired:
            raise TypeError("%s() missing required argument '%s' (pos %d)" % (fname, kwlist[i], i + 1))
        if not remaining:
            return out
    for i in range(nargs):
        if kwlist[i] in kwargs:
            raise TypeError("argument for %s() given by name ('%s') and position (%d)"
                            % (fname, kwlist[i], i + 1))
    for k in kwargs:
        if type(k) is not str:
            raise TypeError("keywords must be strings")
        if k not in kwlist:
            raise TypeError("'%s' is an invalid keyword argument for %s()" % (k, fname))
    return out



# ---------------------------------------------------------------- gc predicates for objects outside the heap

def is_gc_object(o):
    """_PyObject_IS_GC: instances of GC types (containers, user classes, functions, ...)."""
    t = type(o)
    if t in ATOMIC_TYPES:
        return False
    return is_heap_type(t) or kind_of_type(t) != 'object' or t in GC_BUILTIN_TYPES


def untracked_is_tracked(o):
    """gc.is_tracked for an object the heap does not know: what CPython 3.12 would say for a
    fresh object of its type (dicts and tuples of atomic values are untracked)."""
    if not is_gc_object(o):
        return False
    k = kind_of_type(type(o))
    if k == 'tuple' and type(o) is tuple:
        return any(type(x) not in ATOMIC_TYPES for x in o)
    if k == 'dict' and type(o) is dict:
        return any(type(x) not in ATOMIC_TYPES for kv in o.items() for x in kv)
    return True


# ---------------------------------------------------------------- sys.getrefcount for objects outside the heap

IMMORTAL_REFCNT = 4294967295  # _Py_IMMORTAL_REFCNT on 64-bit CPython 3.12


def _interned_like(s):
    # Code constants made only of name characters are interned, and interned strings are
    # immortal in 3.12; so are the empty string and the 1-character Latin-1 strings.
    if len(s) <= 1:
        return len(s) == 0 or ord(s) < 256
    return s.isascii() and (s.replace('_', 'a').isalnum())


def is_immortal(o):
    t = type(o)
    if o is None or o is True or o is False or o is Ellipsis or o is NotImplemented:
        return True
    if t is int:
        return -5 <= o <= 256
    if t is str:
        return _interned_like(o)
    if t is bytes:
        return len(o) <= 1
    if t is tuple:
        return len(o) == 0
    if t is type:
        return not is_heap_type(o) and o.__module__ == 'builtins'
    return False


# ---------------------------------------------------------------- sys.getsizeof (CPython 3.12, 64-bit)

# Types CPython allocates with a GC header that kind_of_type does not already cover.
GC_BUILTIN_TYPES = set()
for _t in (type(iter([])), type(iter(())), type(iter({})), type(iter(set())), slice, property, type(len),
           staticmethod, classmethod, super, memoryview, type(_gen().gi_frame), enumerate,
           reversed, zip, map, filter, type({}.keys()), type({}.values()), type({}.items())):
    GC_BUILTIN_TYPES.add(_t)
del _t

_FIXED_SIZES = {
    object: 16, _NoneType: 16, type(Ellipsis): 16, type(NotImplemented): 16,
    float: 24, complex: 32, range: 48, slice: 40, property: 64, staticmethod: 32,
    classmethod: 32, memoryview: 168, super: 40,
    type(iter([])): 32, type(iter(())): 32, type(iter({})): 56, type(iter(set())): 48,
    type(len): 56, enumerate: 56, zip: 48, map: 32, reversed: 32,
    type({}.keys()): 24, type({}.values()): 24, type({}.items()): 24,
}
_KIND_FIXED = {'function': 144, 'method': 32, 'module': 56, 'cell': 24, 'weakref': 64,
               'exception': 64, 'generator': 88, 'type': 1688}


def _int_size(v):
    n = abs(int(v)).bit_length()
    digits = max(1, (n + 29) // 30)
    return 24 + 4 * digits


def _str_size(s):
    n = len(s)
    if s.isascii():
        return 40 + n + 1
    m = max(map(ord, s))
    width = 1 if m < 256 else (2 if m < 65536 else 4)
    return 56 + width * (n + 1)


def _dict_size(d, basic):
    n = len(d)
    if n == 0:
        return basic
    size = 8
    while size * 2 // 3 < n:
        size *= 2
    usable = size * 2 // 3
    index_bytes = size * (1 if size <= 128 else 2 if size <= 2 ** 16 else 4 if size <= 2 ** 32 else 8)
    entry = 16 if all(type(k) is str for k in d) else 24
    return basic + 32 + index_bytes + usable * entry


def _set_size(s, basic):
    # set_add_entry grows the 8-entry small table when fill*5 >= mask*3, to the next power of
    # two above used*4 (used*2 past 50000 entries).
    n = len(s)
    size = 8
    fill = 0
    while True:
        grow_at = -(-(size - 1) * 3 // 5)  # smallest fill with fill*5 >= mask*3
        if n < grow_at:
            break
        fill = grow_at
        minused = fill * 4 if fill <= 50000 else fill * 2
        size = 8
        while size <= minused:
            size <<= 1
    return basic + (size * 16 if size > 8 else 0)


def _user_slots(t):
    n = 0
    for c in t.__mro__:
        if is_heap_type(c):
            s = c.__dict__.get('__slots__')
            if s is None:
                continue
            if isinstance(s, str):
                s = (s,)
            n += sum(1 for x in s if x not in ('__dict__', '__weakref__'))
    return n


def _has_managed_dict_or_weakref(t):
    # Py_TPFLAGS_MANAGED_DICT / MANAGED_WEAKREF: a user class without __slots__ somewhere in
    # its MRO, or with '__dict__'/'__weakref__' among its slots, gets the 2-pointer pre-header.
    for c in t.__mro__:
        if not is_heap_type(c):
            continue
        s = c.__dict__.get('__slots__')
        if s is None:
            return True
        if isinstance(s, str):
            s = (s,)
        if '__dict__' in s or '__weakref__' in s:
            return True
    return False


def _base_basicsize(base):
    k = kind_of_type(base)
    if base is list:
        return 40
    if base is tuple:
        return 24
    if base is dict:
        return 48
    if base is _defaultdict:
        return 56                       # defdictobject: the dict and default_factory
    if base is _deque:
        return 216                      # dequeobject (its blocks are counted apart)
    if base is set or base is frozenset:
        return 200
    if base is int or base is bool:
        return 24
    if base is bytes:
        return 33
    if base is str:
        return 40
    if base is bytearray:
        return 56
    if base in _FIXED_SIZES:
        return _FIXED_SIZES[base]
    return _KIND_FIXED.get(k, 16)


def builtin_sizeof(o, base):
    """What the builtin base type's __sizeof__ returns for o (basicsize of type(o) included)."""
    t = type(o)
    basic = _base_basicsize(base) + 8 * _user_slots(t)
    if base is list:
        n = len(o)
        return basic + 8 * ((n + 1) & ~1)  # exact preallocation rounded to even (list_preallocate_exact)
    if base is tuple:
        return basic + 8 * len(o)
    if base is dict or base is _defaultdict:
        return _dict_size(o, basic)
    if base is _deque:
        # deque_sizeof: 528-byte blocks of 64 items; the count of blocks depends on where
        # the items started (the model assumes a deque filled from empty by extend)
        return basic + 528 * ((len(o) + 64) // 64)
    if base is set or base is frozenset:
        return _set_size(o, basic)
    if base is int or base is bool:
        return basic - 24 + _int_size(o)
    if base is str:
        return basic - 40 + _str_size(o)
    if base is bytes:
        return basic + len(o)
    if base is bytearray:
        n = len(o)
        return basic + (n + 1 if n else 0)
    if base is float or base is complex:
        return basic
    return basic


def _preheader(t):
    gc = is_heap_type(t) or kind_of_type(t) != 'object' or t in GC_BUILTIN_TYPES
    return (16 if gc else 0) + (16 if is_heap_type(t) and _has_managed_dict_or_weakref(t) else 0)


def model_size(o):
    """The heap's accounting size: the builtin model plus the managed-dict pre-header (the heap
    adds the GC header itself). User __sizeof__ methods are not called here."""
    t = type(o)
    s = builtin_sizeof(o, _builtin_base(t))
    if is_heap_type(t) and _has_managed_dict_or_weakref(t):
        s += 16
    return s


def _as_ssize_t(r):
    if not isinstance(r, int):
        raise TypeError("an integer is required")
    r = int(r)
    if r > LONG_MAX or r < LONG_MIN:
        raise OverflowError("Python int too large to convert to C ssize_t")
    return r


def getsizeof(o):
    """_PySys_GetSizeOf: type(o).__sizeof__(o) plus the GC and managed-dict pre-header.

    __sizeof__ of builtin types is CPython 3.12's (modelled here); a user class's own
    __sizeof__ is called, with CPython's checks on its result."""
    t = type(o)
    found = False
    attr = None
    for c in t.__mro__:
        if not is_heap_type(c):
            break
        if '__sizeof__' in c.__dict__:
            found = True
            attr = c.__dict__['__sizeof__']
            break
    if found:
        get = getattr(type(attr), '__get__', None)
        meth = attr if get is None else get(attr, o, t)
        size = _as_ssize_t(meth())
    else:
        size = builtin_sizeof(o, _builtin_base(t))
    if size < 0:
        raise ValueError("__sizeof__() should return >= 0")
    return size + _preheader(t)


def untracked_dict_contents(d):
    return not any(type(x) not in ATOMIC_TYPES for kv in dict.items(d) for x in kv)
