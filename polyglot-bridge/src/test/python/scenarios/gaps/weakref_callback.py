# GAP: weakref callbacks belong to the _weakref replacement (modules branch); the shadow heap does not clear weakrefs.
import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

import weakref
a = A("w")
r = weakref.ref(a, lambda ref: print("callback"))
del a
print("end")
