"""The object an attribute is loaded from or stored to (`o.x`, `o.x = v`) is on the value
stack while LOAD_ATTR/STORE_ATTR runs, as in CPython 3.12: code that runs during the
access (a property, __getattr__, __setattr__, a displaced value's __del__) sees that
reference in getrefcount, and the object cannot die under it. Plain loads and stores,
where no code runs, leave every count as CPython leaves it."""

import sys
import types
import unittest

from refgc_support import GcTestCase

seen = []


class Probe:
    """Records getrefcount(self) inside each kind of attribute hook: two above the
    caller's own figure, the stack reference and the hook's `self`."""

    @property
    def prop(self):
        seen.append(("get", sys.getrefcount(self)))
        return 1

    @prop.setter
    def prop(self, value):
        seen.append(("set", sys.getrefcount(self)))

    def __getattr__(self, name):
        seen.append(("getattr", sys.getrefcount(self)))
        return 2


class Setter:
    def __setattr__(self, name, value):
        seen.append(("setattr", sys.getrefcount(self)))
        object.__setattr__(self, name, value)


class Slotted:
    __slots__ = ("a", "b")


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        seen.append(("del", self.name))


class Displaced:
    """An attribute value whose __del__ looks at the object it was stored in."""

    def __del__(self):
        seen.append(("displaced", sys.getrefcount(holder)))


holder = None


class Vanishing:
    """A property whose getter drops the last other reference to its object."""

    def __del__(self):
        seen.append("vanishing del")

    @property
    def last(self):
        global target
        del target
        seen.append("getter done")
        return 3


target = None


def rebind():
    global owner
    owner = Plain()
    return "value"


class Plain:
    pass


owner = None


class AttributeOwnerTests(GcTestCase):

    def setUp(self):
        super().setUp()
        seen.clear()

    def test_property_getter_sees_the_stack_reference(self):
        p = Probe()
        base = sys.getrefcount(p)
        p.prop
        self.assertEqual(seen, [("get", base + 2)])

    def test_property_setter_sees_the_stack_reference(self):
        p = Probe()
        base = sys.getrefcount(p)
        p.prop = 5
        self.assertEqual(seen, [("set", base + 2)])

    def test_getattr_fallback_sees_the_stack_reference(self):
        p = Probe()
        base = sys.getrefcount(p)
        self.assertEqual(p.missing, 2)
        self.assertEqual(seen, [("getattr", base + 2)])

    def test_setattr_override_sees_the_stack_reference(self):
        s = Setter()
        base = sys.getrefcount(s)
        s.x = 1
        self.assertEqual(seen, [("setattr", base + 2)])

    def test_plain_store_and_load_keep_counts(self):
        p = Plain()
        v = []
        before = (sys.getrefcount(p), sys.getrefcount(v))
        p.v = v
        self.assertEqual(sys.getrefcount(p), before[0])
        self.assertEqual(sys.getrefcount(v), before[1] + 1)
        w = p.v
        self.assertIs(w, v)
        self.assertEqual(sys.getrefcount(v), before[1] + 2)
        self.assertEqual(sys.getrefcount(p), before[0])

    def test_displaced_value_del_sees_the_stack_reference(self):
        global holder
        holder = Plain()
        holder.d = Displaced()
        base = sys.getrefcount(holder)
        holder.d = 0
        # during STORE_ATTR the holder is on the stack: one above base
        self.assertEqual(seen, [("displaced", base + 1)])
        holder = None

    def test_displaced_object_dies_at_once(self):
        p = Plain()
        p.a = Noisy("first")
        p.a = Noisy("second")
        self.assertEqual(seen, [("del", "first")])
        p.a = 7
        self.assertEqual(seen, [("del", "first"), ("del", "second")])

    def test_slot_store_replaces_and_releases(self):
        s = Slotted()
        s.a = Noisy("one")
        s.a = Noisy("two")
        self.assertEqual(seen, [("del", "one")])
        v = []
        base = sys.getrefcount(v)
        s.b = v
        self.assertEqual(sys.getrefcount(v), base + 1)
        del s
        self.assertEqual(seen, [("del", "one"), ("del", "two")])
        self.assertEqual(sys.getrefcount(v), base)

    def test_object_outlives_a_getter_that_drops_it(self):
        global target
        target = Vanishing()
        self.assertEqual(target.last, 3)
        # the stack reference kept it alive until LOAD_ATTR finished
        self.assertEqual(seen, ["getter done", "vanishing del"])

    def test_store_target_is_loaded_after_the_value(self):
        global owner
        first = owner = Plain()
        owner.x = rebind()
        self.assertFalse(hasattr(first, "x"))
        self.assertEqual(owner.x, "value")
        owner = None

    def test_instance_attribute_shadowing_a_class_attribute(self):
        class C:
            x = []
        c = C()
        mine = []
        c.x = mine
        base = sys.getrefcount(mine)
        got = c.x
        self.assertIs(got, mine)
        self.assertEqual(sys.getrefcount(mine), base + 1)

    def test_module_attribute_load(self):
        m = types.ModuleType("m")
        v = []
        m.v = v
        base = sys.getrefcount(v)
        got = m.v
        self.assertEqual(sys.getrefcount(v), base + 1)
        del got
        self.assertEqual(sys.getrefcount(v), base)

    def test_loaded_value_dies_with_its_last_holder(self):
        p = Plain()
        p.n = Noisy("held")
        q = p.n
        del p
        self.assertEqual(seen, [])
        del q
        self.assertEqual(seen, [("del", "held")])


if __name__ == "__main__":
    unittest.main()
