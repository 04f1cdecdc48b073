"""collections.deque and collections.defaultdict on CPython 3.12 (Modules/_collectionsmodule.c).

A deque holds one reference per item: append/appendleft/extend/extendleft/insert add it,
pop/popleft hand it to the caller, remove/clear/del d[i]/a store over d[i] drop it, and
a bounded deque (maxlen) drops the item at the other end as soon as it overflows.
deque_clear and deque_dealloc release the items from the left (a list releases its last
item first); deque_traverse visits the type (a heap type in 3.12), then the items from
the left. A deque iterator holds its deque until it dies, even when exhausted.

A defaultdict is a dict that also holds its default_factory: defdict_traverse visits the
type, the factory, then the entries; defdict_dealloc releases the factory first.
d[k] for a missing k calls the factory and stores its result (__missing__).

An OrderedDict (Objects/odictobject.c) is a dict plus a linked list of nodes, each
holding its key: a key gets two references. odict_traverse visits the nodes' keys (in
the linked order, which move_to_end changes), then the dict's entries; odict_dealloc
releases the nodes, then the entries (in the dict's order); clear() empties the dict
(values die) before the nodes (then the keys die)."""

import gc
import sys
import unittest
import weakref
from collections import OrderedDict, defaultdict, deque

from refgc_support import TracingTestCase, Plain


### Support code
###############################################################################

class LoggedFactory:
    """A callable default_factory that logs its own finalization."""

    def __init__(self, tracer, name="factory"):
        self.tracer = tracer
        self.name = name

    def __call__(self):
        return []

    def __del__(self):
        self.tracer.log("del " + self.name)


class Holder:
    """A callable that may hold anything (to close cycles through default_factory)."""

    def __call__(self):
        return 0


### deque: reference counts
###############################################################################

class DequeRefcountTests(TracingTestCase):

    def test_new_deque_getrefcount_is_2(self):
        d = deque()
        self.assertEqual(sys.getrefcount(d), 2)
        e = d
        self.assertEqual(sys.getrefcount(d), 3)
        del e

    def test_constructor_holds_each_item(self):
        x = Plain()
        d = deque([x, x, x])
        self.assertEqual(sys.getrefcount(x), 5)
        del d
        self.assertEqual(sys.getrefcount(x), 2)

    def test_append_appendleft_insert_add_a_reference(self):
        x = Plain()
        d = deque()
        d.append(x)
        d.appendleft(x)
        d.insert(1, x)
        self.assertEqual(sys.getrefcount(x), 5)
        self.assertEqual(len(d), 3)

    def test_subscript_load_and_store(self):
        x = Plain()
        d = deque([x])
        y = d[0]
        self.assertEqual(sys.getrefcount(x), 4)
        d[0] = None
        self.assertEqual(sys.getrefcount(x), 3)
        del y

    def test_pop_hands_over_the_deque_reference(self):
        d = deque([Plain(), Plain()])
        a = d.pop()
        b = d.popleft()
        self.assertEqual(sys.getrefcount(a), 2)
        self.assertEqual(sys.getrefcount(b), 2)
        self.assertEqual(len(d), 0)

    def test_bounded_deque_holds_only_maxlen_items(self):
        x = Plain()
        d = deque([x] * 5, maxlen=2)
        self.assertEqual(sys.getrefcount(x), 4)
        d.extend([x, x, x])
        self.assertEqual(sys.getrefcount(x), 4)
        del d
        self.assertEqual(sys.getrefcount(x), 2)

    def test_iterator_holds_the_deque_even_when_exhausted(self):
        d = deque([1, 2])
        it = iter(d)
        self.assertEqual(sys.getrefcount(d), 3)
        self.assertEqual(list(it), [1, 2])
        self.assertEqual(sys.getrefcount(d), 3)     # dequeiter_next never drops it
        del it
        self.assertEqual(sys.getrefcount(d), 2)

    def test_copy_concat_and_repeat_hold_their_items(self):
        x = Plain()
        d = deque([x])
        c = d.copy()
        s = d + d
        m = d * 3
        self.assertEqual(sys.getrefcount(x), 9)     # x, d, c, s (2), m (3), the argument
        del c, s, m
        self.assertEqual(sys.getrefcount(x), 3)

    def test_inplace_add_and_multiply(self):
        x = Plain()
        d = deque([x])
        e = d
        d += [x]
        self.assertIs(d, e)
        d *= 2
        self.assertEqual(sys.getrefcount(x), 6)
        self.assertEqual(sys.getrefcount(d), 3)
        d *= 0
        self.assertEqual(sys.getrefcount(x), 2)
        del e


