"""Support code shared by the python-tests files.

Every test in this folder states CPython 3.12's behaviour.  The same files run on
a real CPython 3.12 (64-bit, or Pyodide's wasm32 build) and under ./refgc, so
anything that differs between those legitimately (pointer size, the immortal
refcount) comes from here, never from a literal in a test.

Contents:
  * implementation guards keyed on sys.implementation.name and the platform;
  * platform constants: pointer size, the immortal refcount, CPython sizes;
  * GcTestCase, whose setUp/tearDown save and restore the whole GC state;
  * helpers: capture_stderr, catch_unraisable, count deltas, Tracer.
"""

import contextlib
import gc
import io
import struct
import sys
import unittest

### Implementation guards
###############################################################################

IMPLEMENTATION = sys.implementation.name          # 'cpython' or 'graalpy'
IS_CPYTHON = IMPLEMENTATION == "cpython"
IS_GRAALPY = IMPLEMENTATION == "graalpy"
IS_WASM = sys.platform in ("emscripten", "wasi")  # Pyodide is emscripten/wasm32
IS_PYODIDE = "pyodide" in sys.modules or sys.platform == "emscripten"

# CPython's size model.  refgc reports CPython's 64-bit sizes (DESIGN.md), so the
# only time the pointer is 4 bytes is a wasm32 CPython such as Pyodide.
POINTER_SIZE = 8 if IS_GRAALPY else struct.calcsize("P")
IS_32BIT = POINTER_SIZE == 4

# Include/object.h (3.12): _Py_IMMORTAL_REFCNT is UINT_MAX on 64-bit builds and
# UINT_MAX >> 2 on 32-bit builds (wasm32).
IMMORTAL_REFCOUNT = (2**32 - 1) if not IS_32BIT else (2**32 - 1) >> 2


# sys.getallocatedblocks() is 0 on builds without pymalloc (Pyodide).
COUNTS_ALLOCATED_BLOCKS = not IS_WASM


def int_overflow_message(too_big):
    """CPython's message for a C int argument (e.g. set_threshold) out of range.

    The value passes through a C long first: where long has 64 bits the int
    range check speaks; on wasm32 (32-bit long) the long conversion fails."""
    if IS_32BIT:
        return "Python int too large to convert to C long"
    return "signed integer is greater than maximum" if too_big else "signed integer is less than minimum"


def cpython_only(test):
    """Marks behaviour that only CPython's C implementation has (none yet).

    Kept for symmetry with test.support; using it hides nothing from the
    runner: a skipped test is reported as such in the table."""
    return unittest.skipUnless(IS_CPYTHON, "CPython-only detail")(test)


def requires_threads(test):
    """Threads are unavailable on wasm32 (Pyodide)."""
    return unittest.skipIf(IS_WASM, "no threads on wasm32")(test)


### CPython 3.12 sizes (sys.getsizeof), per pointer size
###############################################################################

# Measured on CPython 3.12.1 x86_64 and on Pyodide 0.27.7 (CPython 3.12.7 wasm32).
_SIZES = {
    # name:               (64-bit, 32-bit)
    "empty_list":         (56, 28),
    "list3":              (88, 44),
    "empty_dict":         (64, 40),
    "empty_tuple":        (40, 20),
    "tuple2":             (56, 28),
    "empty_instance":     (48, 24),
    "slots2_instance":    (48, 24),
    "empty_set":          (216, 108),
    "int0":               (28, 16),
    "int1":               (28, 16),
    "int2_64":            (36, 24),
    "float":              (24, 16),
    "complex":            (32, 24),
    "empty_str":          (41, 21),
    "str_abc":            (44, 24),
    "empty_bytes":        (33, 17),
    "bytes_abc":          (36, 20),
    "none":               (16, 8),
    "true":               (28, 16),
    "false":              (28, 16),
    "empty_bytearray":    (56, 28),
    "empty_frozenset":    (216, 108),
    "object":             (16, 8),
    "dict1":              (184, 108),
    "dict6":              (272, 156),
    "set5":               (472, 236),
    "str100":             (141, 121),
    "str_latin1":         (61, 33),
    "str_ucs2":           (60, 32),
    "str_ucs4":           (64, 36),
    "bytes100":           (133, 117),
    "int2_30":            (32, 20),
    "int_neg1":           (28, 16),
    "instance3":          (48, 24),
    "range":              (48, 24),
    "list10":             (136, 68),
    "tuple10":            (120, 60),
    "bytearray3":         (60, 32),
}


