"""Exception types and messages of every gc and sys memory function for bad
arguments, exactly as CPython 3.12 raises them."""

import gc
import sys
import unittest

from refgc_support import (GcTestCase, catch_unraisable, COUNTS_ALLOCATED_BLOCKS,
                           int_overflow_message)


### Support code
###############################################################################

class NegativeSize:
    def __sizeof__(self):
        return -1


class StrSize:
    def __sizeof__(self):
        return "x"


class RaisingSize:
    def __sizeof__(self):
        raise KeyError("s")


class NoSize:
    __sizeof__ = None


class HugeSize:
    def __sizeof__(self):
        return 2 ** 70


# (test name, expression, exception type, message).  Each row becomes one test
# case, test_<name>, in BadArgumentTests.
BAD_CALLS = [
    # gc: functions without parameters
    ("enable_arg", "gc.enable(1)", TypeError, "gc.enable() takes no arguments (1 given)"),
    ("disable_arg", "gc.disable(1)", TypeError, "gc.disable() takes no arguments (1 given)"),
    ("isenabled_arg", "gc.isenabled(1)", TypeError, "gc.isenabled() takes no arguments (1 given)"),
    ("get_count_arg", "gc.get_count(1)", TypeError, "gc.get_count() takes no arguments (1 given)"),
    ("get_threshold_arg", "gc.get_threshold(1)", TypeError,
     "gc.get_threshold() takes no arguments (1 given)"),
    ("get_debug_arg", "gc.get_debug(1)", TypeError, "gc.get_debug() takes no arguments (1 given)"),
    ("get_stats_arg", "gc.get_stats(1)", TypeError, "gc.get_stats() takes no arguments (1 given)"),
    ("freeze_arg", "gc.freeze(1)", TypeError, "gc.freeze() takes no arguments (1 given)"),
    ("unfreeze_arg", "gc.unfreeze(1)", TypeError, "gc.unfreeze() takes no arguments (1 given)"),
    ("get_freeze_count_arg", "gc.get_freeze_count(1)", TypeError,
     "gc.get_freeze_count() takes no arguments (1 given)"),
    # gc.collect
    ("collect_generation_3", "gc.collect(3)", ValueError, "invalid generation"),
    ("collect_generation_minus_1", "gc.collect(-1)", ValueError, "invalid generation"),
    ("collect_keyword_generation_5", "gc.collect(generation=5)", ValueError, "invalid generation"),
    ("collect_str", 'gc.collect("x")', TypeError, "'str' object cannot be interpreted as an integer"),
    ("collect_float", "gc.collect(1.0)", TypeError,
     "'float' object cannot be interpreted as an integer"),
    ("collect_none", "gc.collect(None)", TypeError,
     "'NoneType' object cannot be interpreted as an integer"),
    ("collect_two_args", "gc.collect(1, 2)", TypeError, "collect() takes at most 1 argument (2 given)"),
    ("collect_bad_keyword", "gc.collect(gen=1)", TypeError,
     "'gen' is an invalid keyword argument for collect()"),
    ("collect_huge", "gc.collect(2**70)", OverflowError, "Python int too large to convert to C int"),
    # gc.set_threshold
    ("set_threshold_no_args", "gc.set_threshold()", TypeError,
     "set_threshold() takes at least 1 argument (0 given)"),
    ("set_threshold_four_args", "gc.set_threshold(1, 2, 3, 4)", TypeError,
     "set_threshold() takes at most 3 arguments (4 given)"),
    ("set_threshold_str", 'gc.set_threshold("a")', TypeError,
     "'str' object cannot be interpreted as an integer"),
    ("set_threshold_float", "gc.set_threshold(1.5)", TypeError,
     "'float' object cannot be interpreted as an integer"),
    ("set_threshold_too_big", "gc.set_threshold(2**31)", OverflowError,
     int_overflow_message(too_big=True)),
    ("set_threshold_too_small", "gc.set_threshold(-2**31 - 1)", OverflowError,
     int_overflow_message(too_big=False)),
    ("set_threshold_keyword", "gc.set_threshold(threshold0=1)", TypeError,
     "set_threshold() takes no keyword arguments"),
    # gc.set_debug
    ("set_debug_no_args", "gc.set_debug()", TypeError,
     "gc.set_debug() takes exactly one argument (0 given)"),
    ("set_debug_two_args", "gc.set_debug(1, 2)", TypeError,
     "gc.set_debug() takes exactly one argument (2 given)"),
    ("set_debug_str", 'gc.set_debug("x")', TypeError,
     "'str' object cannot be interpreted as an integer"),
    ("set_debug_float", "gc.set_debug(1.0)", TypeError,
     "'float' object cannot be interpreted as an integer"),
    ("set_debug_huge", "gc.set_debug(2**70)", OverflowError, "Python int too large to convert to C int"),
    ("set_debug_keyword", "gc.set_debug(flags=1)", TypeError, "gc.set_debug() takes no keyword arguments"),
    # gc.get_objects
    ("get_objects_generation_3", "gc.get_objects(3)", ValueError,
     "generation parameter must be less than the number of available generations (3)"),
    ("get_objects_keyword_generation_7", "gc.get_objects(generation=7)", ValueError,
     "generation parameter must be less than the number of available generations (3)"),
    ("get_objects_minus_2", "gc.get_objects(-2)", ValueError, "generation parameter cannot be negative"),
    ("get_objects_str", 'gc.get_objects("x")', TypeError, "argument should be integer or None, not 'str'"),
    ("get_objects_two_args", "gc.get_objects(1, 2)", TypeError,
     "get_objects() takes at most 1 argument (2 given)"),
    ("get_objects_bad_keyword", "gc.get_objects(gen=1)", TypeError,
     "'gen' is an invalid keyword argument for get_objects()"),
    # gc.get_referrers / get_referents / is_tracked / is_finalized
    ("get_referrers_keyword", "gc.get_referrers(x=1)", TypeError,
     "get_referrers() takes no keyword arguments"),
    ("get_referents_keyword", "gc.get_referents(x=1)", TypeError,
     "get_referents() takes no keyword arguments"),
    ("is_tracked_no_args", "gc.is_tracked()", TypeError,
     "gc.is_tracked() takes exactly one argument (0 given)"),
    ("is_tracked_two_args", "gc.is_tracked(1, 2)", TypeError,
     "gc.is_tracked() takes exactly one argument (2 given)"),
    ("is_tracked_keyword", "gc.is_tracked(obj=1)", TypeError, "gc.is_tracked() takes no keyword arguments"),
    ("is_finalized_no_args", "gc.is_finalized()", TypeError,
     "gc.is_finalized() takes exactly one argument (0 given)"),
    ("is_finalized_two_args", "gc.is_finalized(1, 2)", TypeError,
     "gc.is_finalized() takes exactly one argument (2 given)"),
    # sys.getrefcount
    ("getrefcount_no_args", "sys.getrefcount()", TypeError,
     "sys.getrefcount() takes exactly one argument (0 given)"),
    ("getrefcount_two_args", "sys.getrefcount(1, 2)", TypeError,
     "sys.getrefcount() takes exactly one argument (2 given)"),
    ("getrefcount_keyword", "sys.getrefcount(object=1)", TypeError,
     "sys.getrefcount() takes no keyword arguments"),
    # sys.getsizeof
    ("getsizeof_no_args", "sys.getsizeof()", TypeError,
     "getsizeof() missing required argument 'object' (pos 1)"),
    ("getsizeof_three_args", "sys.getsizeof(1, 2, 3)", TypeError,
     "getsizeof() takes at most 2 arguments (3 given)"),
    ("getsizeof_bad_keyword", "sys.getsizeof(x=1)", TypeError,
     "getsizeof() missing required argument 'object' (pos 1)"),
    ("getsizeof_negative", "sys.getsizeof(NegativeSize())", ValueError, "__sizeof__() should return >= 0"),
    ("getsizeof_negative_with_default", "sys.getsizeof(NegativeSize(), 7)", ValueError,
     "__sizeof__() should return >= 0"),
    ("getsizeof_str_result", "sys.getsizeof(StrSize())", TypeError, "an integer is required"),
    ("getsizeof_raising", "sys.getsizeof(RaisingSize())", KeyError, "'s'"),
    ("getsizeof_raising_with_default", "sys.getsizeof(RaisingSize(), 7)", KeyError, "'s'"),
    ("getsizeof_not_callable", "sys.getsizeof(NoSize())", TypeError, "'NoneType' object is not callable"),
    ("getsizeof_huge", "sys.getsizeof(HugeSize())", OverflowError,
     "Python int too large to convert to C ssize_t"),
    # sys.getallocatedblocks
    ("getallocatedblocks_arg", "sys.getallocatedblocks(1)", TypeError,
     "sys.getallocatedblocks() takes no arguments (1 given)"),
]


