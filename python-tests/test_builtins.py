"""The reference effects of builtins and of the methods of builtin types, as CPython 3.12
has them: what each call adds to or drops from its arguments' refcounts, whether its
result is a new object or a new reference to an existing one, what the result holds,
and the moment each `__del__` runs.

Every test calls one builtin and checks exact sys.getrefcount values (a local bound to a
new object reports 2) and the finalization log right after the call.
"""

import copy
import sys
import unittest

from refgc_support import TracingTestCase

rc = sys.getrefcount


class Key:
    """Hashed, compared and ordered by name; logs its finalization to a tracer."""

    def __init__(self, tracer, name):
        self.tracer = tracer
        self.name = name

    def __eq__(self, other):
        return isinstance(other, Key) and other.name == self.name

    def __hash__(self):
        return hash(self.name)

    def __lt__(self, other):
        return self.name < other.name

    def __gt__(self, other):
        return self.name > other.name

    def __del__(self):
        self.tracer.log("del " + self.name)

    def __repr__(self):
        return "Key(%s)" % self.name


class Box:
    """A plain instance with a __dict__."""


class Base:
    def who(self):
        return "Base"


class Derived(Base):
    def who(self):
        return "Derived+" + super().who()

    def bound_super(self):
        return super()


### list
###############################################################################

class ListMethodTests(TracingTestCase):

    def test_append_adds_one_per_call(self):
        a = self.t.obj("a")
        l = []
        l.append(a)
        self.assertEqual(rc(a), 3)
        append = l.append
        append(a)
        list.append(l, a)
        self.assertEqual(rc(a), 5)
        self.assertEqual(l, [a, a, a])
        del a
        self.assertEqual(self.t.take(), [])
        l.clear()
        self.assertEqual(self.t.take(), ["del a"])

    def test_extend_from_list_and_generator(self):
        a = self.t.obj("a")
        l = []
        l.extend([a, a])
        self.assertEqual(rc(a), 4)
        l.extend(self.t.obj("g%d" % i) for i in range(2))
        self.assertEqual(self.t.take(), [])
        self.assertEqual(rc(l[2]), 2)
        del l[2:]
        self.assertEqual(self.t.take(), ["del g1", "del g0"])

    def test_insert_adds_one(self):
        a = self.t.obj("a")
        l = [1, 2]
        l.insert(1, a)
        self.assertEqual(rc(a), 3)
        self.assertEqual(l.index(a), 1)

    def test_pop_moves_the_list_reference(self):
        l = [self.t.obj("a"), self.t.obj("b")]
        x = l.pop()
        self.assertEqual(rc(x), 2)
        self.assertEqual(self.t.take(), [])
        del x
        self.assertEqual(self.t.take(), ["del b"])
        l.pop(0)
        self.assertEqual(self.t.take(), ["del a"])

    def test_remove_drops_one(self):
        a = self.t.obj("a")
        l = [a, a]
        self.assertEqual(rc(a), 4)
        l.remove(a)
        self.assertEqual(rc(a), 3)
        del a
        l.remove(l[0])
        self.assertEqual(self.t.take(), ["del a"])

    def test_remove_drops_the_stored_equal_item(self):
        l = [Key(self.t, "k")]
        l.remove(Key(self.t, "k"))
        self.assertEqual(self.t.take(), ["del k", "del k"])

    def test_index_and_count_keep_nothing(self):
        a = self.t.obj("a")
        l = [a, 1, a]
        self.assertEqual((l.index(a), l.count(a), l.index(a, 1)), (0, 2, 2))
        self.assertEqual(rc(a), 4)

    def test_clear_drops_last_item_first(self):
        l = [self.t.obj("a"), self.t.obj("b"), self.t.obj("c")]
        l.clear()
        self.assertEqual(self.t.take(), ["del c", "del b", "del a"])

    def test_copy_is_a_new_list_holding_each_item(self):
        a = self.t.obj("a")
        l = [a, a]
        c = l.copy()
        self.assertIsNot(c, l)
        self.assertEqual(rc(a), 6)
        self.assertEqual(rc(c), 2)
        del l, c
        self.assertEqual(rc(a), 2)

    def test_reverse_keeps_counts(self):
        a = self.t.obj("a")
        l = [a, self.t.obj("b")]
        l.reverse()
        self.assertEqual(rc(a), 3)
        self.assertEqual(l[1], a)

    def test_sort_with_key_drops_keys_in_sorted_order(self):
        l = [Key(self.t, "c"), Key(self.t, "a"), Key(self.t, "b")]
        l.sort(key=lambda k: Key(self.t, "key " + k.name))
        self.assertEqual([k.name for k in l], ["a", "b", "c"])
        self.assertEqual(self.t.take(), ["del key a", "del key b", "del key c"])

    def test_sort_reverse_with_key(self):
        l = [Key(self.t, "a"), Key(self.t, "c"), Key(self.t, "b")]
        l.sort(key=lambda k: Key(self.t, "key " + k.name), reverse=True)
        self.assertEqual([k.name for k in l], ["c", "b", "a"])
        self.assertEqual(self.t.take(), ["del key a", "del key b", "del key c"])

    def test_sort_key_failure_drops_computed_keys_last_first(self):
        def key(k):
            if k.name == "c":
                raise KeyError(k.name)
            return Key(self.t, "key " + k.name)
        l = [Key(self.t, "b"), Key(self.t, "a"), Key(self.t, "c")]
        with self.assertRaises(KeyError):
            l.sort(key=key)
        self.assertEqual(self.t.take(), ["del key a", "del key b"])
        self.assertEqual([k.name for k in l], ["b", "a", "c"])

    def test_list_constructor(self):
        a = self.t.obj("a")
        l = list((a, a))
        self.assertEqual(rc(a), 4)
        self.assertEqual(rc(l), 2)
        g = list(self.t.obj("g%d" % i) for i in range(2))
        self.assertEqual(rc(g[0]), 2)
        del g
        self.assertEqual(self.t.take(), ["del g1", "del g0"])

    def test_list_of_an_iterator_releases_its_container(self):
        a = self.t.obj("a")
        src = [a]
        it = iter(src)
        self.assertEqual(rc(src), 3)
        l = list(it)
        self.assertEqual(rc(src), 2)
        self.assertEqual(rc(a), 4)
        del l, it
        self.assertEqual(rc(a), 3)


