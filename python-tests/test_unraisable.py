"""Exceptions raised by finalizers and weakref callbacks go to
sys.unraisablehook, never to the code that dropped the reference (CPython 3.12)."""

import gc
import sys
import unittest
import weakref

from refgc_support import GcTestCase, Tracer, Plain, capture_stderr, catch_unraisable


### Support code
###############################################################################

class Bad:
    def __del__(self):
        raise ValueError("boom")


class BadExit:
    def __del__(self):
        raise SystemExit(3)


FUNCTION_RE = r"^<function {} at 0x[0-9a-f]+>$"


### Tests
###############################################################################

class FinalizerExceptionTests(GcTestCase):

    def test_hook_receives_exception(self):
        with catch_unraisable() as reports:
            b = Bad()
            del b
        self.assertEqual(len(reports), 1)
        r = reports[0]
        self.assertIs(r.exc_type, ValueError)
        self.assertEqual(r.message, "boom")
        self.assertIsNone(r.err_msg)
        self.assertTrue(r.has_traceback)

    def test_hook_object_is_the_del_function(self):
        with catch_unraisable() as reports:
            Bad()
        self.assertRegex(reports[0].object_repr, FUNCTION_RE.format(r"Bad\.__del__"))

    def test_del_statement_does_not_raise(self):
        t = Tracer()
        with catch_unraisable():
            b = Bad()
            del b
            t.log("continued")
        self.assertEqual(t.take(), ["continued"])

    def test_exception_during_collection(self):
        with catch_unraisable() as reports:
            b = Bad()
            b.me = b
            del b
            self.assertEqual(reports, [])
            self.assertEqual(gc.collect(), 1)
        self.assertEqual([r.exc_type for r in reports], [ValueError])

    def test_other_finalizers_still_run(self):
        t = Tracer()
        with catch_unraisable() as reports:
            items = [t.obj("a"), Bad(), t.obj("c")]
            del items
        self.assertEqual(t.take(), ["del c", "del a"])
        self.assertEqual(len(reports), 1)

    def test_system_exit_in_finalizer_is_unraisable(self):
        with catch_unraisable() as reports:
            BadExit()
        self.assertEqual([r.exc_type for r in reports], [SystemExit])
        self.assertEqual(reports[0].message, "3")

    def test_handled_exception_preserved(self):
        with catch_unraisable() as reports:
            try:
                raise KeyError("outer")
            except KeyError:
                b = Bad()
                del b
                self.assertIs(sys.exc_info()[0], KeyError)
        self.assertEqual(len(reports), 1)

    def test_one_report_per_object(self):
        with catch_unraisable() as reports:
            items = [Bad() for _ in range(3)]
            del items
        self.assertEqual(len(reports), 3)

    def test_default_hook_output(self):
        with capture_stderr() as err:
            b = Bad()
            del b
        lines = err.getvalue().splitlines()
        self.assertRegex(lines[0], r"^Exception ignored in: <function Bad\.__del__ at 0x[0-9a-f]+>$")
        self.assertEqual(lines[1], "Traceback (most recent call last):")
        self.assertEqual(lines[-1], "ValueError: boom")

    def test_finalizer_exception_object_not_resurrected(self):
        with catch_unraisable():
            b = Bad()
            r = weakref.ref(b)
            del b
        self.assertIsNone(r())


class CallbackExceptionTests(GcTestCase):

    def test_weakref_callback_default_hook_output(self):
        def cb(ref):
            raise KeyError("k")
        o = Plain()
        r = weakref.ref(o, cb)
        with capture_stderr() as err:
            del o
        lines = err.getvalue().splitlines()
        self.assertRegex(lines[0], r"^Exception ignored in: <function .*cb at 0x[0-9a-f]+>$")
        self.assertEqual(lines[-1], "KeyError: 'k'")

    def test_weakref_callback_exception_during_collection(self):
        def cb(ref):
            raise KeyError("k")

        class Loop:
            pass
        o = Loop()
        o.me = o
        r = weakref.ref(o, cb)
        del o
        with catch_unraisable() as reports:
            self.assertEqual(gc.collect(), 1)
        self.assertEqual([(x.exc_type, x.message) for x in reports], [(KeyError, "'k'")])

    def test_gc_callback_exception_default_output(self):
        def cb(phase, info):
            raise RuntimeError(phase)
        gc.callbacks.append(cb)
        with capture_stderr() as err:
            gc.collect()
        gc.callbacks.remove(cb)
        text = err.getvalue()
        self.assertEqual(text.count("Exception ignored in: "), 2)
        self.assertIn("RuntimeError: start\n", text)
        self.assertIn("RuntimeError: stop\n", text)


if __name__ == "__main__":
    unittest.main()