def _make_test(expression, exc_type, message):
    def test(self):
        namespace = {"gc": gc, "sys": sys, "NegativeSize": NegativeSize, "StrSize": StrSize,
                     "RaisingSize": RaisingSize, "NoSize": NoSize, "HugeSize": HugeSize}
        with self.assertRaises(exc_type) as cm:
            eval(expression, namespace)
        self.assertIs(type(cm.exception), exc_type)
        self.assertEqual(str(cm.exception), message)
    test.__doc__ = "%s raises %s: %s" % (expression, exc_type.__name__, message)
    return test


### Tests
###############################################################################

class BadArgumentTests(GcTestCase):
    pass


for _name, _expr, _exc, _msg in BAD_CALLS:
    setattr(BadArgumentTests, "test_" + _name, _make_test(_expr, _exc, _msg))


class AcceptedArgumentTests(GcTestCase):
    """Arguments that look wrong but CPython 3.12 accepts."""

    def test_get_objects_minus_1_means_all(self):
        x = []
        self.assertTrue(any(o is x for o in gc.get_objects(-1)))

    def test_collect_accepts_bool(self):
        self.assertEqual(gc.collect(True), 0)

    def test_set_threshold_accepts_negative(self):
        gc.set_threshold(-5, -6, -7)
        self.assertEqual(gc.get_threshold(), (-5, -6, -7))

    def test_set_debug_accepts_any_int(self):
        gc.set_debug(1 << 20)
        self.assertEqual(gc.get_debug(), 1 << 20)
        gc.set_debug(0)

    def test_getsizeof_default_used_for_bad_sizeof_type(self):
        self.assertEqual(sys.getsizeof(StrSize(), 7), 7)
        self.assertEqual(sys.getsizeof(NoSize(), 7), 7)

    def test_getsizeof_keywords(self):
        self.assertEqual(sys.getsizeof(object=1.0, default=3), sys.getsizeof(1.0))

    def test_getallocatedblocks_returns_int(self):
        n = sys.getallocatedblocks()
        self.assertIs(type(n), int)
        if COUNTS_ALLOCATED_BLOCKS:
            self.assertGreater(n, 0)
        else:
            self.assertEqual(n, 0)

    def test_non_callable_gc_callback_is_unraisable(self):
        gc.callbacks.append(1)
        with catch_unraisable() as reports:
            gc.collect()
        self.assertEqual([(r.exc_type, r.message, r.object_repr) for r in reports],
                         [(TypeError, "'int' object is not callable", "1")] * 2)

    def test_get_referrers_and_referents_without_arguments(self):
        self.assertEqual(gc.get_referents(), [])
        self.assertEqual(gc.get_referrers(), [])


class ModuleSurfaceTests(GcTestCase):

    NAMES = ["enable", "disable", "isenabled", "collect", "get_count", "get_threshold",
             "set_threshold", "get_debug", "set_debug", "get_objects", "get_stats",
             "get_referrers", "get_referents", "is_tracked", "is_finalized", "freeze",
             "unfreeze", "get_freeze_count", "garbage", "callbacks", "DEBUG_STATS",
             "DEBUG_COLLECTABLE", "DEBUG_UNCOLLECTABLE", "DEBUG_SAVEALL", "DEBUG_LEAK"]

    def test_gc_has_every_name(self):
        missing = [n for n in self.NAMES if not hasattr(gc, n)]
        self.assertEqual(missing, [])

    def test_gc_repr(self):
        self.assertEqual(repr(gc), "<module 'gc' (built-in)>")

    def test_gc_functions_are_builtin(self):
        for name in self.NAMES[:18]:
            self.assertEqual(type(getattr(gc, name)).__name__, "builtin_function_or_method", name)

    def test_sys_functions_exist(self):
        for name in ("getrefcount", "getsizeof", "getallocatedblocks"):
            self.assertTrue(callable(getattr(sys, name)), name)


if __name__ == "__main__":
    unittest.main()
