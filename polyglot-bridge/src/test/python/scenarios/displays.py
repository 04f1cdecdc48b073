import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

a = A("a")
l = [a, a]
print(rc(a))
t = (a, [a])
print(rc(a), rc(t))
s = {a}
print(rc(a))
d = {a: a, "k": [a]}
print(rc(a))
del l, t
print(rc(a))
del s, d
print(rc(a))
del a
print("end")
