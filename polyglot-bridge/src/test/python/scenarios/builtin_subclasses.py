import gc
import sys
rc = sys.getrefcount


class A:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


class L(list):
    def __del__(self):
        print("del L", len(self))


class D(dict):
    def __del__(self):
        print("del D", len(self))


class Appending(list):
    def __init__(self, items=()):
        super().__init__(items)

    def append(self, x):
        super().append(x)

    def __setitem__(self, k, v):
        super().__setitem__(k, v)


class T(tuple):
    pass


class Name(str):
    def __del__(self):
        print("del Name", str(self))


l = L()
print(rc(l))
a = A("a")
l.append(a)
l.extend([A("b"), A("c")])
l[1] = A("b2")
l += [A("d")]
print(rc(a), rc(l))
l.tag = A("tag")
del a
print("before del l")
del l
print("--")
d = D(x=A("x"))
d["y"] = A("y")
d.update(z=A("z"))
del d["x"]
e = d
print(rc(d))
del d, e
print("--")
ap = Appending(A(n) for n in "pq")
ap.append(A("r"))
ap[0] = A("p2")
print(len(ap))
del ap
print("--")
t = T([A("t1"), A("t2")])
s = t[:1]
print(type(s).__name__, rc(t))
del t
print("t gone")
del s
print("--")
n = Name("nm")
m = n
print(rc(n))
del n
print("n gone")
del m
print("--")
for x in L([A("i1"), A("i2")]):
    print("got", x.name)
del x
print("--")
c = L()
c.append(c)
c.me = c
del c
print(gc.collect())
print("end")