### dict
###############################################################################

class DictMethodTests(TracingTestCase):

    def test_get_returns_a_new_reference(self):
        a = self.t.obj("a")
        d = {"a": a}
        x = d.get("a")
        self.assertEqual(rc(a), 4)
        dflt = self.t.obj("dflt")
        y = d.get("missing", dflt)
        self.assertIs(y, dflt)
        self.assertEqual(rc(dflt), 3)
        del x, y
        self.assertEqual((rc(a), rc(dflt)), (3, 2))

    def test_setdefault_stores_key_and_value(self):
        d = {}
        k = Key(self.t, "k")
        v = self.t.obj("v")
        r = d.setdefault(k, v)
        self.assertIs(r, v)
        self.assertEqual((rc(k), rc(v)), (3, 4))
        r2 = d.setdefault(k, self.t.obj("other"))
        self.assertEqual(self.t.take(), ["del other"])
        self.assertEqual(rc(v), 5)
        del r, r2

    def test_pop_hands_over_the_value_and_drops_the_key(self):
        k = Key(self.t, "k")
        d = {k: self.t.obj("v")}
        x = d.pop(Key(self.t, "k"))
        self.assertEqual(self.t.take(), ["del k"])
        self.assertEqual(rc(k), 2)
        self.assertEqual(rc(x), 2)
        del x
        self.assertEqual(self.t.take(), ["del v"])

    def test_pop_default_and_missing(self):
        d = {}
        dflt = self.t.obj("d")
        self.assertIs(d.pop("x", dflt), dflt)
        self.assertEqual(rc(dflt), 2)
        with self.assertRaises(KeyError):
            d.pop("x")

    def test_popitem_moves_both_references_into_a_new_tuple(self):
        k = Key(self.t, "k")
        d = {k: self.t.obj("v")}
        del k
        item = d.popitem()
        self.assertEqual(rc(item), 2)
        self.assertEqual(rc(item[0]), 2)
        self.assertEqual(rc(item[1]), 2)
        del item
        self.assertEqual(self.t.take(), ["del v", "del k"])

    def test_update_replaces_values_and_keeps_old_keys(self):
        a, b = self.t.obj("a"), self.t.obj("b")
        d = {"a": a}
        d.update({"b": b})
        d.update([("c", b)], e=a)
        self.assertEqual((rc(a), rc(b)), (4, 4))
        del a
        d.update(a=None)
        self.assertEqual(self.t.take(), [])
        d.update(e=None)
        self.assertEqual(self.t.take(), ["del a"])
        k1 = Key(self.t, "k")
        d2 = {k1: 1}
        k2 = Key(self.t, "k")
        d2.update({k2: 2})
        self.assertEqual((rc(k1), rc(k2)), (3, 2))

    def test_views_hold_the_dict(self):
        a = self.t.obj("a")
        d = {"a": a}
        keys, values, items = d.keys(), d.values(), d.items()
        self.assertEqual(rc(d), 5)
        self.assertEqual(list(items), [("a", a)])
        self.assertEqual(rc(a), 3)
        del d, values, items
        del a
        self.assertEqual(self.t.take(), [])
        del keys
        self.assertEqual(self.t.take(), ["del a"])

    def test_copy_and_clear(self):
        a, b = self.t.obj("a"), self.t.obj("b")
        d = {"a": a, "b": b}
        c = d.copy()
        self.assertEqual((rc(a), rc(b), rc(c)), (4, 4, 2))
        del a, b
        d.clear()
        self.assertEqual(self.t.take(), [])
        c.clear()
        self.assertEqual(self.t.take(), ["del a", "del b"])

    def test_fromkeys_shares_the_value(self):
        v = self.t.obj("v")
        d = dict.fromkeys(["x", "y", "z"], v)
        self.assertEqual(rc(v), 5)
        k = Key(self.t, "k")
        e = {}.fromkeys((k, k))
        self.assertEqual(rc(k), 3)
        self.assertEqual(e, {k: None})
        del d, e
        self.assertEqual((rc(v), rc(k)), (2, 2))

    def test_dict_constructor(self):
        a, b = self.t.obj("a"), self.t.obj("b")
        d = dict(x=a, y=b)
        e = dict([("x", a), ("y", a)])
        f = dict(d, z=b)
        self.assertEqual((rc(a), rc(b)), (6, 5))
        g = dict({"k": a}.items())
        self.assertEqual(rc(a), 7)
        del d, e, f, g
        self.assertEqual((rc(a), rc(b)), (2, 2))

    def test_dict_of_duplicate_pairs_drops_the_replaced_value(self):
        d = dict([("k", self.t.obj("first")), ("k", self.t.obj("second"))])
        self.assertEqual(self.t.take(), ["del first"])
        self.assertEqual(rc(d["k"]), 2)


