"""Instances of classes deriving from builtin types (list, dict, set, frozenset, tuple,
bytearray, str, int) on CPython 3.12: counted like any instance (the class reference,
__del__ at once, weak references) and holding their items like their base. The base's
tp_new makes the object, so its __dict__ is a dict object made on first use (never inline
values); subtype_traverse visits the slots, the dict, the type, then the base's items;
subtype_dealloc finalizes, clears the weak references, then releases the slots, the dict,
the items (list: last first) and the type."""

import gc
import sys
import unittest
import weakref

from refgc_support import TracingTestCase, Plain


### Support code
###############################################################################

class L(list):
    pass


class D(dict):
    pass


class S(set):
    pass


class T(tuple):
    pass


class LoggedList(list):
    """A list subclass whose __del__ logs to a tracer (set as an attribute)."""

    def __del__(self):
        self.tracer.log("del list")


class LoggedDict(dict):
    def __del__(self):
        self.tracer.log("del dict")


class SlottedList(list):
    __slots__ = ("tracer", "a")

    def __del__(self):
        self.tracer.log("del slotted")


class AppendingList(list):
    """Overrides append and __init__ and calls the base through super()."""

    def __init__(self, items=()):
        super().__init__(items)

    def append(self, x):
        super().append(x)


class StoringDict(dict):
    def __setitem__(self, k, v):
        super().__setitem__(k, v)

    def __delitem__(self, k):
        super().__delitem__(k)


class SubclassTestCase(TracingTestCase):
    """The tracing test case of this file."""


### Tests
###############################################################################

class RefcountTests(SubclassTestCase):

    def test_list_subclass_getrefcount_is_2(self):
        a = L()
        self.assertEqual(sys.getrefcount(a), 2)

    def test_dict_subclass_getrefcount_counts_names_and_items(self):
        d = D(x=1)
        e = d
        holder = [d]
        self.assertEqual(sys.getrefcount(d), 4)
        del e, holder
        self.assertEqual(sys.getrefcount(d), 2)

    def test_item_stored_in_subclass_counts(self):
        x = Plain()
        a = L([x])
        a.append(x)
        s = S([x])
        self.assertEqual(sys.getrefcount(x), 5)
        del a
        self.assertEqual(sys.getrefcount(x), 3)
        del s
        self.assertEqual(sys.getrefcount(x), 2)

    def test_tuple_and_frozenset_subclass_hold_their_items(self):
        class F(frozenset):
            pass
        x = Plain()
        t = T((x, x))
        f = F([x])
        self.assertEqual(sys.getrefcount(x), 5)
        del t, f
        self.assertEqual(sys.getrefcount(x), 2)

    def test_str_and_int_subclass_instances_are_counted(self):
        class Name(str):
            pass

        class Number(int):
            pass
        n = Name("abc")
        i = Number(7)
        m = n
        self.assertEqual(sys.getrefcount(n), 3)
        self.assertEqual(sys.getrefcount(i), 2)
        del m


class FinalizationTests(SubclassTestCase):

    def test_list_subclass_finalized_at_once(self):
        a = LoggedList()
        a.tracer = self.t
        self.t.log("before")
        del a
        self.t.log("after")
        self.assertEqual(self.events(), ["before", "del list", "after"])

    def test_items_die_after_finalizer_last_first(self):
        a = LoggedList([self.F("a"), self.F("b")])
        a.append(self.F("c"))
        a.tracer = self.t
        del a
        self.assertEqual(self.events(), ["del list", "del c", "del b", "del a"])

    def test_dict_subclass_values_die_in_insertion_order(self):
        d = LoggedDict(first=self.F("1"))
        d["second"] = self.F("2")
        d.update(third=self.F("3"))
        d.tracer = self.t
        del d
        self.assertEqual(self.events(), ["del dict", "del 1", "del 2", "del 3"])

    def test_attributes_die_before_items(self):
        a = LoggedList([self.F("item")])
        a.tracer = self.t
        a.attr = self.F("attr")
        del a
        self.assertEqual(self.events(), ["del list", "del attr", "del item"])

    def test_slots_die_before_items(self):
        a = SlottedList([self.F("item")])
        a.tracer = self.t
        a.a = self.F("slot")
        del a
        self.assertEqual(self.events(), ["del slotted", "del slot", "del item"])

    def test_replaced_and_removed_items_die_at_once(self):
        a = L([self.F("a"), self.F("b")])
        a[0] = self.F("c")
        self.assertEqual(self.events(), ["del a"])
        a.pop()
        self.assertEqual(self.events(), ["del b"])
        d = D(k=self.F("x"))
        del d["k"]
        self.assertEqual(self.events(), ["del x"])
        del a, d
        self.assertEqual(self.events(), ["del c"])

    def test_inplace_operators_store_items(self):
        a = L()
        a += [self.F("a")]
        s = S()
        s |= {self.F("s")}
        self.assertEqual(self.events(), [])
        del a
        self.assertEqual(self.events(), ["del a"])
        del s
        self.assertEqual(self.events(), ["del s"])

    def test_generator_argument_items_counted(self):
        a = L(self.F(n) for n in "ab")
        t = T(self.F(n) for n in "cd")
        self.assertEqual(self.events(), [])
        del a
        self.assertEqual(self.events(), ["del b", "del a"])
        del t
        self.assertEqual(self.events(), ["del d", "del c"])

    def test_slice_and_concatenation_results_hold_items(self):
        a = L([self.F("a"), self.F("b")])
        head = a[:1]
        both = a + []
        self.assertIs(type(head), list)
        del a
        self.assertEqual(self.events(), [])
        del both
        self.assertEqual(self.events(), ["del b"])
        del head
        self.assertEqual(self.events(), ["del a"])

    def test_loop_over_temporary_keeps_it_until_exhausted(self):
        for x in L([self.F("a"), self.F("b")]):
            self.t.log("got " + x.name)
        self.t.log("loop done")
        del x
        self.assertEqual(self.events(), ["got a", "got b", "del a", "loop done", "del b"])

    def test_str_subclass_finalized_at_once(self):
        tracer = self.t

        class Name(str):
            def __del__(self):
                tracer.log("del " + self)
        n = Name("n")
        del n
        self.assertEqual(self.events(), ["del n"])


