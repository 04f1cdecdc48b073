"""When CPython 3.12 runs __del__ (reference counting, no cycles), and in what order."""

import unittest

from refgc_support import TracingTestCase, Finalizable, Plain


class FinalizationTestCase(TracingTestCase):
    """The tracing test case of this file."""


### Tests
###############################################################################

class NameBindingTests(FinalizationTestCase):

    def test_del_runs_finalizer_at_once(self):
        x = self.F("x")
        self.t.log("before")
        del x
        self.t.log("after")
        self.assertEqual(self.events(), ["before", "del x", "after"])

    def test_rebinding_finalizes_old_value(self):
        x = self.F("old")
        x = self.F("new")
        self.t.log("rebound")
        self.assertEqual(self.events(), ["del old", "rebound"])
        del x

    def test_second_reference_delays_finalizer(self):
        x = self.F("x")
        y = x
        del x
        self.t.log("x deleted")
        del y
        self.assertEqual(self.events(), ["x deleted", "del x"])

    def test_rebinding_in_loop(self):
        def run():
            for i in range(3):
                x = self.F(str(i))
                self.t.log("made %d" % i)
            self.t.log("loop done")
        run()
        self.assertEqual(self.events(), [
            "made 0", "del 0", "made 1", "del 1", "made 2", "loop done", "del 2"])

    def test_tuple_unpacking_rebinding(self):
        a, b = self.F("a"), self.F("b")
        a, b = b, a
        self.t.log("swapped")
        del a
        self.t.log("a deleted")
        del b
        self.assertEqual(self.events(), ["swapped", "del b", "a deleted", "del a"])

    def test_augmented_assignment_rebinds(self):
        class Adder(Finalizable):
            def __add__(self, other):
                return Adder(self.tracer, self.name + "+")
        x = Adder(self.t, "x")
        x += 1
        self.t.log("added")
        del x
        self.assertEqual(self.events(), ["del x", "added", "del x+"])


class FunctionTests(FinalizationTestCase):

    def test_locals_released_at_return_in_definition_order(self):
        def f():
            a = self.F("a")
            b = self.F("b")
            c = self.F("c")
            self.t.log("return")
        f()
        self.assertEqual(self.events(), ["return", "del a", "del b", "del c"])

    def test_parameters_released_before_locals(self):
        def f(p, q):
            z = self.F("z")
            self.t.log("return")
        f(self.F("p"), self.F("q"))
        self.assertEqual(self.events(), ["return", "del p", "del q", "del z"])

    def test_return_value_survives_the_return(self):
        def f():
            r = self.F("r")
            return r
        x = f()
        self.t.log("returned")
        del x
        self.assertEqual(self.events(), ["returned", "del r"])

    def test_result_of_expression_statement_dies_at_once(self):
        def f():
            return self.F("r")
        f()
        self.t.log("next")
        self.assertEqual(self.events(), ["del r", "next"])

    def test_argument_temporary_lives_during_call(self):
        def g(arg):
            self.t.log("in g")
        g(self.F("tmp"))
        self.t.log("after")
        self.assertEqual(self.events(), ["in g", "del tmp", "after"])

    def test_argument_dies_when_callee_drops_it(self):
        def g(arg):
            del arg
            self.t.log("dropped")
        g(self.F("tmp"))
        self.assertEqual(self.events(), ["del tmp", "dropped"])

    def test_nested_call_temporaries(self):
        def g(a, b):
            self.t.log("g")
            return None
        g(self.F("first"), self.F("second"))
        self.assertEqual(self.events(), ["g", "del first", "del second"])

    def test_exception_releases_frame_locals(self):
        def f():
            a = self.F("a")
            raise KeyError("k")
        try:
            f()
        except KeyError:
            self.t.log("caught")
        self.t.log("after")
        self.assertEqual(self.events(), ["caught", "del a", "after"])

    def test_except_as_name_is_deleted_after_handler(self):
        class Boom(Exception):
            pass
        try:
            raise Boom(self.F("payload"))
        except Boom as e:
            self.t.log("handler")
        self.t.log("after")
        self.assertEqual(self.events(), ["handler", "del payload", "after"])

    def test_closure_cell_released_with_function(self):
        def make():
            x = self.F("captured")

            def inner():
                return x
            return inner
        fn = make()
        self.t.log("made")
        del fn
        self.t.log("after")
        self.assertEqual(self.events(), ["made", "del captured", "after"])

    def test_generator_close_releases_locals(self):
        def gen():
            x = self.F("genlocal")
            yield 1
            yield 2
        g = gen()
        next(g)
        self.t.log("suspended")
        g.close()
        self.t.log("closed")
        self.assertEqual(self.events(), ["suspended", "del genlocal", "closed"])

    def test_exhausted_generator_releases_locals(self):
        def gen():
            x = self.F("genlocal")
            yield 1
        for _ in gen():
            self.t.log("item")
        self.t.log("done")
        self.assertEqual(self.events(), ["item", "del genlocal", "done"])

    def test_bound_method_call_does_not_keep_self(self):
        class C(Finalizable):
            def m(self):
                return 1
        C(self.t, "tmp").m()
        self.t.log("after")
        self.assertEqual(self.events(), ["del tmp", "after"])

    def test_lambda_default_released_with_lambda(self):
        f = lambda x=self.F("default"): x
        self.t.log("made")
        del f
        self.assertEqual(self.events(), ["made", "del default"])


