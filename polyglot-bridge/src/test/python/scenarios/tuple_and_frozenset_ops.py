import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

t = (A("t0"), A("t1"))
t2 = t + (A("t2"),)
print(rc(t[0]), len(t2))
fs = frozenset(t)
print(rc(t[0]))
del t2
print("t2 gone")
del fs
print(rc(t[0]))
print("end")