### deque: when items die
###############################################################################

class DequeFinalizationTests(TracingTestCase):

    def test_pop_and_popleft_result_dies_at_once(self):
        d = deque([self.F("a"), self.F("b"), self.F("c")])
        d.pop()
        self.assertEqual(self.events(), ["del c"])
        d.popleft()
        self.assertEqual(self.events(), ["del a"])
        self.assertEqual(len(d), 1)

    def test_clear_releases_from_the_left(self):
        d = deque([self.F("a"), self.F("b"), self.F("c")])
        d.clear()
        self.assertEqual(self.events(), ["del a", "del b", "del c"])

    def test_dealloc_releases_from_the_left(self):
        d = deque([self.F("a"), self.F("b")])
        d.appendleft(self.F("z"))
        del d
        self.assertEqual(self.events(), ["del z", "del a", "del b"])

    def test_remove_drops_the_item(self):
        a = self.F("a")
        d = deque([self.F("x"), a, self.F("b")])
        del a
        d.remove(d[1])
        self.assertEqual(self.events(), ["del a"])
        self.assertEqual([o.name for o in d], ["x", "b"])

    def test_delitem_and_store_over_an_item(self):
        d = deque([self.F("a"), self.F("b"), self.F("c")])
        del d[1]
        self.assertEqual(self.events(), ["del b"])
        d[0] = None
        self.assertEqual(self.events(), ["del a"])
        d[-1] = self.F("d")
        self.assertEqual(self.events(), ["del c"])

    def test_maxlen_discards_at_the_other_end(self):
        d = deque([self.F("a"), self.F("b")], maxlen=2)
        d.append(self.F("c"))
        self.assertEqual(self.events(), ["del a"])
        d.appendleft(self.F("d"))
        self.assertEqual(self.events(), ["del c"])
        self.assertEqual([o.name for o in d], ["d", "b"])

    def test_maxlen_zero_drops_what_is_appended(self):
        d = deque(maxlen=0)
        d.append(self.F("a"))
        self.assertEqual(self.events(), ["del a"])
        d.extend(self.F(n) for n in "bc")
        self.assertEqual(self.events(), ["del b", "del c"])

    def test_extend_generator_discards_while_iterating(self):
        d = deque(maxlen=1)
        d.extend(self.F(n) for n in "abc")
        self.assertEqual(self.events(), ["del a", "del b"])
        d.extendleft(self.F(n) for n in "xy")
        self.assertEqual(self.events(), ["del c", "del x"])
        self.assertEqual(d[0].name, "y")

    def test_extend_list_discards_die_with_the_list(self):
        d = deque(maxlen=1)
        d.extend([self.F("a"), self.F("b"), self.F("c")])
        # the discarded items are still in the list; it releases its last item first
        self.assertEqual(self.events(), ["del b", "del a"])

    def test_rotate_changes_the_release_order(self):
        d = deque([self.F("a"), self.F("b"), self.F("c")])
        d.rotate(1)
        self.assertEqual(self.events(), [])
        d.reverse()
        del d
        self.assertEqual(self.events(), ["del b", "del a", "del c"])

    def test_loop_over_a_temporary_deque_keeps_it_alive(self):
        seen = []
        for x in deque([self.F("a"), self.F("b")]):
            seen.append(self.events())
        self.assertEqual(seen, [[], []])
        self.assertEqual(self.events(), ["del a"])
        del x
        self.assertEqual(self.events(), ["del b"])

    def test_list_and_copies_keep_items_alive(self):
        d = deque([self.F("a"), self.F("b")])
        l = list(d)
        c = d.copy()
        s = d + deque([self.F("c")])
        del d
        self.assertEqual(self.events(), [])
        del l
        self.assertEqual(self.events(), [])
        del c
        self.assertEqual(self.events(), [])
        del s
        self.assertEqual(self.events(), ["del a", "del b", "del c"])

    def test_extend_with_itself_and_inplace_add(self):
        d = deque([self.F("a")])
        d.extend(d)
        d += [self.F("b")]
        self.assertEqual(self.events(), [])
        self.assertEqual(len(d), 3)
        d.popleft()
        self.assertEqual(self.events(), [])
        d.popleft()
        self.assertEqual(self.events(), ["del a"])
        del d
        self.assertEqual(self.events(), ["del b"])


