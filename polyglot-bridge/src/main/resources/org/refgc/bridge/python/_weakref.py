# refgc shim for _weakref: weak references whose referents, clearing and callbacks are the
# Java heap's (org.refgc.bridge.runtime.RefgcHost). The weakref, _weakrefset and
# WeakValueDictionary/WeakKeyDictionary/WeakSet/finalize/WeakMethod code of the stdlib runs
# unchanged on top of it. Executed in the module's namespace; _build returns the public names.

def _build(host, S, orig):
    _builtin = __graalpython__.builtin
    _id = id
    _ATOMIC = S.ATOMIC_TYPES
    _new = object.__new__
    _setattr = object.__setattr__
    _getattribute = object.__getattribute__
    _weakrefable = {}
    BASIC_REF, BASIC_PROXY, OTHER = 0, 1, 2

    def _unpack(funcname, args, lo, hi):
        """PyArg_UnpackTuple's messages."""
        n = len(args)
        if n < lo or n > hi:
            if lo == hi:
                raise TypeError("%s expected %d argument%s, got %d" % (funcname, lo, "" if lo == 1 else "s", n))
            if n < lo:
                raise TypeError("%s expected at least %d argument%s, got %d" % (funcname, lo, "" if lo == 1 else "s", n))
            raise TypeError("%s expected at most %d argument%s, got %d" % (funcname, hi, "" if hi == 1 else "s", n))
        return args

    def _referent_handle(ob):
        t = type(ob)
        ok = _weakrefable.get(t)
        if ok is None:
            ok = t not in _ATOMIC and _has_weaklist(t)
            if ok and not (not S.is_heap_type(t) and (
                    getattr(t, '__module__', None), t.__name__) in _WEAKLIST_NAMED):
                # (GraalPy refuses a deque, whose CPython type has a weak reference list;
                # the heap's weak references do not need GraalPy's)
                try:
                    orig.ref(ob)
                except TypeError:
                    ok = False
            _weakrefable[t] = ok
        if not ok or t in _FAKE_TYPES:
            raise TypeError("cannot create weak reference to '%s' object" % _tp_name(t))
        h = host.handle(_id(ob))
        if not h:
            h = host.adopt(ob, _id(ob))
        return host.weakTarget(h)

    def _has_weaklist(t):
        """tp_weaklistoffset != 0, following type_new for classes (GraalPy's own weakref
        check accepts the instances of any class, and its class statement gives a class
        with several bases no weakref list where CPython gives one). A class inherits the
        list of its base (tp_base); else it gets one when its base holds no items and its
        __slots__, if it has any, name '__weakref__' or another of its bases has a list.
        A builtin type's own instances are judged by GraalPy's check; as the base of a
        class, it has a list when CPython's has (_WEAKLIST_BUILTINS; reading
        __weakrefoffset__ would load GraalPy's C API, which an embedding may forbid)."""
        if not S.is_heap_type(t):
            return True
        base = t.__base__
        if base is None or _base_has_weaklist(base):
            return True
        if getattr(base, '__itemsize__', 0) != 0:
            return False
        d = t.__dict__
        if '__slots__' not in d:
            return True
        slots = d['__slots__']
        if isinstance(slots, str):
            slots = (slots,)
        try:
            if '__weakref__' in slots:
                return True
        except TypeError:
            return '__weakref__' in d
        return any(b is not base and _base_has_weaklist(b) for b in t.__bases__)

    def _base_has_weaklist(t):
        if S.is_heap_type(t):
            return _has_weaklist(t)
        if t in _FAKE_TYPES or t is object:
            return False
        for b in t.__mro__:
            if b in _WEAKLIST_BUILTINS or (getattr(b, '__module__', None), b.__name__) in _WEAKLIST_NAMED:
                return True
        return '__weakref__' in t.__dict__

    def _tp_name(t):
        return S.tp_name(t)

    def _basic(referent_h, want):
        """get_basic_refs: the canonical callback-less ref (and proxy) at the list's head."""
        refs = host.weakRefs(referent_h)
        ref_ = proxy_ = None
        i = 0
        if i < len(refs) and type(refs[i]) is ReferenceType and _getattribute(refs[i], '_refgc_cb') is None:
            ref_ = refs[i]
            i += 1
        # a proxy forwards attribute access: its slot is read through object's getattribute
        if (i < len(refs) and type(refs[i]) in (ProxyType, CallableProxyType)
                and _getattribute(refs[i], '_refgc_cb') is None):
            proxy_ = refs[i]
        return ref_ if want == BASIC_REF else proxy_

    def _attach(self, referent_h, callback, kind):
        _setattr(self, '_refgc_cb', callback)
        _setattr(self, '_refgc_hash', -1)
        t = type(self)
        h = host.newWeakRef(self, _id(self), t, _id(t), referent_h,
                            0 if callback is None else _id(callback), callback is not None, kind)
        _setattr(self, '_refgc_h', h)

    def _referent(self):
        h = _getattribute(self, '_refgc_h')
        if not h:
            return None
        return host.weakRefReferent(h)

    class ReferenceType:
        __slots__ = ('_refgc_h', '_refgc_cb', '_refgc_hash')

        def __new__(cls, *args, **kwargs):
            ob, *rest = _unpack('__new__', args, 1, 2)
            callback = rest[0] if rest else None
            rh = _referent_handle(ob)
            if callback is None and cls is ReferenceType:
                existing = _basic(rh, BASIC_REF)
                if existing is not None:
                    host.incref(_id(existing))
                    return existing
                self = _new(cls)
                _attach(self, rh, None, BASIC_REF)
                return self
            self = _new(cls)
            _attach(self, rh, callback, OTHER)
            return self

        def __init__(self, *args, **kwargs):
            _unpack('__init__', args, 1, 2)

        def __call__(self, *args, **kwargs):
            if kwargs:
                raise TypeError("weakref() takes no keyword arguments")
            _unpack('weakref', args, 0, 0)
            return _referent(self)

        def __hash__(self):
            hv = self._refgc_hash
            if hv != -1:
                return hv
            ob = _referent(self)
            if ob is None:
                raise TypeError("weak object has gone away")
            hv = hash(ob)
            self._refgc_hash = hv
            return hv

        def __eq__(self, other):
            return _ref_cmp(self, other, True)

        def __ne__(self, other):
            return _ref_cmp(self, other, False)

        def __repr__(self):
            ob = _referent(self)
            if ob is None:
                return "<weakref at %s; dead>" % hex(_id(self))
            try:
                name = _special_name(ob)
            except Exception:
                name = None
            if not isinstance(name, str):
                return "<weakref at %s; to '%s' at %s>" % (hex(_id(self)), _tp_name(type(ob)), hex(_id(ob)))
            return "<weakref at %s; to '%s' at %s (%s)>" % (hex(_id(self)), _tp_name(type(ob)), hex(_id(ob)), name)

        @property
        def __callback__(self):
            h = _getattribute(self, '_refgc_h')
            if not h or not host.weakRefHasCallback(h):
                return None
            return self._refgc_cb

        def __class_getitem__(cls, item):
            return _GenericAlias(cls, item)

    def _special_name(ob):
        # _PyObject_LookupSpecial(ob, "__name__"): looked up on the type, bound to ob.
        for c in type(ob).__mro__:
            if '__name__' in c.__dict__:
                a = c.__dict__['__name__']
                g = getattr(type(a), '__get__', None)
                return a if g is None else g(a, ob, type(ob))
        raise AttributeError('__name__')

    def _ref_cmp(self, other, eq):
        # weakref_richcompare: only == and != between weak references; dead ones by identity.
        if not isinstance(other, ReferenceType):
            return NotImplemented
        a = _referent(self)
        b = _referent(other)
        if a is None or b is None:
            r = self is other
            return r if eq else not r
        return (a == b) if eq else (a != b)

    _GenericAlias = type(list[int])
    ReferenceType.__module__ = 'weakref'
    ReferenceType.__qualname__ = 'ReferenceType'

    def _proxy_referent(p):
        h = _getattribute(p, '_refgc_h')
        ob = host.weakRefReferent(h) if h else None
        if ob is None:
            raise ReferenceError("weakly-referenced object no longer exists")
        return ob

    def _unwrap(o):
        if type(o) is ProxyType or type(o) is CallableProxyType:
            return _proxy_referent(o)
        return o

    class ProxyType:
        __slots__ = ('_refgc_h', '_refgc_cb', '_refgc_hash')

        def __new__(cls, *args, **kwargs):
            raise TypeError("cannot create '%s' instances" % _tp_name(cls))

        def __getattribute__(self, name):
            return getattr(_proxy_referent(self), name)

        def __setattr__(self, name, value):
            setattr(_proxy_referent(self), name, value)

        def __delattr__(self, name):
            delattr(_proxy_referent(self), name)

        def __repr__(self):
            ob = _proxy_referent(self)
            return "<weakproxy at %s; to '%s' at %s>" % (hex(_id(self)), _tp_name(type(ob)), hex(_id(ob)))

        def __str__(self):
            return str(_proxy_referent(self))

        def __bool__(self):
            return bool(_proxy_referent(self))

        def __len__(self):
            return len(_proxy_referent(self))

        def __iter__(self):
            return iter(_proxy_referent(self))

        def __next__(self):
            ob = _proxy_referent(self)
            if not hasattr(type(ob), '__next__'):
                raise TypeError("Weakref proxy referenced a non-iterator '%s' object" % _tp_name(type(ob)))
            return next(ob)

        def __contains__(self, item):
            return _unwrap(item) in _proxy_referent(self)

        def __getitem__(self, key):
            return _proxy_referent(self)[_unwrap(key)]

        def __setitem__(self, key, value):
            _proxy_referent(self)[_unwrap(key)] = _unwrap(value)

        def __delitem__(self, key):
            del _proxy_referent(self)[_unwrap(key)]

        def __bytes__(self):
            return bytes(_proxy_referent(self))

        def __reversed__(self):
            return reversed(_proxy_referent(self))

        def __index__(self):
            ob = _proxy_referent(self)
            return type(ob).__index__(ob)

        def __int__(self):
            return int(_proxy_referent(self))

        def __float__(self):
            return float(_proxy_referent(self))

        def __neg__(self):
            return -_proxy_referent(self)

        def __pos__(self):
            return +_proxy_referent(self)

        def __abs__(self):
            return abs(_proxy_referent(self))

        def __invert__(self):
            return ~_proxy_referent(self)

        __hash__ = None

    def _make_binop(op):
        def fwd(self, other):
            return op(_unwrap(self), _unwrap(other))

        def rev(self, other):
            return op(_unwrap(other), _unwrap(self))
        return fwd, rev

    def _inplace(name, fallback):
        def inplace(self, other):
            ob = _proxy_referent(self)
            other = _unwrap(other)
            meth = getattr(type(ob), name, None)
            r = NotImplemented if meth is None else meth(ob, other)
            if r is NotImplemented:
                r = fallback(ob, other)
            return self if r is ob else r
        return inplace

    _BINARY = (
        ('add', lambda a, b: a + b), ('sub', lambda a, b: a - b), ('mul', lambda a, b: a * b),
        ('truediv', lambda a, b: a / b), ('floordiv', lambda a, b: a // b), ('mod', lambda a, b: a % b),
        ('divmod', divmod), ('pow', pow), ('lshift', lambda a, b: a << b), ('rshift', lambda a, b: a >> b),
        ('and', lambda a, b: a & b), ('xor', lambda a, b: a ^ b), ('or', lambda a, b: a | b),
        ('matmul', lambda a, b: a @ b))
    for name, op in _BINARY:
        fwd, rev = _make_binop(op)
        setattr(ProxyType, '__%s__' % name, fwd)
        setattr(ProxyType, '__r%s__' % name, rev)
        if name != 'divmod':
            setattr(ProxyType, '__i%s__' % name, _inplace('__i%s__' % name, op))
    for name, op in (('lt', lambda a, b: a < b), ('le', lambda a, b: a <= b), ('eq', lambda a, b: a == b),
                     ('ne', lambda a, b: a != b), ('gt', lambda a, b: a > b), ('ge', lambda a, b: a >= b)):
        def cmp(self, other, _op_=op):
            return _op_(_unwrap(self), _unwrap(other))
        setattr(ProxyType, '__%s__' % name, cmp)
    ProxyType.__hash__ = None
    ProxyType.__module__ = 'weakref'
    ProxyType.__qualname__ = 'ProxyType'

    class CallableProxyType(ProxyType):
        __slots__ = ()

        def __call__(self, *args, **kwargs):
            return _proxy_referent(self)(*args, **kwargs)

    CallableProxyType.__module__ = 'weakref'
    CallableProxyType.__qualname__ = 'CallableProxyType'

    _FAKE_TYPES = (ReferenceType, ProxyType, CallableProxyType)
    # builtin types with a tp_weaklistoffset in CPython 3.12 that classes derive from
    _WEAKLIST_BUILTINS = {type, set, frozenset, type(_unpack), type(len), type(_unpack.__get__(0))}
    # the same for builtin types of modules not loaded yet, by (module, name)
    _WEAKLIST_NAMED = {('functools', 'partial'), ('collections', 'OrderedDict'),
                       ('_collections', 'OrderedDict'), ('collections', 'deque'),
                       ('_io', '_IOBase'), ('array', 'array'), ('_thread', '_local')}
    S.register_weakref_types(ReferenceType, ProxyType, CallableProxyType)

    def proxy(_m, /, *args, **kwargs):
        S.check_varargs('_weakref.proxy', kwargs)
        ob, *rest = _unpack('proxy', args, 1, 2)
        callback = rest[0] if rest else None
        rh = _referent_handle(ob)
        cls = CallableProxyType if callable(ob) else ProxyType
        if callback is None:
            existing = _basic(rh, BASIC_PROXY)
            if existing is not None:
                host.incref(_id(existing))
                return existing
        self = _new(cls)
        _attach(self, rh, callback, BASIC_PROXY if callback is None else OTHER)
        return self

    def getweakrefcount(_m, /, *args, **kwargs):
        ob = S.check_o('_weakref.getweakrefcount', args, kwargs)
        if type(ob) in _ATOMIC:
            return 0
        h = host.handle(_id(ob))
        return host.weakRefCount(host.weakTarget(h)) if h else 0

    def getweakrefs(_m, /, *args, **kwargs):
        ob = S.check_o('_weakref.getweakrefs', args, kwargs)
        if type(ob) in _ATOMIC:
            return []
        h = host.handle(_id(ob))
        return list(host.weakRefs(host.weakTarget(h))) if h else []

    def _remove_dead_weakref(_m, /, *args, **kwargs):
        if kwargs:
            raise TypeError("_remove_dead_weakref() takes no keyword arguments")
        dct, key = _unpack('_remove_dead_weakref', args, 2, 2)
        if not isinstance(dct, dict):
            raise TypeError("_remove_dead_weakref() argument 1 must be dict, not %s" % _tp_name(type(dct)))
        try:
            wr = dct[key]
        except KeyError:
            return None
        if not isinstance(wr, (ReferenceType, ProxyType)):
            raise TypeError("not a weakref")
        if _referent(wr) is None:
            try:
                del dct[key]
            except KeyError:
                pass
        return None

    names = {f.__name__: _builtin(f) for f in (proxy, getweakrefcount, getweakrefs, _remove_dead_weakref)}
    names.update(ref=ReferenceType, ReferenceType=ReferenceType, ProxyType=ProxyType,
                 CallableProxyType=CallableProxyType,
                 __doc__="Weak-reference support module (refgc: weak references are cleared by the heap).")
    return names
