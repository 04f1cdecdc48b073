import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

import types
m = types.ModuleType("m")
setattr(m, "x", A("mx"))
print(rc(m.x))
m.x = A("mx2")
print("rebound")
delattr(m, "x")
print("end")