### set and frozenset
###############################################################################

class SetMethodTests(TracingTestCase):

    def test_add_discard_remove(self):
        k = Key(self.t, "k")
        s = set()
        s.add(k)
        s.add(k)
        self.assertEqual(rc(k), 3)
        s.add(Key(self.t, "k"))
        self.assertEqual(self.t.take(), ["del k"])
        s.discard(Key(self.t, "k"))
        self.assertEqual(self.t.take(), ["del k"])
        self.assertEqual(rc(k), 2)
        s.add(k)
        s.remove(k)
        self.assertEqual(rc(k), 2)
        with self.assertRaises(KeyError):
            s.remove(k)

    def test_pop_moves_the_set_reference(self):
        s = {Key(self.t, "k")}
        x = s.pop()
        self.assertEqual(rc(x), 2)
        del x
        self.assertEqual(self.t.take(), ["del k"])

    def test_copy_and_clear(self):
        k = Key(self.t, "k")
        s = {k}
        c = s.copy()
        self.assertEqual(rc(k), 4)
        s.clear()
        c.clear()
        self.assertEqual(rc(k), 2)

    def test_algebra_builds_new_sets(self):
        a, b, c = Key(self.t, "a"), Key(self.t, "b"), Key(self.t, "c")
        s, t = {a, b}, {b, c}
        u = s.union(t)
        i = s.intersection(t)
        d = s.difference(t)
        x = s.symmetric_difference(t)
        self.assertEqual((rc(a), rc(b), rc(c)), (6, 6, 5))
        self.assertTrue(s.issubset(u) and u.issuperset(s) and not s.isdisjoint(t))
        del u, i, d, x
        self.assertEqual((rc(a), rc(b), rc(c)), (3, 4, 3))

    def test_in_place_updates(self):
        a, b, c = Key(self.t, "a"), Key(self.t, "b"), Key(self.t, "c")
        s = {a}
        s.update([b], (c,))
        self.assertEqual((rc(a), rc(b), rc(c)), (3, 3, 3))
        s.intersection_update({b, c})
        self.assertEqual((rc(a), rc(b), rc(c)), (2, 3, 3))
        s.difference_update([c])
        s.symmetric_difference_update({a, b})
        self.assertEqual((rc(a), rc(b), rc(c)), (3, 2, 2))

    def test_set_constructor_drops_duplicates(self):
        s = set([Key(self.t, "k"), Key(self.t, "k")])
        self.assertEqual(self.t.take(), ["del k"])
        self.assertEqual(len(s), 1)
        self.assertEqual(rc(next(iter(s))), 2)

    def test_frozenset_copy_is_itself(self):
        a = Key(self.t, "a")
        f = frozenset([a])
        self.assertEqual(rc(a), 3)
        c = f.copy()
        self.assertIs(c, f)
        self.assertIs(frozenset(f), f)
        self.assertEqual(rc(f), 3)

    def test_frozenset_algebra(self):
        a, b = Key(self.t, "a"), Key(self.t, "b")
        f = frozenset([a, b])
        u = f.union([Key(self.t, "c")])
        i = f.intersection([a])
        d = f.difference([a])
        self.assertEqual((rc(a), rc(b)), (5, 5))
        self.assertTrue(f.issubset(u) and u.issuperset(f) and not f.isdisjoint([a]))
        del u
        self.assertEqual(self.t.take(), ["del c"])
        del i, d
        self.assertEqual((rc(a), rc(b)), (3, 3))


