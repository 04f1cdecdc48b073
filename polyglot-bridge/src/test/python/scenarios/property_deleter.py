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
    def __init__(self):
        self._v = A("pv")
    @property
    def v(self):
        return self._v
    @v.deleter
    def v(self):
        del self._v
c = C()
print(rc(c.v))
del c.v
print("deleted via property")
print("end")
