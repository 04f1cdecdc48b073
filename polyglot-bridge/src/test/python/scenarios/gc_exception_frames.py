# An exception kept in a local of the frame that caught it is a cycle in CPython 3.12:
# exception -> traceback -> frame -> local -> exception. The collector finds the
# exception, its args tuple, the traceback entries and the frame objects; frames that
# returned while the traceback was alive keep their locals (take_ownership).
import gc
import sys

gc.disable()
gc.collect()


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


def caught_and_kept():
    def f():
        keep = Noisy("local of the raising frame")
        try:
            raise ValueError("x")
        except ValueError as e:
            err = e
    f()
    print("exception kept in a local", gc.collect())


def from_a_callee():
    def g():
        local = Noisy("local of the callee")
        raise KeyError("k")

    def f():
        try:
            g()
        except KeyError as e:
            err = e
    f()
    print("exception from a callee", gc.collect())


def released_in_handler():
    def f():
        try:
            raise ValueError(Noisy("argument"))
        except ValueError:
            print("handled")
    f()
    print("no cycle", gc.collect())


def named_and_deleted():
    def f():
        t = Noisy("frame local")
        try:
            raise RuntimeError("r")
        except RuntimeError as e:
            print("refcount in handler", sys.getrefcount(e))
        return 1
    print("returned", f())
    print("name cleared by except", gc.collect())


caught_and_kept()
from_a_callee()
released_in_handler()
named_and_deleted()
print("end", gc.collect())
