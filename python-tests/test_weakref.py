"""Weak references and their callbacks, WeakValueDictionary, WeakKeyDictionary,
WeakSet, WeakMethod and finalize, timed as on CPython 3.12 (callbacks run when
the referent's refcount reaches zero or when the collector frees it)."""

import gc
import unittest
import weakref

from refgc_support import GcTestCase, Tracer, Plain, catch_unraisable


### Tests
###############################################################################

class RefTests(GcTestCase):

    def test_ref_returns_referent_while_alive(self):
        o = Plain()
        r = weakref.ref(o)
        self.assertIs(r(), o)

    def test_ref_dead_after_del(self):
        o = Plain()
        r = weakref.ref(o)
        del o
        self.assertIsNone(r())

    def test_ref_dead_after_rebinding(self):
        o = Plain()
        r = weakref.ref(o)
        o = None
        self.assertIsNone(r())

    def test_ref_does_not_count(self):
        import sys
        o = Plain()
        r = weakref.ref(o)
        self.assertEqual(sys.getrefcount(o), 2)

    def test_ref_without_callback_is_shared(self):
        o = Plain()
        self.assertIs(weakref.ref(o), weakref.ref(o))

    def test_ref_with_callback_is_new(self):
        o = Plain()
        cb = lambda r: None
        self.assertIsNot(weakref.ref(o, cb), weakref.ref(o, cb))

    def test_getweakrefcount_and_getweakrefs(self):
        o = Plain()
        self.assertEqual(weakref.getweakrefcount(o), 0)
        r1 = weakref.ref(o)
        r2 = weakref.ref(o, lambda r: None)
        self.assertEqual(weakref.getweakrefcount(o), 2)
        self.assertEqual(set(map(id, weakref.getweakrefs(o))), {id(r1), id(r2)})
        del r2
        self.assertEqual(weakref.getweakrefcount(o), 1)

    def test_cannot_weakref_int(self):
        with self.assertRaises(TypeError) as cm:
            weakref.ref(1)
        self.assertEqual(str(cm.exception), "cannot create weak reference to 'int' object")

    def test_cannot_weakref_list(self):
        with self.assertRaises(TypeError) as cm:
            weakref.ref([])
        self.assertEqual(str(cm.exception), "cannot create weak reference to 'list' object")

    def test_equality_alive_and_dead(self):
        a = Plain()
        r1 = weakref.ref(a)
        r2 = weakref.ref(a, lambda r: None)
        self.assertEqual(r1, r2)
        del a
        self.assertNotEqual(r1, r2)
        self.assertEqual(r1, r1)

    def test_hash_of_dead_ref_without_earlier_hash(self):
        a = Plain()
        r = weakref.ref(a)
        del a
        with self.assertRaises(TypeError) as cm:
            hash(r)
        self.assertEqual(str(cm.exception), "weak object has gone away")

    def test_repr_of_dead_ref(self):
        a = Plain()
        r = weakref.ref(a)
        del a
        self.assertRegex(repr(r), r"^<weakref at 0x[0-9a-f]+; dead>$")

    def test_weakref_slot_and_inherited_weak_lists(self):
        class S:
            __slots__ = ("x",)

        class W(S):
            __slots__ = ("__weakref__",)

        class D(S):
            pass

        class A:
            pass

        class M(S, A):
            __slots__ = ()

        class I(int):
            pass

        class T(tuple):
            pass

        class L(list):
            __slots__ = ()

        class St(set):
            __slots__ = ()
        for cls in (W, D, M, St):
            o = cls()
            self.assertIs(weakref.ref(o)(), o)
        for cls in (I, T, L):
            with self.assertRaises(TypeError) as cm:
                weakref.ref(cls())
            self.assertEqual(str(cm.exception),
                             "cannot create weak reference to '%s' object" % cls.__name__)

    def test_slots_without_weakref_slot(self):
        class S:
            __slots__ = ("x",)
        with self.assertRaises(TypeError) as cm:
            weakref.ref(S())
        self.assertEqual(str(cm.exception), "cannot create weak reference to 'S' object")


