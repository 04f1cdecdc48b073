# Functions own GC objects of their own in CPython 3.12: the defaults tuple (built by
# BUILD_TUPLE), the kwdefaults dict, the closure tuple of cells, and the function's
# __dict__ once an attribute is stored. Cycles through each are collected with exact counts.
import gc
import sys

gc.disable()
gc.collect()


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


def attribute_cycle():
    def f():
        pass
    f.me = f
    f.tag = Noisy("function attribute")
    del f
    print("function attribute cycle", gc.collect())


def recursive_closure():
    def outer():
        tag = Noisy("closure variable")

        def f():
            return f, tag
        return f
    fn = outer()
    print("refcount of closure function", sys.getrefcount(fn))
    del fn
    print("recursive closure", gc.collect())


def lambda_default():
    l = []
    f = lambda x=l: x
    l.append(f)
    del l, f
    print("lambda default cycle", gc.collect())


def mixed_defaults():
    l = [Noisy("default")]
    def f(a=l, b=2, *, k=l):
        return a, b, k
    l.append(f)
    del l, f
    print("defaults and kwdefaults cycle", gc.collect())


def constant_defaults():
    def f(a=1, b="s"):       # a constant tuple: the code object's, not a new object
        return a, b
    f.me = f
    del f
    print("constant defaults", gc.collect())


def bound_method():
    class C:
        def m(self):
            pass
    o = C()
    o.bound = o.m
    o.tag = Noisy("instance with bound method")
    del o
    print("bound method on its instance", gc.collect())
    del C
    gc.collect()


def closure_freed_by_refcount():
    def outer():
        t = Noisy("captured")

        def inner():
            return t
        return inner
    g = outer()
    print("before drop")
    del g
    print("closure dropped", gc.collect())


attribute_cycle()
recursive_closure()
lambda_default()
mixed_defaults()
constant_defaults()
bound_method()
closure_freed_by_refcount()
print("end", gc.collect())
