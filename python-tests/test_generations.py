"""Generations, object movement, get_count deltas, thresholds and automatic
collection on CPython 3.12."""

import gc
import unittest

from refgc_support import GcTestCase, gen0_count, Plain


### Support code
###############################################################################

def generation_of(obj):
    """The generation whose get_objects() holds obj, or None."""
    for gen in range(3):
        if any(o is obj for o in gc.get_objects(generation=gen)):
            return gen
    return None


class CollectionLog:
    """A gc callback recording (generation, len(holder)) at each collection start."""

    def __init__(self, holder):
        self.holder = holder
        self.starts = []

    def __call__(self, phase, info):
        if phase == "start":
            self.starts.append((info["generation"], len(self.holder)))


### Tests
###############################################################################

class MovementTests(GcTestCase):

    def test_new_object_is_in_generation_0(self):
        x = []
        self.assertEqual(generation_of(x), 0)

    def test_gen0_collection_moves_survivor_to_gen1(self):
        x = []
        gc.collect(0)
        self.assertEqual(generation_of(x), 1)

    def test_gen1_collection_moves_survivor_to_gen2(self):
        x = []
        gc.collect(0)
        gc.collect(1)
        self.assertEqual(generation_of(x), 2)

    def test_gen1_collection_moves_young_objects_too(self):
        x = []
        gc.collect(1)
        self.assertEqual(generation_of(x), 2)

    def test_full_collection_moves_everything_to_gen2(self):
        x = {"k": []}
        y = Plain()
        gc.collect()
        self.assertEqual(generation_of(x), 2)
        self.assertEqual(generation_of(x["k"]), 2)
        self.assertEqual(generation_of(y), 2)

    def test_gen2_stays_in_gen2(self):
        x = []
        gc.collect()
        gc.collect(0)
        gc.collect(1)
        self.assertEqual(generation_of(x), 2)

    def test_gen0_collection_leaves_older_objects(self):
        old = []
        gc.collect(0)
        young = []
        gc.collect(0)
        self.assertEqual(generation_of(old), 1)
        self.assertEqual(generation_of(young), 1)

    def test_untracked_object_is_in_no_generation(self):
        x = {"a": 1}
        self.assertIsNone(generation_of(x))

    def test_objects_in_generation_are_disjoint(self):
        x = []
        gc.collect(0)
        y = []
        gen0 = gc.get_objects(0)
        gen1 = gc.get_objects(1)
        self.assertTrue(any(o is y for o in gen0))
        self.assertFalse(any(o is x for o in gen0))
        self.assertTrue(any(o is x for o in gen1))


class CountTests(GcTestCase):

    def test_count_after_full_collection_is_zero(self):
        gc.collect()
        self.assertEqual(gc.get_count(), (0, 0, 0))

    def test_gen0_collections_count_in_gen1(self):
        gc.collect()
        gc.collect(0)
        self.assertEqual(gc.get_count(), (0, 1, 0))
        gc.collect(0)
        self.assertEqual(gc.get_count(), (0, 2, 0))

    def test_gen1_collection_counts_in_gen2_and_resets(self):
        gc.collect()
        gc.collect(0)
        gc.collect(1)
        self.assertEqual(gc.get_count(), (0, 0, 1))
        gc.collect(2)
        self.assertEqual(gc.get_count(), (0, 0, 0))

    # Lists, dicts and tuples reuse freed objects from per-type free lists in
    # CPython, and a reused object does not count as an allocation; instances of
    # Python classes have no free list, so they are what these tests count.
    # gen0_count() is called once before measuring so that the 3-tuple it
    # builds comes from the tuple free list afterwards.

    def test_instance_allocation_adds_one(self):
        gen0_count()
        before = gen0_count()
        o = Plain()
        self.assertEqual(gen0_count() - before, 1)

    def test_instance_deallocation_subtracts_one(self):
        o = Plain()
        gen0_count()
        before = gen0_count()
        del o
        self.assertEqual(gen0_count() - before, -1)

    def test_atomic_values_add_nothing(self):
        n = 12345
        gen0_count()
        before = gen0_count()
        a = n * 1000
        c = float(n) / 3.0
        z = complex(a, c)
        self.assertEqual(gen0_count() - before, 0)

    def test_hundred_instances(self):
        holder = []
        gen0_count()
        before = gen0_count()
        for _ in range(100):
            holder.append(Plain())
        self.assertEqual(gen0_count() - before, 100)

    def test_hundred_instances_freed(self):
        holder = [Plain() for _ in range(100)]
        gen0_count()
        before = gen0_count()
        holder.clear()
        self.assertEqual(gen0_count() - before, -100)

    def test_freed_list_is_reused_without_counting(self):
        x = []
        del x
        gen0_count()
        before = gen0_count()
        y = []
        self.assertEqual(gen0_count() - before, 0)

    def test_count_is_a_tuple_of_three_ints(self):
        c = gc.get_count()
        self.assertIsInstance(c, tuple)
        self.assertEqual(len(c), 3)
        self.assertTrue(all(type(v) is int for v in c))

    def test_count_does_not_go_below_zero(self):
        garbage = [[] for _ in range(50)]
        gc.collect()
        del garbage
        self.assertEqual(gc.get_count(), (0, 0, 0))