class CallbackTests(GcTestCase):

    def test_callback_runs_at_del(self):
        t = Tracer()
        o = Plain()
        r = weakref.ref(o, lambda ref: t.log("callback"))
        t.log("before")
        del o
        t.log("after")
        self.assertEqual(t.take(), ["before", "callback", "after"])

    def test_callback_receives_the_dead_ref(self):
        got = []
        o = Plain()
        r = weakref.ref(o, lambda ref: got.append((ref, ref())))
        del o
        self.assertEqual(len(got), 1)
        self.assertIs(got[0][0], r)
        self.assertIsNone(got[0][1])

    def test_callbacks_run_newest_first(self):
        t = Tracer()
        o = Plain()
        r1 = weakref.ref(o, lambda ref: t.log("first"))
        r2 = weakref.ref(o, lambda ref: t.log("second"))
        r3 = weakref.ref(o, lambda ref: t.log("third"))
        del o
        self.assertEqual(t.take(), ["third", "second", "first"])

    def test_dead_ref_gets_no_callback(self):
        t = Tracer()
        o = Plain()
        r = weakref.ref(o, lambda ref: t.log("callback"))
        del r
        del o
        self.assertEqual(t.take(), [])

    def test_finalizer_runs_before_callback(self):
        t = Tracer()
        o = t.obj("o")
        r = weakref.ref(o, lambda ref: t.log("callback"))
        del o
        self.assertEqual(t.take(), ["del o", "callback"])

    def test_callback_for_cycle_runs_before_finalizer(self):
        t = Tracer()
        o = t.obj("o")
        o.me = o
        r = weakref.ref(o, lambda ref: t.log("callback"))
        del o
        self.assertEqual(t.take(), [])
        gc.collect()
        self.assertEqual(t.take(), ["callback", "del o"])

    def test_callback_exception_is_unraisable(self):
        def bad(ref):
            raise ValueError("in callback")
        o = Plain()
        r = weakref.ref(o, bad)
        with catch_unraisable() as reports:
            del o
        self.assertEqual(len(reports), 1)
        self.assertIs(reports[0].exc_type, ValueError)
        self.assertEqual(reports[0].message, "in callback")
        self.assertRegex(reports[0].object_repr, r"^<function .*bad at 0x[0-9a-f]+>$")

    def test_callbacks_after_failing_callback_still_run(self):
        t = Tracer()

        def bad(ref):
            raise ValueError("x")
        o = Plain()
        r1 = weakref.ref(o, lambda ref: t.log("ok"))
        r2 = weakref.ref(o, bad)
        with catch_unraisable() as reports:
            del o
        self.assertEqual(t.take(), ["ok"])
        self.assertEqual(len(reports), 1)

    def test_callback_at_list_dealloc_order(self):
        t = Tracer()
        objs = [Plain() for _ in range(3)]
        refs = [weakref.ref(o, lambda ref, i=i: t.log(i)) for i, o in enumerate(objs)]
        del objs
        self.assertEqual(t.take(), [2, 1, 0])


class ProxyTests(GcTestCase):

    def test_proxy_forwards_attributes(self):
        o = Plain()
        o.x = 5
        p = weakref.proxy(o)
        self.assertEqual(p.x, 5)

    def test_dead_proxy_raises_reference_error(self):
        o = Plain()
        p = weakref.proxy(o)
        del o
        with self.assertRaises(ReferenceError) as cm:
            p.x
        self.assertEqual(str(cm.exception), "weakly-referenced object no longer exists")

    def test_proxy_callback_with_canonical_proxy(self):
        t = Tracer()
        o = Plain()
        p1 = weakref.proxy(o)
        p2 = weakref.proxy(o, lambda ref: t.log("callback"))
        self.assertIs(weakref.proxy(o), p1)
        self.assertEqual(weakref.getweakrefcount(o), 2)
        del o
        self.assertEqual(t.take(), ["callback"])

    def test_proxy_callback(self):
        t = Tracer()
        o = Plain()
        p = weakref.proxy(o, lambda ref: t.log("callback"))
        del o
        self.assertEqual(t.take(), ["callback"])


