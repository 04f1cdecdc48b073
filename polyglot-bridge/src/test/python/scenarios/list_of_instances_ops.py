import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

l = [A(str(i)) for i in range(3)]
l2 = l + [A("extra")]
print(rc(l[0]), rc(l2[3]))
l3 = l * 2
print(rc(l[0]))
del l2, l3
print(rc(l[0]))
print(l.index(l[1]), l.count(l[0]))
r = list(reversed(l))
print(rc(l[0]))
del r
print("end")
