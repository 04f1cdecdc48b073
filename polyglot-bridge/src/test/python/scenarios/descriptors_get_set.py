import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class D:
    def __set_name__(self, owner, name):
        self.name = "_" + name
    def __get__(self, obj, tp=None):
        return getattr(obj, self.name)
    def __set__(self, obj, v):
        setattr(obj, self.name, v)
class C:
    f = D()
c = C()
c.f = A("via-desc")
x = c.f
print(rc(x))
c.f = None
print("replaced")
del x
print("end")