class WeakContainerTests(GcTestCase):

    def test_weak_value_dictionary_entry_disappears(self):
        d = weakref.WeakValueDictionary()
        o = Plain()
        d["k"] = o
        self.assertIs(d["k"], o)
        del o
        self.assertNotIn("k", d)
        self.assertEqual(len(d), 0)

    def test_weak_value_dictionary_cycle_needs_collection(self):
        d = weakref.WeakValueDictionary()
        o = Plain()
        o.me = o
        d["k"] = o
        del o
        self.assertEqual(len(d), 1)
        gc.collect()
        self.assertEqual(len(d), 0)

    def test_weak_key_dictionary_entry_disappears(self):
        d = weakref.WeakKeyDictionary()
        k = Plain()
        d[k] = "v"
        self.assertEqual(len(d), 1)
        del k
        self.assertEqual(len(d), 0)

    def test_weak_set_shrinks(self):
        s = weakref.WeakSet()
        a, b = Plain(), Plain()
        s.add(a)
        s.add(b)
        self.assertEqual(len(s), 2)
        del a
        self.assertEqual(len(s), 1)
        self.assertIn(b, s)

    def test_weak_value_dictionary_drops_the_key_with_the_entry(self):
        t = Tracer()
        d = weakref.WeakValueDictionary()
        k = t.obj("k")
        v = Plain()
        d[k] = v
        del k
        t.log("before")
        del v
        t.log("after")
        self.assertEqual(t.take(), ["before", "del k", "after"])
        self.assertEqual(len(d), 0)

    def test_weak_method_call_keeps_nothing(self):
        import sys

        class C:
            def m(self):
                return "called"
        o = C()
        wm = weakref.WeakMethod(o.m)
        m = wm()
        self.assertEqual(sys.getrefcount(o), 3)
        del m
        self.assertEqual(sys.getrefcount(o), 2)
        self.assertEqual(sys.getrefcount(wm), 2)

    def test_weak_method_dies_with_instance(self):
        class C:
            def m(self):
                return "called"
        o = C()
        wm = weakref.WeakMethod(o.m)
        self.assertEqual(wm()(), "called")
        del o
        self.assertIsNone(wm())


class FinalizeTests(GcTestCase):

    def test_finalize_runs_at_del(self):
        t = Tracer()
        o = Plain()
        f = weakref.finalize(o, t.log, "finalized")
        self.assertTrue(f.alive)
        del o
        self.assertEqual(t.take(), ["finalized"])
        self.assertFalse(f.alive)

    def test_finalize_called_explicitly_once(self):
        t = Tracer()
        o = Plain()
        f = weakref.finalize(o, lambda: t.log("ran") or 42)
        self.assertEqual(f(), 42)
        self.assertIsNone(f())
        del o
        self.assertEqual(t.take(), ["ran"])

    def test_finalize_detach(self):
        t = Tracer()
        o = Plain()
        f = weakref.finalize(o, t.log, "x")
        obj, func, args, kwargs = f.detach()
        self.assertIs(obj, o)
        self.assertEqual(args, ("x",))
        del o, obj
        self.assertEqual(t.take(), [])

    def test_finalize_keyword_arguments(self):
        got = []
        o = Plain()
        weakref.finalize(o, lambda **kw: got.append(kw), a=1)
        del o
        self.assertEqual(got, [{"a": 1}])

    def test_finalize_of_cycle_member_at_collection(self):
        t = Tracer()
        o = Plain()
        o.me = o
        weakref.finalize(o, t.log, "finalized")
        del o
        self.assertEqual(t.take(), [])
        gc.collect()
        self.assertEqual(t.take(), ["finalized"])

    def test_finalizers_run_newest_first(self):
        t = Tracer()
        o = Plain()
        weakref.finalize(o, t.log, "first")
        weakref.finalize(o, t.log, "second")
        del o
        self.assertEqual(t.take(), ["second", "first"])


if __name__ == "__main__":
    unittest.main()