class ContainerOrderTests(FinalizationTestCase):

    def test_list_dealloc_releases_last_item_first(self):
        l = [self.F("0"), self.F("1"), self.F("2")]
        del l
        self.assertEqual(self.events(), ["del 2", "del 1", "del 0"])

    def test_tuple_dealloc_releases_last_item_first(self):
        t = (self.F("0"), self.F("1"), self.F("2"))
        del t
        self.assertEqual(self.events(), ["del 2", "del 1", "del 0"])

    def test_dict_dealloc_releases_in_insertion_order(self):
        d = {"a": self.F("a"), "b": self.F("b"), "c": self.F("c")}
        del d
        self.assertEqual(self.events(), ["del a", "del b", "del c"])

    def test_dict_keys_and_values_order(self):
        d = {self.F("k1"): self.F("v1"), self.F("k2"): self.F("v2")}
        del d
        self.assertEqual(self.events(), ["del k1", "del v1", "del k2", "del v2"])

    def test_list_clear_order(self):
        l = [self.F("0"), self.F("1"), self.F("2")]
        l.clear()
        self.t.log("cleared")
        self.assertEqual(self.events(), ["del 2", "del 1", "del 0", "cleared"])

    def test_dict_clear_order(self):
        d = {"a": self.F("a"), "b": self.F("b")}
        d.clear()
        self.assertEqual(self.events(), ["del a", "del b"])

    def test_list_item_replacement(self):
        l = [self.F("old")]
        l[0] = None
        self.t.log("replaced")
        self.assertEqual(self.events(), ["del old", "replaced"])

    def test_list_del_item(self):
        l = [self.F("0"), self.F("1")]
        del l[0]
        self.t.log("deleted")
        self.assertEqual(self.events(), ["del 0", "deleted"])
        del l

    def test_list_pop_as_statement(self):
        l = [self.F("0"), self.F("1")]
        l.pop()
        self.t.log("popped")
        self.assertEqual(self.events(), ["del 1", "popped"])
        del l

    def test_dict_value_replacement(self):
        d = {"k": self.F("old")}
        d["k"] = self.F("new")
        self.t.log("replaced")
        self.assertEqual(self.events(), ["del old", "replaced"])
        del d

    def test_dict_pop_as_statement(self):
        d = {"k": self.F("v")}
        d.pop("k")
        self.t.log("popped")
        self.assertEqual(self.events(), ["del v", "popped"])

    def test_nested_containers(self):
        outer = [self.F("a"), [self.F("b1"), self.F("b2")], self.F("c")]
        del outer
        self.assertEqual(self.events(), ["del c", "del b2", "del b1", "del a"])

    def test_list_slice_deletion_releases_last_first(self):
        l = [self.F("0"), self.F("1"), self.F("2"), self.F("3")]
        del l[1:3]
        self.t.log("sliced")
        self.assertEqual(self.events(), ["del 2", "del 1", "sliced"])
        del l


class AttributeTests(FinalizationTestCase):

    def test_attribute_deletion(self):
        o = Plain()
        o.x = self.F("x")
        del o.x
        self.t.log("after")
        self.assertEqual(self.events(), ["del x", "after"])

    def test_attribute_rebinding(self):
        o = Plain()
        o.x = self.F("old")
        o.x = self.F("new")
        self.t.log("after")
        self.assertEqual(self.events(), ["del old", "after"])
        del o

    def test_instance_attributes_released_in_order(self):
        o = Plain()
        o.a = self.F("a")
        o.b = self.F("b")
        o.c = self.F("c")
        del o
        self.assertEqual(self.events(), ["del a", "del b", "del c"])

    def test_owner_finalized_before_its_attributes(self):
        outer = self.F("outer")
        outer.child = self.F("child")
        del outer
        self.assertEqual(self.events(), ["del outer", "del child"])

    def test_chain_finalizes_head_first(self):
        a = self.F("a")
        a.next = self.F("b")
        a.next.next = self.F("c")
        del a
        self.assertEqual(self.events(), ["del a", "del b", "del c"])

    def test_finalizer_sees_attributes(self):
        seen = []

        class C:
            def __del__(self):
                seen.append(self.payload)
        c = C()
        c.payload = "intact"
        del c
        self.assertEqual(seen, ["intact"])

    def test_slots_released_in_order(self):
        class S:
            __slots__ = ("a", "b")
        s = S()
        s.b = self.F("b")
        s.a = self.F("a")
        del s
        self.assertEqual(self.events(), ["del a", "del b"])

    def test_class_attribute_deletion(self):
        class C:
            pass
        C.attr = self.F("classattr")
        del C.attr
        self.t.log("after")
        self.assertEqual(self.events(), ["del classattr", "after"])

    def test_dict_attribute_via_setattr(self):
        o = Plain()
        setattr(o, "x", self.F("x"))
        delattr(o, "x")
        self.t.log("after")
        self.assertEqual(self.events(), ["del x", "after"])


class FinalizerOnceTests(FinalizationTestCase):

    def test_explicit_call_then_dealloc_calls_twice(self):
        x = self.F("x")
        x.__del__()
        del x
        self.assertEqual(self.events(), ["del x", "del x"])

    def test_finalizer_not_called_while_referenced_from_container(self):
        keep = [self.F("kept")]
        self.t.log("alive")
        self.assertEqual(self.events(), ["alive"])
        keep.clear()
        self.assertEqual(self.events(), ["del kept"])


if __name__ == "__main__":
    unittest.main()
