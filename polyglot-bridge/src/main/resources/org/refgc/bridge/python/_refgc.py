# refgc shim for _refgc: explicit access to the heap for tests and for instrumented code.
# Reference-count contract: track() gives the caller the object's first reference; every
# reference the object holds to other heap objects must be counted (incref) by whoever stores
# it, because traversal reports them and deallocation releases them. Executed in the module's
# namespace; _build returns the public names. Plain Python functions: __graalpython__.builtin
# binds only modules GraalPy itself provides.

def _build(host, S, _orig):
    _id = id
    _ATOMIC = S.ATOMIC_TYPES

    def _h(o):
        if type(o) in _ATOMIC:
            return 0
        h = host.handle(_id(o))
        if h and host.isExternal(h):
            return 0
        return h

    def _need(o, fname):
        h = _h(o)
        if not h and type(o) not in _ATOMIC and host.zombieUse(_id(o)):
            raise RuntimeError("refgc: %s() on %s object at %s after refgc freed it (zombie)"
                               % (fname, S.tp_name(type(o)), hex(_id(o))))
        if not h:
            raise ValueError("%s(): %s object at %s is not tracked by refgc"
                             % (fname, S.tp_name(type(o)), hex(_id(o))))
        return h

    def track(obj):
        """Add obj to the heap with refcount 1 (the caller's reference); return its handle."""
        t = type(obj)
        if t in _ATOMIC:
            raise TypeError("refgc does not track atomic values ('%s')" % S.tp_name(t))
        h = host.track(obj, _id(obj), t, _id(t))
        if not h:
            if isinstance(obj, tuple(S.FAKE_BUILTINS)):
                raise TypeError("weak references enter the heap when they are created")
            raise ValueError("track(): object already in the heap")
        if t is dict and S.untracked_dict_contents(obj):
            host.gcUntrack(h)  # PyDict_New: a dict of atomic values starts untracked
        return h

    def incref(obj):
        if type(obj) in _ATOMIC or not host.incref(_id(obj)):
            _need(obj, 'incref')

    def decref(obj):
        if type(obj) in _ATOMIC or not host.decref(_id(obj)):
            _need(obj, 'decref')

    def handle(obj):
        """The object's heap handle, 0 if the heap does not count its references."""
        return _h(obj)

    def refcount(obj):
        """The heap's count (without the +1 sys.getrefcount adds for its argument)."""
        return host.refcount(_need(obj, 'refcount'))

    def is_tracked(obj):
        """Whether the heap counts obj's references (not gc.is_tracked's GC tracking)."""
        return _h(obj) != 0

    def is_external(obj):
        """Whether obj entered the heap from opaque code (never freed, references not counted)."""
        if type(obj) in _ATOMIC:
            return False
        h = host.handle(_id(obj))
        return bool(h) and host.isExternal(h)

    def is_alive(h):
        return host.isAlive(h)

    def gc_track(obj):
        host.gcTrack(_need(obj, 'gc_track'))

    def gc_untrack(obj):
        host.gcUntrack(_need(obj, 'gc_untrack'))

    def safepoint():
        """Run a pending automatic collection (CPython's eval breaker)."""
        return host.safePoint()

    def with_tp_del(cls):
        """Give cls a legacy finalizer (tp_del) calling cls.__tp_del__, as _testcapi.with_tp_del."""
        if not isinstance(cls, type):
            raise TypeError("with_tp_del() argument must be a class")
        S.legacy_types.add(cls)
        host.invalidateType(_id(cls))
        return cls

    def heap_size(obj):
        """The size the heap accounts for obj (what sys.getsizeof reports, measured at track time)."""
        return host.sizeOf(_need(obj, 'heap_size'))

    def set_zombie_detection(on):
        """Remember freed objects so that later uses are reported (a debug mode: memory grows)."""
        host.setZombieDetection(bool(on))

    def is_zombie(obj):
        """Whether refgc freed obj (with the detector on) although Python still holds it."""
        return type(obj) not in _ATOMIC and host.isZombie(_id(obj))

    def check(obj):
        """Raise RuntimeError if obj is a zombie (instrumented code calls this on uses)."""
        if type(obj) not in _ATOMIC and host.zombieUse(_id(obj)):
            raise RuntimeError("refgc: use of %s object at %s after refgc freed it (zombie)"
                               % (S.tp_name(type(obj)), hex(_id(obj))))

    def zombie_uses():
        """Uses of freed objects detected so far."""
        return host.zombieUses()

    def stats():
        return {'mapped': host.mappedCount(), 'allocated_blocks': host.allocatedBlocks(),
                'live_bytes': host.liveBytes(), 'zombie_uses': host.zombieUses()}

    names = {f.__name__: f for f in (track, incref, decref, handle, refcount, is_tracked,
                                                 is_external, is_alive, gc_track, gc_untrack,
                                                 safepoint, with_tp_del, stats, set_zombie_detection,
                                                 is_zombie, check, zombie_uses, heap_size)}
    names['__doc__'] = "refgc's explicit heap interface (tests and instrumented code)."
    return names
