# A class statement makes 6 GC objects in CPython 3.12: the type, its dict, the tp_mro and
# tp_bases tuples, and the __dict__/__weakref__ getset descriptors (each holding the
# type). A dead class is a cycle (tp_mro[0] is the class); the collector finds all of it.
import gc
import sys

gc.disable()
gc.collect()


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


def empty():
    class A:
        pass
    del A
    print("empty class", gc.collect())


def with_method():
    class A:
        def m(self):
            return self
    del A
    print("class with a method", gc.collect())


def subclass_pair():
    class A:
        pass

    class B(A):             # no new descriptors; B's dict holds only strings (untracked)
        pass
    print("refcount of base", sys.getrefcount(A))
    del A, B
    print("subclass pair", gc.collect())


def slots_class():
    class S:
        __slots__ = ("x", "y")      # a member descriptor per slot, no __dict__/__weakref__
    del S
    print("slots class", gc.collect())


def kept_by_instance():
    class A:
        pass
    a = A()
    del A
    print("kept alive by an instance", gc.collect())
    del a
    print("after the instance died", gc.collect())     # (object,) was untracked


def class_attribute_values():
    class A:
        pass
    A.thing = Noisy("class attribute")
    A.again = [A]            # a cycle through the class dict
    del A
    print("class with attributes", gc.collect())


def instance_in_class_cycle():
    class Single:
        def __init__(self):
            self.tag = Noisy("instance attribute")
    Single.instance = Single()
    del Single
    print("class holding its instance", gc.collect())


def super_cell():
    class A:
        def m(self):
            return __class__
    print("refcount with __class__ cell", sys.getrefcount(A))
    del A
    print("class with __class__ cell", gc.collect())


empty()
with_method()
subclass_pair()
slots_class()
kept_by_instance()
class_attribute_values()
instance_in_class_cycle()
super_cell()
print("end", gc.collect())
