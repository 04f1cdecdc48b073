import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class O:
    pass
o = O()
setattr(o, "a", A("a"))
print(rc(o.a))
x = getattr(o, "a")
print(rc(x))
print(hasattr(o, "a"), isinstance(x, A), rc(x))
delattr(o, "a")
print("delattr", rc(x))
del x
print("end")
