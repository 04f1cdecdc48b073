import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

def m(v):
    match v:
        case None:
            return "none"
        case [x, y]:
            return ("pair", x.name, y.name)
        case {"k": z}:
            return ("map", z.name)
        case _:
            return "other"
print(m(None))
print(m([A("x"), A("y")]))
print(m({"k": A("z")}))
print(m(3))
print("end")
