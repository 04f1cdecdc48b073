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
    registry = []
    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        Base.registry.append(cls)
class Sub(Base):
    pass
print(len(Base.registry), Base.registry[0].__name__)
s = Sub()
print(rc(Sub) > 2)
print("end")