### deque: cycles, introspection, weak references
###############################################################################

class DequeGcTests(TracingTestCase):

    def test_deque_containing_itself_is_collected(self):
        d = deque()
        d.append(d)
        del d
        self.assertEqual(gc.collect(), 1)

    def test_cycle_through_an_instance(self):
        a = self.F("a")
        a.d = deque([a, self.F("b")])
        del a
        self.assertEqual(self.events(), [])
        self.assertEqual(gc.collect(), 3)
        self.assertEqual(sorted(self.events()), ["del a", "del b"])

    def test_get_referents_type_then_items_from_the_left(self):
        a, b = Plain(), Plain()
        d = deque([a, b])
        d.appendleft(b)
        self.assertEqual(gc.get_referents(d), [deque, b, a, b])

    def test_deque_is_tracked(self):
        self.assertTrue(gc.is_tracked(deque()))
        d = deque([1, "x"])
        gc.collect()
        self.assertTrue(gc.is_tracked(d))

    def test_getsizeof_of_deques_built_by_the_constructor(self):
        # 216-byte dequeobject + 528-byte blocks of 64 items + the GC header; the
        # constructor starts filling a block at its second slot
        self.assertEqual(sys.getsizeof(deque()), 760)
        self.assertEqual(sys.getsizeof(deque(range(63))), 760)
        self.assertEqual(sys.getsizeof(deque(range(64))), 1288)
        self.assertEqual(sys.getsizeof(deque(range(200))), 216 + 4 * 528 + 16)

    def test_weakref_to_a_deque(self):
        calls = []
        d = deque([1])
        r = weakref.ref(d, lambda ref: calls.append("callback"))
        self.assertIs(r(), d)
        self.assertEqual(weakref.getweakrefcount(d), 1)
        del d
        self.assertIsNone(r())
        self.assertEqual(calls, ["callback"])


### defaultdict
###############################################################################

class DefaultdictTests(TracingTestCase):

    def test_new_defaultdict_getrefcount_and_factory(self):
        fac = Holder()
        dd = defaultdict(fac)
        self.assertEqual(sys.getrefcount(dd), 2)
        self.assertEqual(sys.getrefcount(fac), 3)
        del dd
        self.assertEqual(sys.getrefcount(fac), 2)

    def test_missing_key_creates_and_stores(self):
        dd = defaultdict(Plain)
        v = dd["k"]
        self.assertEqual(sys.getrefcount(v), 3)
        self.assertIs(dd["k"], v)
        self.assertEqual(sys.getrefcount(dd["k"]), 3)
        del v
        self.assertEqual(sys.getrefcount(dd["k"]), 2)

    def test_missing_value_dies_with_the_defaultdict(self):
        dd = defaultdict(lambda: self.F("v"))
        dd["x"]
        self.assertEqual(self.events(), [])
        dd["x"]
        del dd
        self.assertEqual(self.events(), ["del v"])

    def test_append_to_a_missing_list(self):
        x = Plain()
        dd = defaultdict(list)
        dd["a"].append(x)
        dd["a"].append(x)
        self.assertEqual(sys.getrefcount(x), 4)
        del dd
        self.assertEqual(sys.getrefcount(x), 2)

    def test_no_factory_raises_keyerror_and_stores_nothing(self):
        dd = defaultdict()
        with self.assertRaises(KeyError) as cm:
            dd["missing"]
        self.assertEqual(cm.exception.args, ("missing",))
        self.assertEqual(len(dd), 0)

    def test_default_factory_store_is_counted(self):
        fac = LoggedFactory(self.t)
        dd = defaultdict(fac)
        del fac
        self.assertEqual(self.events(), [])
        dd.default_factory = None
        self.assertEqual(self.events(), ["del factory"])
        fac2 = LoggedFactory(self.t, "second")
        dd.default_factory = fac2
        self.assertEqual(sys.getrefcount(fac2), 3)
        del fac2
        self.assertEqual(dd["k"], [])
        self.assertEqual(self.events(), [])
        del dd
        self.assertEqual(self.events(), ["del second"])

    def test_dealloc_releases_factory_first_then_entries(self):
        dd = defaultdict(LoggedFactory(self.t), a=self.F("a"))
        dd["b"] = self.F("b")
        del dd
        self.assertEqual(self.events(), ["del factory", "del a", "del b"])

    def test_delitem_pop_and_rebinding(self):
        dd = defaultdict(list, a=self.F("a"), b=self.F("b"), c=self.F("c"))
        del dd["a"]
        self.assertEqual(self.events(), ["del a"])
        dd.pop("b")
        self.assertEqual(self.events(), ["del b"])
        dd["c"] = 0
        self.assertEqual(self.events(), ["del c"])

    def test_copy_holds_factory_and_items(self):
        fac = Holder()
        x = Plain()
        dd = defaultdict(fac, k=x)
        c = dd.copy()
        self.assertIs(type(c), defaultdict)
        self.assertEqual(sys.getrefcount(fac), 4)
        self.assertEqual(sys.getrefcount(x), 4)
        del dd
        self.assertEqual(sys.getrefcount(x), 3)
        del c
        self.assertEqual(sys.getrefcount(x), 2)
        self.assertEqual(sys.getrefcount(fac), 2)

    def test_cycle_through_a_value(self):
        dd = defaultdict(list)
        dd["k"].append(dd)
        del dd
        self.assertEqual(gc.collect(), 2)

    def test_cycle_through_default_factory(self):
        h = Holder()
        dd = defaultdict(h)
        h.dd = dd
        del h, dd
        self.assertEqual(gc.collect(), 2)

    def test_get_referents_type_factory_then_values(self):
        fac = Holder()
        a, b = Plain(), Plain()
        dd = defaultdict(fac, x=a, y=b)
        self.assertEqual(gc.get_referents(dd), [defaultdict, fac, a, b])

    def test_defaultdict_of_atomic_values_stays_tracked(self):
        dd = defaultdict(int)
        self.assertTrue(gc.is_tracked(dd))
        dd["a"] += 1
        gc.collect()
        self.assertTrue(gc.is_tracked(dd))
        self.assertFalse(gc.is_tracked({"a": 1}))

    def test_getsizeof_is_a_dicts_plus_the_factory(self):
        self.assertEqual(sys.getsizeof(defaultdict()), sys.getsizeof({}) + 8)
        self.assertEqual(sys.getsizeof(defaultdict(list, a=1)), sys.getsizeof({"a": 1}) + 8)

    def test_defaultdict_cannot_be_weakly_referenced(self):
        dd = defaultdict(list)
        with self.assertRaises(TypeError) as cm:
            weakref.ref(dd)
        self.assertEqual(str(cm.exception),
                         "cannot create weak reference to 'collections.defaultdict' object")
        self.assertEqual(sys.getrefcount(dd), 2)


