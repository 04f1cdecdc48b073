import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class Base:
    def __init__(self, x):
        self.x = x
        print("base init", rc(self))
class Child(Base):
    def __init__(self, x, y):
        super().__init__(x)
        self.y = y
        print("child init", rc(self))
    def __del__(self):
        print("del child")
c = Child(A("x"), A("y"))
print(rc(c.x), rc(Child))
del c
print("end")
