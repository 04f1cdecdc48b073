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
o.a = A("a")
d = o.__dict__
print(sorted(d), rc(o.a))
d["b"] = A("b")
print(o.b, rc(o.b))
del d
del o
print("end")
