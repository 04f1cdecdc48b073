"""PEP 442: __del__ runs at most once per object, may resurrect it, and the
collector copes with resurrected cycles, as on CPython 3.12."""

import gc
import sys
import unittest
import weakref

from refgc_support import GcTestCase, Tracer


### Support code
###############################################################################

class Lazarus:
    """Resurrects itself into `graveyard` the first time it is finalized."""

    graveyard = []
    calls = []

    def __init__(self, name):
        self.name = name

    def __del__(self):
        Lazarus.calls.append(self.name)
        Lazarus.graveyard.append(self)


class Tourist:
    """Finalizer that takes a temporary reference to self and drops it."""

    calls = []

    def __del__(self):
        me = self
        Tourist.calls.append(sys.getrefcount(me))


class ResurrectionTestCase(GcTestCase):

    def setUp(self):
        super().setUp()
        Lazarus.graveyard.clear()
        Lazarus.calls.clear()
        Tourist.calls.clear()

    def tearDown(self):
        Lazarus.graveyard.clear()
        Lazarus.calls.clear()
        super().tearDown()


### Tests
###############################################################################

class RefcountResurrectionTests(ResurrectionTestCase):

    def test_resurrected_object_survives(self):
        x = Lazarus("x")
        del x
        self.assertEqual(Lazarus.calls, ["x"])
        self.assertEqual([o.name for o in Lazarus.graveyard], ["x"])

    def test_finalizer_not_called_twice(self):
        x = Lazarus("x")
        del x
        Lazarus.graveyard.clear()
        self.assertEqual(Lazarus.calls, ["x"])

    def test_second_death_frees_object(self):
        x = Lazarus("x")
        r = None
        del x
        r = weakref.ref(Lazarus.graveyard[0])
        Lazarus.graveyard.clear()
        self.assertIsNone(r())

    def test_refcount_after_resurrection(self):
        x = Lazarus("x")
        del x
        self.assertEqual(sys.getrefcount(Lazarus.graveyard[0]), 2)

    def test_weakref_survives_refcount_resurrection(self):
        x = Lazarus("x")
        r = weakref.ref(x)
        del x
        self.assertIs(r(), Lazarus.graveyard[0])

    def test_temporary_self_reference_is_not_resurrection(self):
        t = Tourist()
        r = weakref.ref(t)
        del t
        self.assertEqual(Tourist.calls, [4])
        self.assertIsNone(r())

    def test_resurrected_object_is_finalized(self):
        x = Lazarus("x")
        self.assertFalse(gc.is_finalized(x))
        del x
        self.assertTrue(gc.is_finalized(Lazarus.graveyard[0]))

    def test_attributes_intact_after_resurrection(self):
        x = Lazarus("x")
        x.payload = [1, 2]
        del x
        self.assertEqual(Lazarus.graveyard[0].payload, [1, 2])


class CycleResurrectionTests(ResurrectionTestCase):

    def test_resurrected_cycle_is_not_counted(self):
        x = Lazarus("x")
        x.me = x
        del x
        self.assertEqual(gc.collect(), 0)
        self.assertEqual(Lazarus.calls, ["x"])
        self.assertEqual(len(Lazarus.graveyard), 1)

    def test_resurrected_cycle_collected_later_without_finalizer(self):
        x = Lazarus("x")
        x.me = x
        del x
        gc.collect()
        Lazarus.graveyard.clear()
        self.assertEqual(gc.collect(), 1)
        self.assertEqual(Lazarus.calls, ["x"])

    def test_one_resurrector_keeps_whole_cycle(self):
        t = Tracer()
        x = Lazarus("x")
        y = t.obj("y")
        x.y = y
        y.x = x
        del x, y
        self.assertEqual(gc.collect(), 0)
        self.assertEqual(sorted(Lazarus.calls), ["x"])
        self.assertEqual(t.take(), ["del y"])
        self.assertEqual(Lazarus.graveyard[0].y.name, "y")

    def test_weakrefs_cleared_even_if_resurrected_by_collector(self):
        x = Lazarus("x")
        x.me = x
        r = weakref.ref(x)
        del x
        gc.collect()
        self.assertIsNone(r())
        self.assertEqual(len(Lazarus.graveyard), 1)

    def test_resurrected_then_freed_by_refcount(self):
        x = Lazarus("x")
        x.me = x
        del x
        gc.collect()
        obj = Lazarus.graveyard.pop()
        del obj.me
        r = weakref.ref(obj)
        del obj
        self.assertIsNone(r())
        self.assertEqual(Lazarus.calls, ["x"])

    def test_all_finalizers_in_cycle_run_before_any_clear(self):
        seen = []

        class Peer:
            def __del__(self):
                seen.append(self.other.name)
        a, b = Peer(), Peer()
        a.name, b.name = "a", "b"
        a.other, b.other = b, a
        del a, b
        self.assertEqual(gc.collect(), 2)
        self.assertEqual(seen, ["b", "a"])

    def test_second_collection_after_resurrection_is_counted(self):
        x = Lazarus("x")
        y = Lazarus("y")
        x.peer, y.peer = y, x
        del x, y
        self.assertEqual(gc.collect(), 0)
        self.assertEqual(Lazarus.calls, ["x", "y"])
        Lazarus.graveyard.clear()
        self.assertEqual(gc.collect(), 2)
        self.assertEqual(Lazarus.calls, ["x", "y"])


if __name__ == "__main__":
    unittest.main()