### OrderedDict
###############################################################################

class OrderedDictTests(TracingTestCase):

    def test_new_ordereddict_getrefcount_is_2(self):
        od = OrderedDict()
        self.assertEqual(sys.getrefcount(od), 2)
        self.assertTrue(gc.is_tracked(od))

    def test_each_key_is_held_by_the_dict_and_its_node(self):
        k, v = Plain(), Plain()
        od = OrderedDict([(k, v)])
        self.assertEqual(sys.getrefcount(k), 4)
        self.assertEqual(sys.getrefcount(v), 3)
        k2 = Plain()
        od[k2] = v
        self.assertEqual(sys.getrefcount(k2), 4)
        od[k2] = None
        self.assertEqual(sys.getrefcount(k2), 4)
        self.assertEqual(sys.getrefcount(v), 3)
        del od[k2]
        self.assertEqual(sys.getrefcount(k2), 2)
        del od
        self.assertEqual(sys.getrefcount(k), 2)
        self.assertEqual(sys.getrefcount(v), 2)

    def test_delitem_pop_popitem_and_rebinding(self):
        od = OrderedDict(a=self.F("a"), b=self.F("b"), c=self.F("c"), d=self.F("d"))
        del od["a"]
        self.assertEqual(self.events(), ["del a"])
        od.pop("b")
        self.assertEqual(self.events(), ["del b"])
        od.popitem(last=False)
        self.assertEqual(self.events(), ["del c"])
        od["d"] = 0
        self.assertEqual(self.events(), ["del d"])
        self.assertEqual(list(od), ["d"])

    def test_dealloc_releases_entries_in_dict_order(self):
        od = OrderedDict()
        od[self.F("k1")] = self.F("v1")
        od[self.F("k2")] = self.F("v2")
        del od
        self.assertEqual(self.events(), ["del k1", "del v1", "del k2", "del v2"])

    def test_clear_releases_values_then_node_keys(self):
        od = OrderedDict()
        od[self.F("k1")] = self.F("v1")
        od[self.F("k2")] = self.F("v2")
        od.clear()
        self.assertEqual(self.events(), ["del v1", "del v2", "del k1", "del k2"])

    def test_move_to_end_does_not_change_the_dict_order(self):
        od = OrderedDict(a=self.F("a"), b=self.F("b"))
        od.move_to_end("a")
        self.assertEqual(list(od), ["b", "a"])
        del od
        self.assertEqual(self.events(), ["del a", "del b"])

    def test_get_referents_nodes_then_entries(self):
        k1, k2, v1, v2 = Plain(), Plain(), Plain(), Plain()
        od = OrderedDict([(k1, v1), (k2, v2)])
        od.move_to_end(k1)
        self.assertEqual(gc.get_referents(od), [k2, k1, v1, k1, v2, k2])

    def test_copy_and_or_hold_their_items(self):
        x = Plain()
        od = OrderedDict(a=x)
        c = od.copy()
        u = od | {"b": x}
        r = {"c": x} | od
        self.assertIs(type(r), OrderedDict)
        self.assertEqual(sys.getrefcount(x), 8)     # x, od, c, u (2), r (2), the argument
        del od, c, u, r
        self.assertEqual(sys.getrefcount(x), 2)

    def test_cycle_through_a_value_is_collected(self):
        od = OrderedDict()
        od["self"] = od
        od["x"] = [od]
        del od
        self.assertEqual(gc.collect(), 2)

    def test_loop_over_a_temporary_ordereddict(self):
        names = []
        for v in OrderedDict(a=self.F("a"), b=self.F("b")).values():
            names.append(v.name)
            self.assertEqual(self.events(), [])
        self.assertEqual(names, ["a", "b"])
        self.assertEqual(self.events(), ["del a"])
        del v
        self.assertEqual(self.events(), ["del b"])

    def test_subclass_lru_cache_counts_and_evicts_at_once(self):
        class LRU(OrderedDict):
            def __init__(self, cap):
                super().__init__()
                self.cap = cap

            def put(self, k, v):
                self[k] = v
                self.move_to_end(k)
                if len(self) > self.cap:
                    self.popitem(last=False)
        c = LRU(2)
        c.put("a", self.F("a"))
        c.put("b", self.F("b"))
        self.assertEqual(self.events(), [])
        self.assertEqual(sys.getrefcount(c["b"]), 2)
        c.put("c", self.F("c"))
        self.assertEqual(self.events(), ["del a"])
        c["b"] = None
        self.assertEqual(self.events(), ["del b"])
        del c
        self.assertEqual(self.events(), ["del c"])

    def test_subclass_keys_are_held_twice(self):
        class OD(OrderedDict):
            pass
        k = Plain()
        od = OD([(k, 1)])
        self.assertEqual(sys.getrefcount(k), 4)
        od[Plain()] = k
        self.assertEqual(sys.getrefcount(k), 5)
        del od[k]
        self.assertEqual(sys.getrefcount(k), 3)
        del od
        self.assertEqual(sys.getrefcount(k), 2)

    def test_iterator_drops_the_ordereddict_when_exhausted(self):
        od = OrderedDict(a=1, b=2)
        it = iter(od)
        self.assertEqual(sys.getrefcount(od), 3)
        self.assertEqual(next(it), "a")
        self.assertEqual(list(it), ["b"])
        self.assertEqual(sys.getrefcount(od), 2)    # odictiter_nextkey cleared it
        r = reversed(od)
        self.assertEqual(sys.getrefcount(od), 3)
        del r
        self.assertEqual(sys.getrefcount(od), 2)

    def test_popitem_pair_holds_key_and_value(self):
        k, v = Plain(), Plain()
        od = OrderedDict([(k, v), ("x", 1)])
        p = od.popitem(last=False)
        self.assertIs(p[0], k)
        self.assertEqual(sys.getrefcount(k), 3)
        self.assertEqual(sys.getrefcount(v), 3)
        del p
        self.assertEqual(sys.getrefcount(k), 2)
        self.assertEqual(sys.getrefcount(v), 2)
        self.assertEqual(od.pop("x"), 1)
        self.assertEqual(od.pop("x", k), k)
        self.assertEqual(sys.getrefcount(k), 2)

    def test_weakref_to_an_ordereddict(self):
        od = OrderedDict()
        r = weakref.ref(od)
        self.assertIs(r(), od)
        del od
        self.assertIsNone(r())


if __name__ == "__main__":
    unittest.main()