class OverrideTests(SubclassTestCase):

    def test_overriding_append_and_init_through_super(self):
        x = Plain()
        a = AppendingList([x])
        a.append(x)
        self.assertEqual(sys.getrefcount(x), 4)
        a.append(self.F("f"))
        del a
        self.assertEqual(sys.getrefcount(x), 2)
        self.assertEqual(self.events(), ["del f"])

    def test_overriding_init_with_generator(self):
        a = AppendingList(self.F(n) for n in "xy")
        self.assertEqual(self.events(), [])
        del a
        self.assertEqual(self.events(), ["del y", "del x"])

    def test_overriding_setitem_through_super(self):
        d = StoringDict()
        d["k"] = self.F("v")
        d["k"] = self.F("w")
        self.assertEqual(self.events(), ["del v"])
        del d["k"]
        self.assertEqual(self.events(), ["del w"])
        d["z"] = self.F("z")
        del d
        self.assertEqual(self.events(), ["del z"])

    def test_base_method_called_on_instance(self):
        x = Plain()
        d = StoringDict()
        dict.__setitem__(d, "k", x)
        list.append(L(), x)
        self.assertEqual(sys.getrefcount(x), 3)
        self.assertIs(d.pop("k"), x)
        self.assertEqual(sys.getrefcount(x), 2)


class CycleTests(SubclassTestCase):

    def test_list_subclass_self_cycle_is_1(self):
        a = L()
        a.append(a)
        del a
        self.assertEqual(gc.collect(), 1)

    def test_dict_subclass_self_cycle_finalized_and_counted(self):
        d = LoggedDict(x=1)
        d.tracer = self.t
        d["self"] = d
        del d
        self.assertEqual(gc.collect(), 2)
        self.assertEqual(self.events(), ["del dict"])

    def test_attribute_cycle_counts_the_instance_dict(self):
        a = L()
        a.me = a
        del a
        self.assertEqual(gc.collect(), 2)

    def test_atomic_attributes_leave_the_dict_untracked(self):
        a = L()
        a.x = 1
        a.append(a)
        del a
        self.assertEqual(gc.collect(), 1)

    def test_tuple_subclass_cycle_through_items_and_attribute(self):
        t = T(([], []))
        t[0].append(t)
        del t
        self.assertEqual(gc.collect(), 3)
        t = T(([],))
        t.a = t
        del t
        self.assertEqual(gc.collect(), 3)

    def test_set_subclass_cycle_through_an_instance(self):
        s = S()
        p = Plain()
        p.s = s
        s.add(p)
        del s, p
        self.assertEqual(gc.collect(), 2)

    def test_cycle_items_die_with_it(self):
        a = L([self.F("item")])
        a.append(a)
        del a
        self.assertEqual(self.events(), [])
        self.assertEqual(gc.collect(), 2)
        self.assertEqual(self.events(), ["del item"])


class IntrospectionTests(SubclassTestCase):

    def test_get_referents_type_then_items(self):
        p, q = Plain(), Plain()
        a = L([p, q])
        self.assertEqual([id(x) for x in gc.get_referents(a)], [id(L), id(q), id(p)])

    def test_get_referents_dict_first(self):
        p = Plain()
        a = L([p])
        a.tag = "t"
        refs = gc.get_referents(a)
        self.assertEqual([id(x) for x in refs], [id(a.__dict__), id(L), id(p)])
        self.assertEqual(refs[0], {"tag": "t"})

    def test_get_referents_of_dict_subclass(self):
        p = Plain()
        d = D(k=p)
        self.assertEqual([id(x) for x in gc.get_referents(d)], [id(D), id(p)])

    def test_get_referrers_finds_the_instance(self):
        p = Plain()
        a = L([p])
        self.assertTrue(any(r is a for r in gc.get_referrers(p)))

    def test_subclass_dicts_and_tuples_stay_tracked(self):
        d = D(a=1)
        t = T((1, 2))
        gc.collect()
        self.assertTrue(gc.is_tracked(d))
        self.assertTrue(gc.is_tracked(t))
        self.assertTrue(gc.is_tracked(L()))
        self.assertFalse(gc.is_tracked({"a": 1}))


class WeakrefTests(SubclassTestCase):

    def test_weakref_to_list_subclass(self):
        a = L([1])
        r = weakref.ref(a)
        self.assertIs(r(), a)
        self.assertEqual(sys.getrefcount(a), 2)
        del a
        self.assertIsNone(r())

    def test_finalizer_then_callback_then_items(self):
        a = LoggedList([self.F("item")])
        a.tracer = self.t
        r = weakref.ref(a, lambda ref: self.t.log("callback"))
        del a
        self.assertEqual(self.events(), ["del list", "callback", "del item"])
        del r

    def test_weakref_to_dict_subclass_in_cycle(self):
        d = D()
        d["self"] = d
        r = weakref.ref(d, lambda ref: self.t.log("callback"))
        del d
        self.assertEqual(gc.collect(), 1)
        self.assertEqual(self.events(), ["callback"])
        self.assertIsNone(r())


if __name__ == "__main__":
    unittest.main()
