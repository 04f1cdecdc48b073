"""An exception's __context__ and __cause__ are counted references, as in CPython 3.12:
the chained exception (with its traceback, the frames on it and their locals) lives
exactly as long as the exception that holds it, and dies by reference counting, not
at the next collection."""

import gc
import sys
import unittest

from refgc_support import GcTestCase


class Witness:
    """A local whose __del__ records when the frame holding it is released."""
    log = []

    def __init__(self, name):
        self.name = name

    def __del__(self):
        Witness.log.append(self.name)


def convert(key):
    witness = Witness(key)
    try:
        {}[key]
    except KeyError:
        raise ValueError(key)


def convert_from(key):
    witness = Witness(key)
    try:
        {}[key]
    except KeyError as k:
        raise ValueError(key) from k


def convert_from_none(key):
    witness = Witness(key)
    try:
        {}[key]
    except KeyError:
        raise ValueError(key) from None


class ExceptionChainTests(GcTestCase):

    def setUp(self):
        super().setUp()
        Witness.log = []

    def test_context_lives_as_long_as_the_exception(self):
        try:
            convert("a")
        except ValueError as e:
            self.assertIsInstance(e.__context__, KeyError)
            self.assertEqual(Witness.log, [])
        self.assertEqual(Witness.log, ["a"])

    def test_getrefcount_of_the_context(self):
        try:
            convert("b")
        except ValueError as e:
            self.assertEqual(sys.getrefcount(e.__context__), 2)
            k = e.__context__
            self.assertEqual(sys.getrefcount(k), 3)
            del k
        self.assertEqual(Witness.log, ["b"])

    def test_cause_lives_as_long_as_the_exception(self):
        try:
            convert_from("c")
        except ValueError as e:
            self.assertIs(e.__cause__, e.__context__)
            self.assertEqual(sys.getrefcount(e.__cause__), 3)
            self.assertEqual(Witness.log, [])
        self.assertEqual(Witness.log, ["c"])

    def test_suppressed_context_is_still_held(self):
        try:
            convert_from_none("d")
        except ValueError as e:
            self.assertTrue(e.__suppress_context__)
            self.assertIsInstance(e.__context__, KeyError)
            self.assertEqual(Witness.log, [])
        self.assertEqual(Witness.log, ["d"])

    def test_get_referents_includes_cause_and_context(self):
        try:
            convert_from("e")
        except ValueError as e:
            referents = gc.get_referents(e)
            self.assertTrue(any(r is e.__cause__ for r in referents))
            self.assertTrue(any(r is e.__traceback__ for r in referents))
            self.assertTrue(any(r is e for r in gc.get_referrers(e.__context__)))

    def test_chains_in_a_loop_are_freed_one_by_one(self):
        gc.disable()
        for i in range(50):
            try:
                convert(i)
            except ValueError:
                pass
            self.assertEqual(Witness.log, list(range(i + 1)))

    def test_three_deep_chain(self):
        def outer(key):
            witness = Witness("outer")
            try:
                convert(key)
            except ValueError:
                raise RuntimeError(key)
        try:
            outer("f")
        except RuntimeError as e:
            self.assertIsInstance(e.__context__, ValueError)
            self.assertIsInstance(e.__context__.__context__, KeyError)
            self.assertEqual(Witness.log, [])
        self.assertEqual(sorted(Witness.log), ["f", "outer"])

    def test_bare_reraise_keeps_the_exception_alive(self):
        def fail(key):
            witness = Witness(key)
            raise ValueError(key)
        try:
            try:
                fail("h")
            except ValueError as e:
                raise
        except ValueError as e2:
            self.assertEqual(Witness.log, [])
        self.assertEqual(Witness.log, ["h"])

    def test_reraised_chain_lives_until_the_outer_handler_ends(self):
        try:
            try:
                convert("i")
            except ValueError:
                raise
        except ValueError as e:
            self.assertIsInstance(e.__context__, KeyError)
            self.assertEqual(Witness.log, [])
        self.assertEqual(Witness.log, ["i"])

    def test_chain_through_a_cycle_is_collected(self):
        gc.disable()
        gc.collect()

        def keep(key):
            witness = Witness(key)
            try:
                convert(key)
            except ValueError as e:
                witness.saved = e     # e's traceback holds this frame: a cycle
        keep("g")
        self.assertEqual(Witness.log, [])
        # the ValueError and the KeyError, their args tuples, three traceback entries
        # (keep and convert on the ValueError's, convert on the KeyError's), the two
        # frames and the two witnesses
        self.assertEqual(gc.collect(), 11)
        self.assertEqual(sorted(Witness.log), ["g", "g"])


if __name__ == "__main__":
    unittest.main()