class ThresholdTests(GcTestCase):

    def test_default_thresholds(self):
        self.assertEqual(gc.get_threshold(), (700, 10, 10))

    def test_set_one_threshold(self):
        gc.set_threshold(5)
        self.assertEqual(gc.get_threshold(), (5, 10, 10))

    def test_set_two_thresholds(self):
        gc.set_threshold(5, 6)
        self.assertEqual(gc.get_threshold(), (5, 6, 10))

    def test_set_three_thresholds(self):
        gc.set_threshold(1, 2, 3)
        self.assertEqual(gc.get_threshold(), (1, 2, 3))

    def test_zero_and_negative_thresholds_are_stored(self):
        gc.set_threshold(0, -1, 0)
        self.assertEqual(gc.get_threshold(), (0, -1, 0))

    def test_set_threshold_returns_none(self):
        self.assertIsNone(gc.set_threshold(700))


class AutomaticCollectionTests(GcTestCase):

    def run_loop(self, thresholds, n):
        holder = []
        log = CollectionLog(holder)
        gc.collect()
        gc.set_threshold(*thresholds)
        gc.callbacks.append(log)
        gc.enable()
        for _ in range(n):
            holder.append(Plain())
        gc.disable()
        return log.starts

    # The "stop" callback's info dict is itself a new GC object, so every
    # collection after the first starts from a count of 1.

    def test_gen0_collection_when_count_exceeds_threshold(self):
        self.assertEqual(self.run_loop((100, 10, 10), 350),
                         [(0, 100), (0, 201), (0, 302)])

    def test_gen1_collection_after_threshold1_gen0_collections(self):
        starts = self.run_loop((10, 2, 2), 100)
        self.assertEqual(starts, [(0, 10), (0, 21), (0, 32), (1, 43), (0, 54),
                                  (0, 65), (0, 76), (1, 87), (0, 98)])

    def test_no_collection_while_disabled(self):
        holder = []
        log = CollectionLog(holder)
        gc.set_threshold(10)
        gc.callbacks.append(log)
        for _ in range(1000):
            holder.append(Plain())
        self.assertEqual(log.starts, [])
        self.assertGreaterEqual(gen0_count(), 1000)

    def test_threshold_zero_disables_automatic_collection(self):
        self.assertEqual(self.run_loop((0, 10, 10), 2000), [])

    def test_full_collection_needs_25_percent_new_long_lived(self):
        # Few long-lived objects are pending compared with everything that
        # survived the last full collection, so generation 2 is never chosen.
        starts = self.run_loop((10, 1, 1), 200)
        self.assertNotIn(2, [gen for gen, _ in starts])
        self.assertIn(1, [gen for gen, _ in starts])

    def test_automatic_collection_frees_cycles(self):
        gc.collect()
        gc.set_threshold(50)
        gc.enable()
        for _ in range(200):
            l = []
            l.append(l)
        del l
        gc.disable()
        self.assertLess(gen0_count(), 60)
        self.assertLess(gc.collect(), 60)


class EnableDisableTests(GcTestCase):

    def test_disable_and_enable(self):
        gc.disable()
        self.assertFalse(gc.isenabled())
        gc.enable()
        self.assertTrue(gc.isenabled())
        gc.disable()

    def test_enable_twice(self):
        gc.enable()
        gc.enable()
        self.assertTrue(gc.isenabled())
        gc.disable()
        self.assertFalse(gc.isenabled())

    def test_manual_collection_works_while_disabled(self):
        l = []
        l.append(l)
        del l
        self.assertFalse(gc.isenabled())
        self.assertEqual(gc.collect(), 1)

    def test_functions_return_none(self):
        self.assertIsNone(gc.disable())
        self.assertIsNone(gc.enable())
        gc.disable()

    def test_isenabled_returns_bool(self):
        self.assertIs(gc.isenabled(), False)
        gc.enable()
        self.assertIs(gc.isenabled(), True)
        gc.disable()


if __name__ == "__main__":
    unittest.main()
