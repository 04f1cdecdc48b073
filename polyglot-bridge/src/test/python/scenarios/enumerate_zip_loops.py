import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

l = [A("x"), A("y")]
for i, v in enumerate(l):
    print(i, v, rc(v))
print(rc(l[0]))
for a, b in zip(l, l):
    print(a, b, rc(a))
del a, b, v
print(rc(l[0]))
print("end")
