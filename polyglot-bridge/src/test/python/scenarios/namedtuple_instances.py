import collections
import sys


class A:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


Pt = collections.namedtuple("Pt", "x y")
p = Pt(A("x"), A("y"))
print(sys.getrefcount(p.x), p._fields)
x, y = p
del p
print("unpacked", sys.getrefcount(x))
del x, y
print("end")
