# GAP: an exception raised in instrumented code and swallowed by a builtin (hasattr/getattr default) keeps the unwound frame locals: they leak.
import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class C:
    def __getattr__(self, name):
        tmp = A("getattr-local")
        raise AttributeError(name)
c = C()
print(hasattr(c, "missing"))
print("after hasattr")
print(getattr(c, "other", None))
print("end")
