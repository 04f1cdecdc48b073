"""gc.get_objects, get_referrers, get_referents, is_tracked, is_finalized and
freeze/unfreeze, as on CPython 3.12."""

import gc
import unittest

from refgc_support import GcTestCase, Plain


### Support code
###############################################################################

def contains_identical(seq, obj):
    return any(o is obj for o in seq)


resurrected = []


class Phoenix:
    """Stores itself in a module list when finalized (PEP 442 resurrection)."""

    def __del__(self):
        resurrected.append(self)


class Slotted:
    __slots__ = ("a", "b")


class TwoAttrs:
    """Used by one test only, so its instances keep their values inline
    (a class whose instances saw many attribute names gets real dicts)."""


### Tests
###############################################################################

class GetObjectsTests(GcTestCase):

    def test_new_list_is_listed(self):
        x = []
        self.assertTrue(contains_identical(gc.get_objects(), x))

    def test_atomic_values_are_not_listed(self):
        n = 10 ** 40
        objs = gc.get_objects()
        self.assertFalse(contains_identical(objs, n))

    def test_untracked_dict_is_not_listed(self):
        d = {"a": 1}
        self.assertFalse(contains_identical(gc.get_objects(), d))

    def test_generation_argument(self):
        x = []
        self.assertTrue(contains_identical(gc.get_objects(generation=0), x))
        self.assertFalse(contains_identical(gc.get_objects(generation=2), x))

    def test_none_means_all_generations(self):
        x = []
        gc.collect(0)
        y = []
        objs = gc.get_objects(None)
        self.assertTrue(contains_identical(objs, x))
        self.assertTrue(contains_identical(objs, y))

    def test_returns_new_list_each_time(self):
        a = gc.get_objects(0)
        b = gc.get_objects(0)
        self.assertIsNot(a, b)
        self.assertIs(type(a), list)

    def test_dead_object_is_gone(self):
        x = Plain()
        ident = id(x)
        del x
        self.assertFalse(any(id(o) == ident and type(o) is Plain for o in gc.get_objects()))


class ReferentsTests(GcTestCase):

    # list and tuple traversal visits the items from last to first.

    def test_list_items_last_first(self):
        a, b = [], Plain()
        self.assertEqual(gc.get_referents([a, 1, b]), [b, 1, a])

    def test_tuple_items(self):
        x = []
        self.assertEqual(gc.get_referents(tuple([x, "s"])), ["s", x])

    def test_dict_with_str_keys_reports_values(self):
        v = []
        self.assertEqual(gc.get_referents({"a": v, "b": 5}), [v, 5])

    def test_dict_with_other_keys_reports_values_then_keys(self):
        k = (1,)
        self.assertEqual(gc.get_referents({k: 5}), [5, k])

    def test_instance_attributes_then_class(self):
        o = TwoAttrs()
        o.a = 1
        o.b = [1]
        self.assertEqual(gc.get_referents(o), [1, [1], TwoAttrs])

    def test_slots_instance(self):
        s = Slotted()
        s.a = [1]
        self.assertEqual(gc.get_referents(s), [[1], Slotted])

    def test_atomic_has_no_referents(self):
        self.assertEqual(gc.get_referents(1), [])
        self.assertEqual(gc.get_referents("abc"), [])
        self.assertEqual(gc.get_referents(None), [])

    def test_several_arguments_concatenate(self):
        a, b = [], []
        self.assertEqual(gc.get_referents([a], [b, 2]), [a, 2, b])

    def test_no_arguments(self):
        self.assertEqual(gc.get_referents(), [])

    def test_set_items(self):
        self.assertEqual(sorted(gc.get_referents({1, 2})), [1, 2])

    def test_bound_method(self):
        class C:
            def m(self):
                pass
        o = C()
        refs = gc.get_referents(o.m)
        self.assertTrue(contains_identical(refs, o))
        self.assertTrue(contains_identical(refs, C.__dict__["m"]))


class ReferrersTests(GcTestCase):

    def test_list_referrer(self):
        x = Plain()
        holder = [x]
        self.assertTrue(contains_identical(gc.get_referrers(x), holder))

    def test_dict_referrer(self):
        x = []
        d = {"k": x, "other": []}
        self.assertTrue(contains_identical(gc.get_referrers(x), d))

    def test_untracked_container_is_not_a_referrer(self):
        x = 10 ** 30
        t = tuple([x])
        gc.collect()
        self.assertFalse(gc.is_tracked(t))
        self.assertFalse(contains_identical(gc.get_referrers(x), t))

    def test_instance_is_referrer_of_attribute(self):
        x = []
        o = Plain()
        o.x = x
        self.assertTrue(contains_identical(gc.get_referrers(x), o))

    def test_no_referrers_for_fresh_object_in_local(self):
        x = Plain()
        self.assertEqual(gc.get_referrers(x), [])

    def test_several_arguments(self):
        a, b = Plain(), Plain()
        la, lb = [a], [b]
        refs = gc.get_referrers(a, b)
        self.assertTrue(contains_identical(refs, la))
        self.assertTrue(contains_identical(refs, lb))


