import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class C:
    def __init__(self):
        self.v = A("v")
    def get(self):
        return self.v
    def __del__(self):
        print("del C")
c = C()
x = c.get()
print(rc(x))
m = c.get
print(rc(c))
del m
print(rc(c))
del c
print("after del c")
del x
print("end")
