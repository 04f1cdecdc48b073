import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

l = [A("0"), A("1"), A("2")]
l[1] = A("new1")
print("stored")
del l[0]
print("deleted 0", len(l))
d = {}
d["x"] = A("dx")
d["x"] = A("dx2")
print("dict rebound")
k = A("key")
d[k] = 1
print(rc(k))
del d[k]
print(rc(k))
del d["x"]
print("end")
