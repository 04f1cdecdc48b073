# A __del__ that raises: the report clears the exception, so its traceback and the
# failing frame (with self and the frame's locals) go at once; self is not resurrected.
import gc
import sys


class A:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


class Bad:
    def __del__(self):
        local = A("local of " + self.name)
        raise RuntimeError("boom")


sys.unraisablehook = lambda args: print("unraisable", args.exc_type.__name__)
b = Bad()
b.name = "b"
b.child = A("child of b")
del b
print("after del b")

c = Bad()
c.name = "c"
c.child = A("child of c")
c.me = c
del c
print("collected", gc.collect())
print("end")
