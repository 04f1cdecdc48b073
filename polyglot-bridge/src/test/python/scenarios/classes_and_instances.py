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
    pass
print(rc(C))
c1 = C()
print(rc(C))
c2 = C()
print(rc(C))
del c1
print(rc(C))
class D(C):
    def __del__(self):
        print("del D")
print(rc(C), rc(D))
d = D()
del d
print("end")
