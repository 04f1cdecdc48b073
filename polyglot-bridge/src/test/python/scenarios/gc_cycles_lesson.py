import gc
import sys


class Node:
    def __init__(self, name):
        self.name = name
        self.other = None

    def __del__(self):
        print("del", self.name)


a = Node("a")
b = Node("b")
a.other = b
b.other = a
del a, b
print("cycle dropped")
print("collected", gc.collect())
l = []
l.append(l)
del l
print("list self-cycle", gc.collect())
d = {}
d["self"] = d
del d
print("dict self-cycle", gc.collect())
t = ([],)
t[0].append(t)
del t
print("tuple/list cycle", gc.collect())
x = Node("x")
x.other = x
print("alive cycle", gc.collect(), sys.getrefcount(x))
del x
print("end", gc.collect())
