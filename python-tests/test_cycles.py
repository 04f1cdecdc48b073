"""Reference cycles and the exact numbers gc.collect() returns on CPython 3.12."""

import gc
import sys
import unittest
import weakref

from refgc_support import GcTestCase, Tracer, Plain


### Support code
###############################################################################

class Node:
    """An instance that may point at another (attributes stay inline in 3.12:
    no separate __dict__ object is created unless __dict__ is asked for)."""

    def __init__(self, name=""):
        self.name = name


### Tests
###############################################################################

class LessonCycleTests(GcTestCase):
    """The memory-management lesson's cycle examples."""

    def test_list_self_cycle_is_1(self):
        l = []
        l.append(l)
        del l
        self.assertEqual(gc.collect(), 1)

    def test_dict_self_cycle_is_1(self):
        d = {}
        d["self"] = d
        del d
        self.assertEqual(gc.collect(), 1)

    def test_tuple_list_cycle_is_2(self):
        t = ([],)
        t[0].append(t)
        del t
        self.assertEqual(gc.collect(), 2)

    def test_two_instances_with_del_are_collected_and_finalized(self):
        tracer = Tracer()
        a = tracer.obj("a")
        b = tracer.obj("b")
        a.other = b
        b.other = a
        del a, b
        self.assertEqual(tracer.take(), [])
        self.assertEqual(gc.collect(), 2)
        self.assertEqual(tracer.take(), ["del a", "del b"])

    def test_nothing_to_collect_is_0(self):
        self.assertEqual(gc.collect(), 0)


class ContainerCycleTests(GcTestCase):

    def test_reachable_cycle_is_not_collected(self):
        l = []
        l.append(l)
        self.assertEqual(gc.collect(), 0)
        del l
        self.assertEqual(gc.collect(), 1)

    def test_dict_pair(self):
        a, b = {}, {}
        a["b"] = b
        b["a"] = a
        del a, b
        self.assertEqual(gc.collect(), 2)

    def test_list_ring_of_ten(self):
        first = cur = []
        for _ in range(9):
            nxt = []
            cur.append(nxt)
            cur = nxt
        cur.append(first)
        del first, cur, nxt
        self.assertEqual(gc.collect(), 10)

    def test_large_ring(self):
        n = 10000
        first = cur = []
        for _ in range(n - 1):
            nxt = []
            cur.append(nxt)
            cur = nxt
        cur.append(first)
        del first, cur, nxt
        self.assertEqual(gc.collect(), n)

    def test_cycle_with_hanging_acyclic_objects(self):
        l = []
        l.append(l)
        l.append([[], []])
        del l
        self.assertEqual(gc.collect(), 4)

    def test_objects_only_reachable_from_cycle_are_counted(self):
        tracer = Tracer()
        l = []
        l.append(l)
        l.append(tracer.obj("x"))
        del l
        self.assertEqual(gc.collect(), 2)
        self.assertEqual(tracer.take(), ["del x"])

    def test_second_collect_finds_nothing(self):
        l = []
        l.append(l)
        del l
        gc.collect()
        self.assertEqual(gc.collect(), 0)

    def test_atomic_values_in_cycle_not_counted(self):
        l = [1, 2.0, "s", b"b", None, True, 10**30]
        l.append(l)
        del l
        self.assertEqual(gc.collect(), 1)

    def test_dict_cycle_through_list(self):
        d = {"l": [], "x": 1}
        d["l"].append(d)
        del d
        self.assertEqual(gc.collect(), 2)

    def test_dict_with_two_paths(self):
        d = {}
        d["self"] = d
        d["other"] = [d]
        del d
        self.assertEqual(gc.collect(), 2)


