import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class P:
    def __init__(self):
        self._v = A("v")
    @property
    def v(self):
        return self._v
    @v.setter
    def v(self, val):
        self._v = val
p = P()
x = p.v
print(rc(x))
p.v = A("v2")
print("set", rc(x))
del x
print("end")
