import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

l = [A("b"), A("a")]
s = sorted(l, key=lambda x: x.name)
print([x.name for x in s], rc(l[0]))
m = list(map(lambda x: x, l))
print(rc(l[0]))
f = list(filter(lambda x: x.name == "a", l))
print(rc(l[1]))
del s, m, f
print(rc(l[0]), rc(l[1]))
print("end")
