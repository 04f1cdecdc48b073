"""Exact sys.getrefcount values, as CPython 3.12 reports them.

sys.getrefcount(x) counts the reference held by its own argument, so a list
bound to one local variable reports 2.
"""

import sys
import unittest

from refgc_support import GcTestCase, IMMORTAL_REFCOUNT, Plain

rc = sys.getrefcount


### Tests
###############################################################################

class LessonRefcountTests(GcTestCase):
    """The memory-management lesson's refcount examples."""

    def test_new_list_bound_to_one_name_is_2(self):
        a = []
        self.assertEqual(rc(a), 2)

    def test_second_name_adds_one(self):
        a = []
        b = a
        self.assertEqual(rc(a), 3)
        del b
        self.assertEqual(rc(a), 2)

    def test_temporary_argument_is_1(self):
        self.assertEqual(rc([]), 1)
        self.assertEqual(rc(object()), 1)

    def test_list_element_adds_one(self):
        a = []
        holder = [a]
        self.assertEqual(rc(a), 3)
        holder.pop()
        self.assertEqual(rc(a), 2)

    def test_self_append(self):
        a = []
        a.append(a)
        self.assertEqual(rc(a), 3)
        a.clear()
        self.assertEqual(rc(a), 2)


class ContainerRefcountTests(GcTestCase):

    def test_list_repetition_adds_each_slot(self):
        a = []
        many = [a] * 5
        self.assertEqual(rc(a), 7)
        del many
        self.assertEqual(rc(a), 2)

    def test_tuple_element(self):
        a = []
        t = (a, a)
        self.assertEqual(rc(a), 4)
        del t
        self.assertEqual(rc(a), 2)

    def test_dict_value_and_key(self):
        k = Plain()
        v = []
        d = {k: v}
        self.assertEqual(rc(k), 3)
        self.assertEqual(rc(v), 3)
        d[k] = None
        self.assertEqual(rc(k), 3)
        self.assertEqual(rc(v), 2)
        del d[k]
        self.assertEqual(rc(k), 2)

    def test_set_element(self):
        k = Plain()
        s = {k}
        self.assertEqual(rc(k), 3)
        s.discard(k)
        self.assertEqual(rc(k), 2)

    def test_list_slice_copy(self):
        a = []
        l = [a]
        copy = l[:]
        self.assertEqual(rc(a), 4)
        del copy
        self.assertEqual(rc(a), 3)

    def test_dict_copy(self):
        v = []
        d = {"x": v}
        d2 = d.copy()
        self.assertEqual(rc(v), 4)
        d2.clear()
        self.assertEqual(rc(v), 3)

    def test_list_insert_and_remove(self):
        a = []
        l = []
        l.insert(0, a)
        l.insert(0, a)
        self.assertEqual(rc(a), 4)
        l.remove(a)
        self.assertEqual(rc(a), 3)
        del l[:]
        self.assertEqual(rc(a), 2)

    def test_list_extend(self):
        a = []
        l = []
        l.extend((a, a, a))
        self.assertEqual(rc(a), 5)

    def test_tuple_unpacking(self):
        a = []
        x, y = a, a
        self.assertEqual(rc(a), 4)
        del x, y
        self.assertEqual(rc(a), 2)

    def test_star_unpacking_builds_a_list(self):
        a = []
        first, *rest = a, a, a
        self.assertEqual(rc(a), 5)
        self.assertEqual(rc(rest), 2)

    def test_setdefault(self):
        a = []
        d = {}
        d.setdefault("k", a)
        d.setdefault("k", a)
        self.assertEqual(rc(a), 3)

    def test_list_sort_keeps_counts(self):
        items = [Plain() for _ in range(3)]
        before = [rc(x) for x in items]
        items.sort(key=id)
        self.assertEqual([rc(x) for x in items], before)