### tuple
###############################################################################

class TupleMethodTests(TracingTestCase):

    def test_count_and_index_keep_nothing(self):
        a = self.t.obj("a")
        t = (a, 1, a)
        self.assertEqual((t.count(a), t.index(a), t.index(a, 1)), (2, 0, 2))
        count = t.count
        self.assertEqual(count(1), 1)
        self.assertEqual(rc(a), 4)
        del t, count
        self.assertEqual(rc(a), 2)

    def test_tuple_constructor(self):
        a = self.t.obj("a")
        t = tuple([a, a])
        self.assertEqual(rc(a), 4)
        self.assertIs(tuple(t), t)
        self.assertEqual(rc(t), 2)
        g = tuple(self.t.obj("g%d" % i) for i in range(2))
        del g
        self.assertEqual(self.t.take(), ["del g1", "del g0"])


### builtin functions
###############################################################################

class BuiltinFunctionTests(TracingTestCase):

    def test_len_isinstance_issubclass_keep_nothing(self):
        a = self.t.obj("a")
        l = [a]
        self.assertEqual(len(l), 1)
        self.assertTrue(isinstance(a, object) and issubclass(Key, object))
        self.assertEqual((rc(a), rc(l)), (3, 2))

    def test_print_repr_str_hash_id_keep_nothing(self):
        k = Key(self.t, "k")
        self.assertEqual(repr([k]), "[Key(k)]")
        self.assertEqual(str(k), "Key(k)")
        self.assertEqual(hash(k), hash("k"))
        self.assertEqual(id(k), id(k))
        import io
        buf = io.StringIO()
        print(k, [k], file=buf)
        self.assertEqual(buf.getvalue(), "Key(k) [Key(k)]\n")
        self.assertEqual(rc(k), 2)

    def test_getattr_returns_a_new_reference(self):
        b = Box()
        b.a = self.t.obj("a")
        x = getattr(b, "a")
        self.assertEqual(rc(x), 3)
        dflt = self.t.obj("dflt")
        self.assertIs(getattr(b, "missing", dflt), dflt)
        self.assertEqual(rc(dflt), 2)
        with self.assertRaises(AttributeError):
            getattr(b, "missing")
        del x, b
        self.assertEqual(self.t.take(), ["del a"])

    def test_getattr_bound_method_holds_self(self):
        a = self.t.obj("a")
        m = getattr(a, "__repr__")
        self.assertEqual(rc(a), 3)
        del m
        self.assertEqual(rc(a), 2)

    def test_setattr_delattr_hasattr(self):
        b = Box()
        a = self.t.obj("a")
        setattr(b, "a", a)
        self.assertEqual(rc(a), 3)
        self.assertTrue(hasattr(b, "a"))
        self.assertFalse(hasattr(b, "z"))
        setattr(b, "a", self.t.obj("b"))
        self.assertEqual(rc(a), 2)
        delattr(b, "a")
        self.assertEqual(self.t.take(), ["del b"])

    def test_iter_holds_its_container_until_exhausted(self):
        a = self.t.obj("a")
        l = [a]
        it = iter(l)
        self.assertEqual(rc(l), 3)
        self.assertIs(iter(it), it)
        self.assertEqual(rc(it), 2)
        x = next(it)
        self.assertEqual(rc(a), 4)
        with self.assertRaises(StopIteration):
            next(it)
        self.assertEqual(rc(l), 2)
        del x

    def test_iter_of_tuple_and_dict(self):
        t = (self.t.obj("a"),)
        ti = iter(t)
        self.assertEqual(rc(t), 3)
        d = {"k": 1}
        di = iter(d)
        self.assertEqual(rc(d), 3)
        for _ in di:
            pass
        self.assertEqual(rc(d), 2)
        self.assertEqual(list(ti), [t[0]])
        self.assertEqual(rc(t), 2)

    def test_iter_callable_sentinel(self):
        counter = [0]

        def step():
            counter[0] += 1
            return counter[0]
        sentinel = self.t.obj("sentinel")
        it = iter(step, sentinel)
        self.assertEqual((rc(step), rc(sentinel)), (3, 3))
        self.assertEqual(next(it), 1)
        del it
        self.assertEqual((rc(step), rc(sentinel)), (2, 2))
        counter[0] = 0
        it2 = iter(step, 3)
        self.assertEqual(list(it2), [1, 2])
        self.assertEqual(rc(step), 2)

    def test_next_returns_a_new_reference_and_default(self):
        def gen():
            yield self.t.obj("g1")
            yield self.t.obj("g2")
        g = gen()
        x = next(g)
        self.assertEqual(rc(x), 2)
        del x
        self.assertEqual(self.t.take(), ["del g1"])
        next(g)
        self.assertEqual(self.t.take(), ["del g2"])
        dflt = self.t.obj("dflt")
        self.assertIs(next(g, dflt), dflt)
        self.assertEqual(rc(dflt), 2)

    def test_sorted_builds_a_new_list(self):
        a, b = Key(self.t, "b"), Key(self.t, "a")
        src = [a, b]
        s = sorted(src)
        self.assertEqual(s, [b, a])
        self.assertEqual((rc(a), rc(b), rc(s)), (4, 4, 2))
        r = sorted((x for x in src), reverse=True)
        self.assertEqual(r, [a, b])
        del s, r
        self.assertEqual((rc(a), rc(b)), (3, 3))

    def test_sorted_key_results_die_after_the_sort(self):
        src = [Key(self.t, "b"), Key(self.t, "a")]
        r = sorted(src, key=lambda x: Key(self.t, "key " + x.name))
        self.assertEqual(self.t.take(), ["del key a", "del key b"])
        self.assertEqual([x.name for x in r], ["a", "b"])

    def test_reversed_holds_the_sequence(self):
        l = [self.t.obj("a"), self.t.obj("b")]
        r = reversed(l)
        self.assertEqual(rc(l), 3)
        self.assertEqual([x.name for x in r], ["b", "a"])
        self.assertEqual(rc(l), 2)
        r2 = reversed(l)
        del l
        self.assertEqual(self.t.take(), [])
        del r2
        self.assertEqual(self.t.take(), ["del b", "del a"])

    def test_min_max_of_arguments(self):
        a, b = Key(self.t, "a"), Key(self.t, "b")
        m = min(a, b)
        self.assertIs(m, a)
        self.assertEqual((rc(a), rc(b)), (3, 2))
        M = max(a, b)
        self.assertIs(M, b)
        self.assertEqual((rc(a), rc(b)), (3, 3))

    def test_min_of_generator_frees_the_losers_at_once(self):
        m = min(Key(self.t, n) for n in ("b", "a", "c"))
        self.assertEqual(self.t.take(), ["del b", "del c"])
        self.assertEqual(rc(m), 2)

    def test_max_with_key_and_default(self):
        l = [Key(self.t, "b"), Key(self.t, "a"), Key(self.t, "c")]
        M = max(l, key=lambda x: Key(self.t, "key " + x.name))
        self.assertIs(M, l[2])
        self.assertEqual(self.t.take(), ["del key a", "del key b", "del key c"])
        dflt = self.t.obj("d")
        self.assertIs(max([], default=dflt), dflt)
        self.assertEqual(rc(dflt), 2)

    def test_sum_of_lists(self):
        a = self.t.obj("a")
        s = sum([[a], [a]], [])
        self.assertEqual(rc(a), 4)
        start = [a]
        self.assertIs(sum([], start), start)
        del s
        self.assertEqual(rc(a), 3)

    def test_any_all_stop_early(self):
        def gen():
            yield self.t.obj("g1")
            yield 0
            yield self.t.obj("g2")
        self.assertFalse(all(gen()))
        self.assertEqual(self.t.take(), ["del g1"])
        self.assertTrue(any([0, self.t.obj("l")]))
        self.assertEqual(self.t.take(), ["del l"])

    def test_map_holds_function_and_iterable(self):
        a = self.t.obj("a")
        src = [a]
        f = lambda x: [x]  # noqa: E731
        m = map(f, src)
        self.assertEqual((rc(f), rc(src)), (3, 3))
        r = list(m)
        self.assertEqual(rc(a), 4)
        self.assertEqual(rc(src), 2)
        del m
        self.assertEqual(rc(f), 2)
        del r
        self.assertEqual(rc(a), 3)

    def test_zip_holds_its_iterables(self):
        a, b = self.t.obj("a"), self.t.obj("b")
        l1, l2 = [a], [b]
        z = zip(l1, l2)
        self.assertEqual((rc(l1), rc(l2)), (3, 3))
        t = next(z)
        self.assertEqual((rc(a), rc(b)), (4, 4))
        del z
        self.assertEqual(rc(t), 2)
        self.assertEqual((rc(l1), rc(l2)), (2, 2))

    def test_enumerate_and_filter(self):
        a = self.t.obj("a")
        l = [a, None]
        e = enumerate(l)
        f = filter(None, l)
        self.assertEqual(rc(l), 4)
        self.assertEqual(list(f), [a])
        self.assertEqual(rc(l), 3)
        r = list(e)
        self.assertEqual(rc(l), 2)
        self.assertEqual(r, [(0, a), (1, None)])
        del r, e
        self.assertEqual(rc(a), 3)

    def test_range_holds_no_objects(self):
        r = range(3)
        it = iter(r)
        self.assertEqual(rc(r), 2)
        self.assertEqual(list(it), [0, 1, 2])

    def test_vars_is_the_instance_dict(self):
        b = Box()
        b.x = self.t.obj("x")
        d = vars(b)
        self.assertIs(d, b.__dict__)
        self.assertEqual(rc(d), 3)
        d["y"] = self.t.obj("y")
        self.assertEqual(rc(b.y), 2)
        del d, b
        self.assertEqual(sorted(self.t.take()), ["del x", "del y"])

    def test_locals_holds_the_values(self):
        x = self.t.obj("x")
        loc = locals()
        self.assertEqual(rc(x), 3)
        del loc
        self.assertIs(x, x)

    def test_globals_is_the_module_dict(self):
        g = globals()
        self.assertIs(g, sys.modules[__name__].__dict__)
        a = self.t.obj("a")
        g["_builtins_test_value"] = a
        self.assertEqual(rc(a), 3)
        del g["_builtins_test_value"]
        self.assertEqual(rc(a), 2)

    def test_super_holds_type_and_object(self):
        d = Derived()
        self.assertEqual(d.who(), "Derived+Base")
        self.assertEqual(rc(d), 2)
        s = d.bound_super()
        self.assertEqual(rc(d), 3)
        self.assertEqual(s.who(), "Base")
        del s
        self.assertEqual(rc(d), 2)
        s2 = super(Derived, d)
        self.assertEqual(rc(d), 3)
        del s2
        self.assertEqual(rc(d), 2)


### copy.copy
###############################################################################

class CopyTests(TracingTestCase):

    def test_copy_of_an_instance_shares_every_value(self):
        b = Box()
        b.a = self.t.obj("a")
        b.l = [1]
        c = copy.copy(b)
        self.assertIsNot(c, b)
        self.assertIs(c.a, b.a)
        self.assertEqual((rc(b.a), rc(b.l)), (3, 3))
        del c
        self.assertEqual((rc(b.a), rc(b.l)), (2, 2))
        del b
        self.assertEqual(self.t.take(), ["del a"])

    def test_copy_of_containers_and_immutables(self):
        a = self.t.obj("a")
        l = [a]
        lc = copy.copy(l)
        self.assertEqual(rc(a), 4)
        d = {"k": a}
        dc = copy.copy(d)
        self.assertEqual(rc(a), 6)
        t = (a,)
        self.assertIs(copy.copy(t), t)
        self.assertEqual(rc(t), 2)
        del l, lc, d, dc, t
        self.assertEqual(rc(a), 2)


if __name__ == "__main__":
    unittest.main()
