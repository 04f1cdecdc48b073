import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

x = [A("l0"), A("l1"), A("l2")]
del x
print("list freed")
t = (A("t0"), A("t1"))
del t
print("tuple freed")
d = {"a": A("da"), "b": A("db")}
del d
print("dict freed")
class O:
    pass
o = O()
o.p = A("p"); o.q = A("q")
del o
print("instance freed")
n = [[A("inner")], A("outer")]
del n
print("end")