class BindingRefcountTests(GcTestCase):

    def test_instance_attribute(self):
        a = []
        o = Plain()
        o.attr = a
        self.assertEqual(rc(a), 3)
        del o.attr
        self.assertEqual(rc(a), 2)

    def test_rebinding_attribute_releases_old_value(self):
        a, b = [], []
        o = Plain()
        o.attr = a
        o.attr = b
        self.assertEqual(rc(a), 2)
        self.assertEqual(rc(b), 3)

    def test_instance_holds_its_class(self):
        class C:
            pass
        before = rc(C)
        objs = [C() for _ in range(4)]
        self.assertEqual(rc(C) - before, 4)
        del objs
        self.assertEqual(rc(C), before)

    def test_bound_method_holds_self(self):
        class C:
            def m(self):
                pass
        o = C()
        m = o.m
        self.assertEqual(rc(o), 3)
        del m
        self.assertEqual(rc(o), 2)

    def test_default_argument_held_by_function(self):
        a = []

        def f(x=a):
            return x
        self.assertEqual(rc(a), 3)
        del f
        self.assertEqual(rc(a), 2)

    def test_closure_cell_holds_the_value(self):
        def outer():
            x = []

            def inner():
                return x
            return rc(x), inner
        count, inner = outer()
        self.assertEqual(count, 2)
        self.assertEqual(rc(inner.__closure__[0].cell_contents), 2)

    def test_argument_inside_callee_from_temporary(self):
        def f(x):
            return rc(x)
        self.assertEqual(f([]), 2)

    def test_argument_inside_callee_from_local(self):
        def f(x):
            return rc(x)
        a = []
        self.assertEqual(f(a), 3)
        self.assertEqual(rc(a), 2)

    def test_keyword_argument_inside_callee(self):
        def f(*, x):
            return rc(x)
        a = []
        self.assertEqual(f(x=a), 3)

    def test_star_args_tuple_holds_arguments(self):
        def f(*args):
            return rc(args[0])
        a = []
        self.assertEqual(f(a), 3)

    def test_locals_released_on_return(self):
        a = []

        def f(x):
            y = x
            z = [x, x]
            return rc(x)
        self.assertEqual(f(a), 6)
        self.assertEqual(rc(a), 2)

    def test_for_loop_variable(self):
        a = []
        for item in [a]:
            self.assertEqual(rc(a), 4)
        self.assertEqual(rc(a), 3)
        del item
        self.assertEqual(rc(a), 2)

    def test_comprehension_result(self):
        a = []
        l = [a for _ in range(3)]
        self.assertEqual(rc(a), 5)

    def test_generator_frame_holds_locals(self):
        a = []

        def gen(x):
            yield 1
        g = gen(a)
        self.assertEqual(rc(a), 3)
        next(g)
        self.assertEqual(rc(a), 3)
        g.close()
        self.assertEqual(rc(a), 2)

    def test_exception_instance_args(self):
        a = []
        e = ValueError(a)
        self.assertEqual(rc(a), 3)
        del e
        self.assertEqual(rc(a), 2)

    def test_augmented_assignment_on_list_keeps_identity(self):
        a = []
        b = a
        b += [1]
        self.assertIs(a, b)
        self.assertEqual(rc(a), 3)

    def test_walrus_binding(self):
        a = []
        if (b := a) is not None:
            self.assertEqual(rc(a), 3)

    def test_new_instance_is_2(self):
        o = Plain()
        self.assertEqual(rc(o), 2)

    def test_new_dict_and_set_are_2(self):
        d = {}
        s = set()
        self.assertEqual(rc(d), 2)
        self.assertEqual(rc(s), 2)


