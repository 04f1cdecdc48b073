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
    def __init__(self, x):
        print("init", rc(self), rc(x))
        self.x = x
    def m(self, y):
        print("m", rc(self), rc(y))
    def __del__(self):
        print("del C")
C([])
c = C([])
c.m([])
c.m(c.x)
print(rc(c), rc(c.x))
del c
print("end")