class InstanceCycleTests(GcTestCase):

    def test_instance_self_cycle_is_1(self):
        o = Node()
        o.loop = o
        del o
        self.assertEqual(gc.collect(), 1)

    def test_materialized_instance_dict_is_counted(self):
        o = Node()
        o.loop = o
        o.__dict__
        del o
        self.assertEqual(gc.collect(), 2)

    def test_instance_pair(self):
        a, b = Node(), Node()
        a.b = b
        b.a = a
        del a, b
        self.assertEqual(gc.collect(), 2)

    def test_slots_instance_self_cycle(self):
        class S:
            __slots__ = ("x",)
        s = S()
        s.x = s
        del s
        self.assertEqual(gc.collect(), 1)
        del S
        gc.collect()

    def test_instance_in_frozenset_cycle(self):
        o = Node()
        o.fs = frozenset([o])
        del o
        self.assertEqual(gc.collect(), 2)

    def test_weakref_to_cycle_member_is_cleared(self):
        o = Node()
        o.loop = o
        r = weakref.ref(o)
        del o
        self.assertIsNotNone(r())
        gc.collect()
        self.assertIsNone(r())

    def test_finalizer_order_follows_allocation(self):
        tracer = Tracer()
        objs = [tracer.obj(str(i)) for i in range(4)]
        for i, o in enumerate(objs):
            o.next = objs[(i + 1) % 4]
        del objs, o
        self.assertEqual(gc.collect(), 4)
        self.assertEqual(tracer.take(), ["del 0", "del 1", "del 2", "del 3"])

    def test_instance_holding_cyclic_list(self):
        o = Node()
        o.items = [o]
        del o
        self.assertEqual(gc.collect(), 2)


class ClassCycleTests(GcTestCase):

    def test_empty_class_is_6_objects(self):
        class A:
            pass
        del A
        self.assertEqual(gc.collect(), 6)

    def test_subclass_pair_is_9_objects(self):
        class A:
            pass

        class B(A):
            pass
        del A, B
        self.assertEqual(gc.collect(), 9)

    def test_class_with_method_is_7_objects(self):
        class A:
            def m(self):
                pass
        del A
        self.assertEqual(gc.collect(), 7)

    def test_class_kept_alive_by_instance(self):
        class A:
            pass
        a = A()
        del A
        self.assertEqual(gc.collect(), 0)
        del a
        # The instance died by refcount; the class's cycle is one object
        # smaller than a class never instantiated (CPython 3.12.1).
        self.assertEqual(gc.collect(), 5)


class FunctionCycleTests(GcTestCase):

    def test_function_attribute_cycle(self):
        def f():
            pass
        f.me = f
        del f
        self.assertEqual(gc.collect(), 2)

    def test_recursive_closure(self):
        def outer():
            def f():
                return f
            return f
        fn = outer()
        del fn
        self.assertEqual(gc.collect(), 3)

    def test_lambda_default_cycle(self):
        l = []
        f = lambda x=l: x
        l.append(f)
        del l, f
        self.assertEqual(gc.collect(), 3)

    def test_bound_method_stored_on_instance(self):
        class C:
            def m(self):
                pass
        o = C()
        o.bound = o.m
        del o
        self.assertEqual(gc.collect(), 2)
        del C
        gc.collect()

    def test_exception_traceback_cycle(self):
        def f():
            try:
                raise ValueError("x")
            except ValueError as e:
                err = e
        f()
        self.assertEqual(gc.collect(), 4)


class GenerationArgumentTests(GcTestCase):

    def test_young_cycle_collected_by_gen0(self):
        l = []
        l.append(l)
        del l
        self.assertEqual(gc.collect(0), 1)

    def test_survivor_not_collected_by_gen0(self):
        l = []
        l.append(l)
        gc.collect(0)
        del l
        self.assertEqual(gc.collect(0), 0)
        self.assertEqual(gc.collect(1), 1)

    def test_old_object_needs_full_collection(self):
        l = []
        l.append(l)
        gc.collect()
        del l
        self.assertEqual(gc.collect(0), 0)
        self.assertEqual(gc.collect(1), 0)
        self.assertEqual(gc.collect(2), 1)

    def test_keyword_generation(self):
        l = []
        l.append(l)
        del l
        self.assertEqual(gc.collect(generation=1), 1)

    def test_cross_generation_cycle_needs_older_collection(self):
        old = []
        gc.collect()
        young = [old]
        old.append(young)
        del old, young
        self.assertEqual(gc.collect(0), 0)
        self.assertEqual(gc.collect(), 2)


if __name__ == "__main__":
    unittest.main()
