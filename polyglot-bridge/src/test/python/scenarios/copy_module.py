import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

import copy
class P:
    def __init__(self):
        self.a = A("pa")
p = P()
q = copy.copy(p)
print(q.a is p.a, rc(p.a))
del q
print("copy gone", rc(p.a))
print("end")
