import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

l = [A(str(i)) for i in range(5)]
print(rc(l[0]))
m = l[1:3]
print(rc(l[1]), rc(m))
del m
print("m gone")
l[0:2] = [A("r0")]
print("replaced", len(l))
del l[1:3]
print("deleted slice", len(l))
print("end")
