# refgc shim for the gc module: CPython 3.12's names, signatures, errors and constants over the
# Java host (org.refgc.bridge.runtime.RefgcHost). Executed in the module's namespace by the
# refgc finder; _build returns the public names.

def _build(host, S, _orig):
    _builtin = __graalpython__.builtin
    check_noargs = S.check_noargs
    check_o = S.check_o
    check_varargs = S.check_varargs
    parse_keywords = S.parse_keywords
    _id = id

    def _handle(o):
        if type(o) in S.ATOMIC_TYPES:
            return 0
        h = host.handle(_id(o))
        if h and host.isExternal(h):
            return 0
        return h

    def enable(_m, /, *args, **kwargs):
        check_noargs('gc.enable', args, kwargs)
        host.enable()

    def disable(_m, /, *args, **kwargs):
        check_noargs('gc.disable', args, kwargs)
        host.disable()

    def isenabled(_m, /, *args, **kwargs):
        check_noargs('gc.isenabled', args, kwargs)
        return host.isEnabled()

    def collect(_m, /, *args, **kwargs):
        (generation,) = parse_keywords('collect', args, kwargs, ('generation',), 0)
        gen = 2 if len(args) + len(kwargs) == 0 else S.as_c_int(generation)
        if gen < 0 or gen > 2:
            raise ValueError("invalid generation")
        return host.collect(gen)

    def get_count(_m, /, *args, **kwargs):
        check_noargs('gc.get_count', args, kwargs)
        c = host.getCount()
        return (c[0], c[1], c[2])

    def get_threshold(_m, /, *args, **kwargs):
        check_noargs('gc.get_threshold', args, kwargs)
        t = host.getThreshold()
        return (t[0], t[1], t[2])

    def set_threshold(_m, /, *args, **kwargs):
        check_varargs('set_threshold', kwargs)
        n = len(args)
        if n < 1:
            raise TypeError("set_threshold() takes at least 1 argument (%d given)" % n)
        if n > 3:
            raise TypeError("set_threshold() takes at most 3 arguments (%d given)" % n)
        t = host.getThreshold()
        cur = [t[0], t[1], t[2]]
        try:
            # PyArg_ParseTuple stores each threshold as soon as it is converted.
            for i, v in enumerate(args):
                cur[i] = S.as_format_i(v)
        finally:
            host.setThreshold(cur[0], cur[1], cur[2])

    def get_debug(_m, /, *args, **kwargs):
        check_noargs('gc.get_debug', args, kwargs)
        return host.getDebug()

    def set_debug(_m, /, *args, **kwargs):
        flags = check_o('gc.set_debug', args, kwargs)
        host.setDebug(S.as_c_int(flags))

    def get_objects(_m, /, *args, **kwargs):
        (generation,) = parse_keywords('get_objects', args, kwargs, ('generation',), 0)
        gen = S.as_optional_ssize_t(generation)
        if gen != -1:
            if gen >= 3:
                raise ValueError("generation parameter must be less than the number of "
                                 "available generations (3)")
            if gen < 0:
                raise ValueError("generation parameter cannot be negative")
        return list(host.getObjects(gen))

    def get_stats(_m, /, *args, **kwargs):
        check_noargs('gc.get_stats', args, kwargs)
        s = host.getStats()
        return [{'collections': s[3 * i], 'collected': s[3 * i + 1], 'uncollectable': s[3 * i + 2]}
                for i in range(3)]

    def get_referrers(_m, /, *objs, **kwargs):
        check_varargs('get_referrers', kwargs)
        result = []
        if not objs:
            return result
        for o in host.getObjects(-1):
            for r in S.referents(o, True):
                if any(r is x for x in objs):
                    result.append(o)
                    break
        return result

    def get_referents(_m, /, *objs, **kwargs):
        check_varargs('get_referents', kwargs)
        result = []
        for o in objs:
            if S.is_gc_object(o):
                result.extend(S.referents(o, True))
        return result

    def is_tracked(_m, /, *args, **kwargs):
        obj = check_o('gc.is_tracked', args, kwargs)
        h = _handle(obj)
        if h:
            return host.isTracked(h)
        return S.untracked_is_tracked(obj)

    def is_finalized(_m, /, *args, **kwargs):
        obj = check_o('gc.is_finalized', args, kwargs)
        h = _handle(obj)
        return bool(h) and host.isFinalized(h)

    def freeze(_m, /, *args, **kwargs):
        check_noargs('gc.freeze', args, kwargs)
        host.freeze()

    def unfreeze(_m, /, *args, **kwargs):
        check_noargs('gc.unfreeze', args, kwargs)
        host.unfreeze()

    def get_freeze_count(_m, /, *args, **kwargs):
        check_noargs('gc.get_freeze_count', args, kwargs)
        return host.getFreezeCount()

    docs = {
        'enable': "Turn automatic collection on.",
        'disable': "Turn automatic collection off.",
        'isenabled': "Whether automatic collection is on.",
        'collect': "Collect the given generation (default 2, a full collection) and the younger\n"
                   "ones; return the number of unreachable objects found. ValueError for a\n"
                   "generation outside 0..2.",
        'get_count': "The three generation counters as a tuple.",
        'get_threshold': "The three collection thresholds as a tuple.",
        'set_threshold': "set_threshold(threshold0[, threshold1[, threshold2]]): set the thresholds.",
        'get_debug': "The debugging flags.",
        'set_debug': "Set the debugging flags (DEBUG_* bits); output goes to sys.stderr.",
        'get_objects': "The objects the collector tracks, all of them or one generation's.",
        'get_stats': "Per-generation dicts of collections, collected and uncollectable counts.",
        'get_referrers': "The tracked objects that refer to any of the arguments.",
        'get_referents': "The objects the arguments refer to, as their traversal reports them.",
        'is_tracked': "Whether the collector tracks the object.",
        'is_finalized': "Whether the object's __del__ has already run (PEP 442).",
        'freeze': "Move every tracked object to the permanent generation.",
        'unfreeze': "Move the permanent generation back into the oldest generation.",
        'get_freeze_count': "How many objects the permanent generation holds.",
    }
    names = {}
    for f in (enable, disable, isenabled, collect, get_count, get_threshold, set_threshold,
              get_debug, set_debug, get_objects, get_stats, get_referrers, get_referents,
              is_tracked, is_finalized, freeze, unfreeze, get_freeze_count):
        f.__doc__ = docs[f.__name__]
        names[f.__name__] = _builtin(f)
    names.update(
        garbage=S.garbage,
        callbacks=S.callbacks,
        DEBUG_STATS=1,
        DEBUG_COLLECTABLE=2,
        DEBUG_UNCOLLECTABLE=4,
        DEBUG_SAVEALL=32,
        DEBUG_LEAK=2 | 4 | 32,
        __doc__="This module provides access to the garbage collector for reference cycles.\n\n"
                "In refgc it is served by the Java heap (reference counting plus CPython 3.12's\n"
                "generational cycle collector); see the functions' docstrings in CPython.",
    )
    return names