class IsTrackedTests(GcTestCase):

    def test_atomic_values(self):
        for v in (1, 10 ** 30, 1.5, 2j, "s", b"b", None, True):
            self.assertFalse(gc.is_tracked(v), v)

    def test_containers(self):
        self.assertTrue(gc.is_tracked([]))
        self.assertTrue(gc.is_tracked(set()))
        self.assertTrue(gc.is_tracked(frozenset()))
        self.assertTrue(gc.is_tracked(Plain()))
        self.assertTrue(gc.is_tracked(Plain))
        self.assertTrue(gc.is_tracked(lambda: None))

    def test_empty_and_atomic_dicts_untracked(self):
        self.assertFalse(gc.is_tracked({}))
        self.assertFalse(gc.is_tracked({"a": 1}))

    def test_dict_becomes_tracked_with_container_value(self):
        d = {"a": 1}
        d["b"] = []
        self.assertTrue(gc.is_tracked(d))

    def test_dict_stays_tracked_until_collection(self):
        d = {"a": 1}
        d["b"] = []
        del d["b"]
        self.assertTrue(gc.is_tracked(d))
        gc.collect()
        self.assertFalse(gc.is_tracked(d))

    def test_constant_tuple_is_untracked(self):
        self.assertFalse(gc.is_tracked((1, 2)))
        self.assertFalse(gc.is_tracked(()))

    def test_new_atomic_tuple_untracked_by_collection(self):
        t = tuple([1, 2])
        self.assertTrue(gc.is_tracked(t))
        gc.collect()
        self.assertFalse(gc.is_tracked(t))

    def test_tuple_with_container_stays_tracked(self):
        t = tuple([1, []])
        gc.collect()
        self.assertTrue(gc.is_tracked(t))


class IsFinalizedTests(GcTestCase):

    def tearDown(self):
        resurrected.clear()
        super().tearDown()

    def test_fresh_object_not_finalized(self):
        self.assertFalse(gc.is_finalized(Phoenix()))

    def test_resurrected_by_collector_is_finalized(self):
        p = Phoenix()
        p.me = p
        del p
        gc.collect()
        self.assertEqual(len(resurrected), 1)
        self.assertTrue(gc.is_finalized(resurrected[0]))

    def test_resurrected_by_refcount_is_finalized(self):
        Phoenix()
        self.assertEqual(len(resurrected), 1)
        self.assertTrue(gc.is_finalized(resurrected[0]))

    def test_atomic_not_finalized(self):
        self.assertFalse(gc.is_finalized(1))
        self.assertFalse(gc.is_finalized(None))

    def test_returns_bool(self):
        self.assertIs(gc.is_finalized([]), False)
        self.assertIs(gc.is_tracked([]), True)


class FreezeTests(GcTestCase):

    def tearDown(self):
        gc.unfreeze()
        super().tearDown()

    def test_freeze_moves_objects_to_permanent_generation(self):
        x = []
        gc.freeze()
        self.assertGreater(gc.get_freeze_count(), 0)
        self.assertFalse(contains_identical(gc.get_objects(), x))

    def test_freeze_resets_counts(self):
        junk = [Plain() for _ in range(10)]
        gc.freeze()
        self.assertEqual(gc.get_count(), (0, 0, 0))

    def test_unfreeze_empties_permanent_generation(self):
        x = []
        gc.freeze()
        gc.unfreeze()
        self.assertEqual(gc.get_freeze_count(), 0)
        self.assertTrue(contains_identical(gc.get_objects(generation=2), x))

    def test_frozen_cycle_is_not_collected(self):
        l = []
        l.append(l)
        gc.freeze()
        del l
        self.assertEqual(gc.collect(), 0)
        gc.unfreeze()
        self.assertEqual(gc.collect(), 1)

    def test_freeze_count_grows_with_new_objects(self):
        gc.freeze()
        first = gc.get_freeze_count()
        keep = [[] for _ in range(10)]
        gc.freeze()
        self.assertEqual(gc.get_freeze_count() - first, 11)

    def test_functions_return_none(self):
        self.assertIsNone(gc.freeze())
        self.assertIsNone(gc.unfreeze())


if __name__ == "__main__":
    unittest.main()
