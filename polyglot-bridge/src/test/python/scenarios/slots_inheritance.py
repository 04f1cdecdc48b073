import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class B:
    __slots__ = ("b",)
class C(B):
    __slots__ = ("c",)
    def __del__(self):
        print("del C")
o = C()
o.b = A("b")
o.c = A("c")
print(rc(o.b), rc(o.c))
del o
print("end")
