import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

globals()["g1"] = A("g1")
print(rc(g1))
globals()["g1"] = A("g2")
print("replaced via globals()")
del globals()["g1"]
print("deleted via globals()")
g3 = A("g3")
globals().update(g3=None)
print("end")
