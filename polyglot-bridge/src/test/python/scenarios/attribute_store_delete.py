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
o.a = A("a1")
print(rc(o.a))
o.a = A("a2")
print("rebound attr")
o.b = o.a
print(rc(o.a))
del o.a
print("deleted attr", rc(o.b))
del o
print("end")