def size(name):
    """CPython 3.12's sys.getsizeof for the named sample on this platform."""
    pair = _SIZES[name]
    return pair[1] if IS_32BIT else pair[0]


### GC state
###############################################################################

class GcState:
    """A snapshot of everything a test may change in the collector."""

    def __init__(self):
        self.enabled = gc.isenabled()
        self.debug = gc.get_debug()
        self.threshold = gc.get_threshold()
        self.callbacks = list(gc.callbacks)
        self.garbage = list(gc.garbage)

    def restore(self):
        gc.disable()
        gc.set_debug(self.debug)
        gc.set_threshold(*self.threshold)
        gc.callbacks[:] = self.callbacks
        gc.garbage[:] = self.garbage
        if self.enabled:
            gc.enable()


class GcTestCase(unittest.TestCase):
    """Base class: automatic collection off, debug flags 0, no callbacks, empty
    garbage, default thresholds, and a full collection before each test; the
    previous state is restored afterwards, whatever the test did."""

    def setUp(self):
        self._gc_state = GcState()
        gc.disable()
        gc.set_debug(0)
        gc.set_threshold(700, 10, 10)
        gc.callbacks[:] = []
        gc.garbage[:] = []
        gc.collect()

    def tearDown(self):
        gc.set_debug(0)
        gc.callbacks[:] = []
        gc.garbage[:] = []
        gc.collect()
        self._gc_state.restore()


### Helpers
###############################################################################

@contextlib.contextmanager
def capture_stderr():
    """Replaces sys.stderr by a StringIO (where gc's DEBUG_* output and the
    default unraisable hook write) and yields it."""
    saved = sys.stderr
    buffer = io.StringIO()
    sys.stderr = buffer
    try:
        yield buffer
    finally:
        sys.stderr = saved


@contextlib.contextmanager
def capture_stdout():
    saved = sys.stdout
    buffer = io.StringIO()
    sys.stdout = buffer
    try:
        yield buffer
    finally:
        sys.stdout = saved


class Unraisable:
    """What sys.unraisablehook received, without keeping the object alive."""

    def __init__(self, args):
        self.exc_type = args.exc_type
        self.message = str(args.exc_value)
        self.err_msg = args.err_msg
        self.object_repr = None if args.object is None else repr(args.object)
        self.object_type = type(args.object)
        self.has_traceback = args.exc_traceback is not None


@contextlib.contextmanager
def catch_unraisable():
    """Collects every report sent to sys.unraisablehook into a list."""
    reports = []
    saved = sys.unraisablehook
    sys.unraisablehook = lambda args: reports.append(Unraisable(args))
    try:
        yield reports
    finally:
        sys.unraisablehook = saved


def gen0_count():
    """gc.get_count()[0]; the tuple it returns is freed before this returns."""
    return gc.get_count()[0]


class TracingTestCase(GcTestCase):
    """A GcTestCase with a fresh Tracer: self.F(name) makes an object whose __del__
    logs "del <name>", self.events() takes what was logged since the last call."""

    def setUp(self):
        super().setUp()
        self.t = Tracer()

    def F(self, name):
        return self.t.obj(name)

    def events(self):
        return self.t.take()


class Tracer:
    """Records events in order; hands out finalizable objects that log to it."""

    def __init__(self):
        self.events = []

    def log(self, event):
        self.events.append(event)

    def obj(self, name):
        return Finalizable(self, name)

    def take(self):
        events = self.events[:]
        self.events.clear()
        return events


class Finalizable:
    """An instance whose __del__ logs 'del <name>' to its tracer."""

    def __init__(self, tracer, name):
        self.tracer = tracer
        self.name = name

    def __del__(self):
        self.tracer.log("del " + self.name)

    def __repr__(self):
        return "<Finalizable %s>" % self.name


class Plain:
    """An instance without a finalizer (attributes allowed)."""