class ConstructRefcountTests(GcTestCase):
    """References held by calls, builtins and statements while they run."""

    def test_self_during_init_is_3(self):
        seen = []

        class C:
            def __init__(self):
                seen.append(rc(self))
        C()
        self.assertEqual(seen, [3])

    def test_self_in_method_of_bound_instance(self):
        class C:
            def me(self):
                return rc(self)
        o = C()
        self.assertEqual(o.me(), 3)
        self.assertEqual(C().me(), 2)

    def test_method_argument(self):
        class C:
            def m(self, x):
                return rc(x)
        o, a = C(), []
        self.assertEqual(o.m(a), 3)
        self.assertEqual(o.m([]), 2)

    def test_call_of_instance_with_dunder_call(self):
        # slot_tp_call: the arguments also sit in a tuple (and keyword arguments in a dict
        # plus an unpacked copy) while __call__ runs; nothing is kept after it returns
        seen = []

        class F:
            def __call__(self, x, k=None):
                seen.append((rc(self), rc(x)))
                return [x]
        f, a = F(), []
        r = f(a)
        f(x=a)
        self.assertEqual(seen, [(4, 5), (5, 7)])
        self.assertEqual(rc(a), 3)
        del r
        self.assertEqual(rc(a), 2)
        self.assertEqual(rc(f), 2)

    def test_kwargs_dict_holds_value(self):
        def f(**kw):
            return rc(kw["x"])
        a = []
        self.assertEqual(f(x=a), 3)

    def test_returned_temporary_is_1(self):
        def g():
            l = []
            return l
        self.assertEqual(rc(g()), 1)
        r = g()
        self.assertEqual(rc(r), 2)

    def test_copy_copy_of_list(self):
        import copy
        a = []
        l = [a, a]
        c = copy.copy(l)
        self.assertEqual(rc(a), 6)

    def test_sorted_builds_new_list(self):
        a = []
        s = sorted([a])
        self.assertEqual(rc(a), 3)

    def test_tuple_and_list_constructors(self):
        a = []
        t = tuple([a, a])
        self.assertEqual(rc(a), 4)
        l = list((a,))
        self.assertEqual(rc(a), 5)

    def test_iterator_holds_container_not_item(self):
        a = []
        it = iter([a])
        self.assertEqual(rc(a), 3)
        item = next(it)
        self.assertEqual(rc(a), 4)

    def test_annotated_assignment(self):
        a = []
        x: list = a
        self.assertEqual(rc(a), 3)

    def test_dict_update_keywords(self):
        a = []
        d = {}
        d.update(k=a)
        self.assertEqual(rc(a), 3)

    def test_subscript_of_temporary_list(self):
        a = []
        z = [a][0]
        self.assertEqual(rc(a), 3)

    def test_max_returns_existing_object(self):
        a = []
        m = max([a, a], key=len)
        self.assertEqual(rc(a), 3)

    def test_nonlocal_rebinding_releases(self):
        a = []

        def outer():
            v = a

            def inner():
                nonlocal v
                v = None
            inner()
            return rc(a)
        self.assertEqual(outer(), 2)

    def test_global_store(self):
        a = []
        global _refgc_global
        _refgc_global = a
        self.assertEqual(rc(a), 3)
        del _refgc_global
        self.assertEqual(rc(a), 2)

    def test_slice_assignment(self):
        a = []
        l = [None]
        l[:] = [a, a, a]
        self.assertEqual(rc(a), 5)
        l[1:] = []
        self.assertEqual(rc(a), 3)


class ImmortalRefcountTests(GcTestCase):
    """CPython 3.12 reports the immortal refcount for these objects."""

    def test_none(self):
        self.assertEqual(rc(None), IMMORTAL_REFCOUNT)

    def test_bools(self):
        self.assertEqual(rc(True), IMMORTAL_REFCOUNT)
        self.assertEqual(rc(False), IMMORTAL_REFCOUNT)

    def test_small_ints(self):
        for value in (-5, 0, 1, 100, 256):
            self.assertEqual(rc(value), IMMORTAL_REFCOUNT, value)

    def test_interned_string_and_empty_containers(self):
        self.assertEqual(rc(""), IMMORTAL_REFCOUNT)
        self.assertEqual(rc(()), IMMORTAL_REFCOUNT)
        self.assertEqual(rc("a"), IMMORTAL_REFCOUNT)

    def test_immortal_does_not_change(self):
        before = rc(None)
        many = [None] * 1000
        self.assertEqual(rc(None), before)
        del many

    def test_ellipsis_and_notimplemented(self):
        self.assertEqual(rc(...), IMMORTAL_REFCOUNT)
        self.assertEqual(rc(NotImplemented), IMMORTAL_REFCOUNT)


if __name__ == "__main__":
    unittest.main()
