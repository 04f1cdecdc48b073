"""refgc_compiler: CPython 3.12 reference semantics for code compiled by refgc.

The instrumenting compiler rewrites a module's AST (`rewriter`, built only on `_ast`, so it
runs before `ast` loads, on CPython 3.12 and GraalPy 25) so that every operation that
creates or drops a reference calls the runtime object `_rc`, bound in the module's
globals. `hook` serves every module imported after start-up through the rewriter.

The model
=========
Every expression the rewriter emits leaves exactly one counted reference for its value:
CPython's value-stack reference. Each consumer then does what CPython 3.12's bytecode does
with that reference: a store *moves* it into the variable/slot/container (and releases the
old value after storing), a call to an instrumented function *moves* the arguments into
the callee's frame, a call to opaque code *borrows* them and pops them afterwards,
POP_TOP drops it. A function frame releases its fast locals at exit in ``localsplus``
order (parameters and locals in `co_varnames` order, then cells, then free variables),
then its function object. Opaque code is anything not compiled by the rewriter (builtins,
modules loaded before the hook, `exec` of strings).

The `_rc` interface (what instrumented code calls)
==================================================
Arguments named ``v``, ``o``, ``k``, ``f`` are *owned* stack references unless noted.

Values
  ``ld(v) -> v``            LOAD_FAST/GLOBAL/NAME/DEREF: +1 (push)
  ``dup(v) -> v``           COPY: +1
  ``pop(v)``                POP_TOP: -1
  ``res(r, fresh=False)``   a new reference produced by opaque code; adopts `r` when it
                            is certainly new (bound methods; `fresh` results)
  ``new(v) -> v``           a display built from stack references it stole: count 1
  ``mkset(items)``, ``mkdict([k, v, ...])``, ``star(kind, parts, stars)``,
  ``dictcomp(pairs)``       set/dict displays (duplicates released like insertdict),
                            displays with ``*``/``**``
  ``fmt(v, conv, spec)``    FORMAT_VALUE
Names (``ns`` is ``locals()`` in module and class bodies, ``globals()`` for
``global`` names; fast locals are stored by plain assignment, the rewriter fetching the
old value first)
  ``stn(name, v, ns)``      STORE_NAME/STORE_GLOBAL (old value released after the store)
  ``dln(name, ns)``         DELETE_NAME/DELETE_GLOBAL
  ``old(name, ns)``         the value a binding statement (def, class, import) replaces
  ``wal_pre/wal_pre_ns/wal_post``  the walrus operator
Attributes and subscripts
  ``ga(o, name)``, ``sa(v, o, name)``, ``da(o, name)``
  ``gab(o, name)``, ``sab(v, o, name)``  the same with ``o`` a plain name, borrowed: no
                            count changes unless code can run during the access
  ``gi(o, k)``, ``gslice(o, lo, hi)``, ``si(v, o, k)``, ``sslice(v, o, lo, hi)``,
  ``di(o, k)``, ``mkslice(lo, hi, step)``
Operators
  ``bop(i, a, b)``, ``iop(i, a, b)``, ``uop(i, a)``, ``not_(v)``, ``cmp(i, a, b)``,
  ``ch_first/ch_mid/ch_last/ch_ok/ch_fail`` (comparison chains: the middle operand
  stays on the stack), ``test(v) -> bool`` (POP_JUMP_IF_*),
  ``and_(v)``/``or_(v)``/``pick()`` (short-circuit keeps the deciding operand)
Calls
  ``call(f, *args, **kw)``  CALL. Instrumented function: arguments moved (the callee's
                            ``enter`` takes them); instrumented class: type_call (args
                            tuple +1, ``__new__``, ``__init__`` with borrowed args);
                            otherwise opaque: summary, or call + pop the arguments
  ``callm(o, name, *args, **kw)``   LOAD_ATTR (method) + CALL: no bound method object
  ``callsuper(super(), name, ...)`` LOAD_SUPER_ATTR (method) + CALL
  ``callx(f, args, kw)``    CALL_FUNCTION_EX; ``kwmerge(items)`` builds its kwargs
Functions
  ``fn(f) -> f``            MAKE_FUNCTION: count 1, holds defaults and closure cells
  ``enter(sig, cellfn, *params) -> frame``  prologue: parameters +1 when the caller was
                            opaque (borrowed), moved otherwise; cells created (count 1),
                            free cells +1
  ``ret(frame, v) -> v``    RETURN_VALUE (the reference goes to the caller)
  ``leave(frame, values, order)``  frame clear in localsplus order, then the function;
                            ``values`` are the fast locals (``U`` when unbound), read
                            without ``locals()``; a value returned to opaque code is
                            released with deferral; a frame object a traceback still
                            holds takes the references instead (take_ownership)
  ``lam(frame, v, values, order)`` the same for a lambda body
  ``yld(v)``                YIELD_VALUE: the reference leaves with deferral
Classes, loops, with, imports
  ``cls(c) -> c``           class created: CPython's hidden objects (dict, MRO and bases
                            tuples, descriptors) as *parts* the class holds, +1 on bases,
                            __orig_bases__
  ``it(v)``, ``comp(v)``    GET_ITER/FOR_ITER loop objects (``close()`` on break/return)
  ``cm(mgr, has_target)``   BEFORE_WITH/WITH_EXCEPT_START
  ``inc(v)``, ``dec(v)``    bindings made by statements kept as they are (import)
  ``captured(news, olds)``  a match case bound its captures (used as the case guard)
  ``rz(v)``                 RAISE_VARARGS: the stack reference becomes the exception in
                            flight, which the catching handler takes over
  ``unwind(frame)``, ``caught(exc, frame)``, ``handled(exc)``  exceptions: the traceback
                            gets an entry (a frame object part) per frame it leaves; an
                            unwound frame's locals belong to that frame object until it
                            dies; a handler holds the exception until POP_EXCEPT / ``as e``
  ``exec_(kind, src, g, l)`` exec/eval of a string with explicit namespaces: instrumented
  ``snap(ns)``, ``star_done(before, ns)``   ``from m import *``
  ``frame_locals()``, ``frame_globals()``   when ``locals``/``globals`` are shadowed
  ``U`` (unbound marker), ``NONE`` (value pattern replacing ``case None``)

The heap behind `_rc` (what a backend implements)
=================================================
`runtime.Runtime` implements all of the above on top of these primitives:

  ``_track(obj, count, referents=None)``  start counting obj (referents: the
          references it holds that Python cannot enumerate, released when it dies)
  ``inc(obj)``, ``dec(obj)``      +1/-1; no-op on untracked objects; -1 to zero frees:
          PEP 442 finalizer (``__del__``, generator close) with the count held at 1,
          resurrection check, then the referents in CPython's dealloc order
  ``inc_if_tracked(obj) -> bool``, ``tracked(obj)``, ``count(obj)``
  ``adopt(obj)``                  count 1 and +1 on each referent (a new container)
  ``pin(obj)``                    externally referenced (flowed into opaque code): never
                                  freed, and neither is what it reaches
  ``dec_deferred(obj)``, ``flush()``, ``escape_deferred()``  the zero-count table: a
          reference handed to opaque code (return or yield to an opaque caller) is
          dropped, but a zero count is acted on only once the opaque call that received
          it has returned (``_odepth``), and pinned if that callee is unknown
  ``recycle(tuple)``              an iterator's result tuple reused in place

`shadow.ShadowHeap` is the pure-Python backend (with a full cycle collector after
gcmodule.c, behind its ``gc.collect`` summary): keyed by ``id()``, it keeps every object
it tracked alive so that, on CPython, CPython itself never frees them and only the
shadow heap calls ``__del__``. A program's output under it must equal its output under
plain CPython (`oracle`); that is how this package is tested. On stock GraalPy (no
refcounts, no ``__del__``) the same scenarios print CPython's output too.

How the Java heap implements it
===============================
A Java-backed `_rc` subclasses `runtime.Runtime` and implements only the primitives, as
host calls on the `_refgc` adapter (one call each, parameters typed ``long``/``Value``):
``id(obj)`` is the key of a Java ``long -> int handle`` map; ``_track`` is
``Heap.allocate`` (+ ``incref`` to reach ``count``) with the payload a weak Java
reference to the Python object; ``inc``/``dec`` are ``Heap.incref/decref`` (``dec`` to
zero runs the adapter's finalize, which calls ``__del__`` via the same protocol, then
``ObjectType.traverse`` over the same referents as ``ShadowHeap._dealloc1``);
``pin`` sets an external-reference bit; the ZCT stays on the Python side. Hot paths
(``ld``, ``pop``, ``call`` to instrumented code) should batch or skip host calls for
untracked objects: check a Python-side ``set`` of tracked ids first.
"""

from .rewriter import compile_instrumented, rewrite, RewriteError   # noqa: F401

__all__ = ['compile_instrumented', 'rewrite', 'RewriteError']
