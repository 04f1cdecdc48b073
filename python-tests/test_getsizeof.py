"""sys.getsizeof as CPython 3.12 reports it (64-bit sizes; wasm32 sizes under
Pyodide, from refgc_support.size)."""

import sys
import unittest

from refgc_support import GcTestCase, POINTER_SIZE, size


### Support code
###############################################################################

class Empty:
    pass


class TwoSlots:
    __slots__ = ("a", "b")


class Sized:
    def __sizeof__(self):
        return 100


class SizedSlots:
    __slots__ = ()

    def __sizeof__(self):
        return 100


class SizedList(list):
    def __sizeof__(self):
        return 100


P = POINTER_SIZE


### Tests
###############################################################################

class ContainerSizeTests(GcTestCase):

    def test_empty_list(self):
        self.assertEqual(sys.getsizeof([]), size("empty_list"))

    def test_list_display_is_exact(self):
        self.assertEqual(sys.getsizeof([1, 2, 3]), size("list3"))

    def test_list_repetition(self):
        self.assertEqual(sys.getsizeof([None] * 10), size("list10"))
        self.assertEqual(size("list10"), size("empty_list") + 10 * P)

    def test_list_growth_by_append(self):
        l = []
        sizes = []
        for i in range(10):
            l.append(i)
            sizes.append(sys.getsizeof(l))
        capacities = [4, 4, 4, 4, 8, 8, 8, 8, 16, 16]
        self.assertEqual(sizes, [size("empty_list") + c * P for c in capacities])

    def test_list_clear_releases_storage(self):
        l = [1, 2, 3]
        l.clear()
        self.assertEqual(sys.getsizeof(l), size("empty_list"))

    def test_empty_tuple(self):
        self.assertEqual(sys.getsizeof(()), size("empty_tuple"))

    def test_tuples(self):
        self.assertEqual(sys.getsizeof((1, 2)), size("tuple2"))
        self.assertEqual(sys.getsizeof((None,) * 10), size("tuple10"))
        self.assertEqual(size("tuple10"), size("empty_tuple") + 10 * P)

    def test_empty_dict(self):
        self.assertEqual(sys.getsizeof({}), size("empty_dict"))

    def test_small_dicts(self):
        self.assertEqual(sys.getsizeof({"a": 1}), size("dict1"))
        self.assertEqual(sys.getsizeof(dict.fromkeys("abcdef")), size("dict6"))

    def test_sets(self):
        self.assertEqual(sys.getsizeof(set()), size("empty_set"))
        self.assertEqual(sys.getsizeof(frozenset()), size("empty_frozenset"))
        self.assertEqual(sys.getsizeof({1, 2, 3, 4, 5}), size("set5"))

    def test_bytearrays(self):
        self.assertEqual(sys.getsizeof(bytearray()), size("empty_bytearray"))
        self.assertEqual(sys.getsizeof(bytearray(b"abc")), size("bytearray3"))


class InstanceSizeTests(GcTestCase):

    def test_empty_instance(self):
        self.assertEqual(sys.getsizeof(Empty()), size("empty_instance"))

    def test_attributes_do_not_change_instance_size(self):
        o = Empty()
        o.a, o.b, o.c = 1, 2, 3
        self.assertEqual(sys.getsizeof(o), size("instance3"))

    def test_two_slot_instance(self):
        self.assertEqual(sys.getsizeof(TwoSlots()), size("slots2_instance"))

    def test_object(self):
        self.assertEqual(sys.getsizeof(object()), size("object"))

    def test_custom_sizeof_plus_gc_header_and_dict_pointers(self):
        self.assertEqual(sys.getsizeof(Sized()), 100 + 4 * P)

    def test_custom_sizeof_plus_gc_header_only(self):
        self.assertEqual(sys.getsizeof(SizedSlots()), 100 + 2 * P)

    def test_custom_sizeof_on_list_subclass(self):
        self.assertEqual(sys.getsizeof(SizedList()), 100 + 4 * P)

    def test_default_is_ignored_when_sizeof_works(self):
        self.assertEqual(sys.getsizeof(Empty(), 5), size("empty_instance"))

    def test_range(self):
        self.assertEqual(sys.getsizeof(range(10)), size("range"))


class AtomicSizeTests(GcTestCase):

    def test_ints(self):
        self.assertEqual(sys.getsizeof(0), size("int0"))
        self.assertEqual(sys.getsizeof(1), size("int1"))
        self.assertEqual(sys.getsizeof(-1), size("int_neg1"))
        self.assertEqual(sys.getsizeof(2 ** 30), size("int2_30"))
        self.assertEqual(sys.getsizeof(2 ** 64), size("int2_64"))

    def test_bools(self):
        self.assertEqual(sys.getsizeof(True), size("true"))
        self.assertEqual(sys.getsizeof(False), size("false"))

    def test_float_and_complex(self):
        self.assertEqual(sys.getsizeof(1.0), size("float"))
        self.assertEqual(sys.getsizeof(1j), size("complex"))

    def test_none(self):
        self.assertEqual(sys.getsizeof(None), size("none"))

    def test_ascii_strings(self):
        self.assertEqual(sys.getsizeof(""), size("empty_str"))
        self.assertEqual(sys.getsizeof("abc"), size("str_abc"))
        self.assertEqual(sys.getsizeof("x" * 100), size("str100"))
        self.assertEqual(size("str100") - size("empty_str"), 100)

    def test_non_ascii_strings(self):
        self.assertEqual(sys.getsizeof("\u00e9"), size("str_latin1"))
        self.assertEqual(sys.getsizeof("\u4e2d"), size("str_ucs2"))
        self.assertEqual(sys.getsizeof("\U0001F600"), size("str_ucs4"))

    def test_bytes(self):
        self.assertEqual(sys.getsizeof(b""), size("empty_bytes"))
        self.assertEqual(sys.getsizeof(b"abc"), size("bytes_abc"))
        self.assertEqual(sys.getsizeof(b"x" * 100), size("bytes100"))
        self.assertEqual(size("bytes100") - size("empty_bytes"), 100)


if __name__ == "__main__":
    unittest.main()
