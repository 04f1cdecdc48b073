import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

l = [A("0")]
l += [A("1")]
print(rc(l), len(l), rc(l[1]))
class B:
    pass
b = B()
b.items = []
b.items += [A("in-b")]
print(rc(b.items))
d = {"k": []}
d["k"] += [A("in-d")]
print(rc(d["k"]))
n = 1
n += 2
print(n)
del l
print("after del l")
b.items = None
print("after b.items")
d["k"] = 0
print("end")
