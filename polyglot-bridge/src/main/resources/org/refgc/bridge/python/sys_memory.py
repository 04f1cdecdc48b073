# refgc shim for the memory functions of sys: getrefcount, getsizeof, getallocatedblocks.
# Executed in sys's namespace; _build returns the names that replace GraalPy's.

def _build(host, S, _orig):
    _builtin = __graalpython__.builtin
    _id = id
    IMMORTAL = S.IMMORTAL_REFCNT

    def getrefcount(_m, /, *args, **kwargs):
        obj = S.check_o('sys.getrefcount', args, kwargs)
        if type(obj) not in S.ATOMIC_TYPES:
            h = host.handle(_id(obj))
            if h and not host.isExternal(h):
                # The heap counts the references instrumented code holds; CPython also
                # counts the argument of this call.
                return host.refcount(h) + 1
        if S.is_immortal(obj):
            return IMMORTAL
        return -1

    def getsizeof(_m, /, *args, **kwargs):
        obj, default = S.parse_keywords('getsizeof', args, kwargs, ('object', 'default'), 1)
        has_default = len(args) + len(kwargs) > 1
        try:
            return S.getsizeof(obj)
        except TypeError:
            if has_default:
                return default
            raise

    def getallocatedblocks(_m, /, *args, **kwargs):
        S.check_noargs('sys.getallocatedblocks', args, kwargs)
        return host.allocatedBlocks()

    return {f.__name__: _builtin(f) for f in (getrefcount, getsizeof, getallocatedblocks)}
