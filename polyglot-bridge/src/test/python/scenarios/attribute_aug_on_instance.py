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
        self.items = [A("i0")]
c = C()
c.items += [A("i1")]
c.items = c.items + [A("i2")]
print(len(c.items), rc(c.items))
c.items = []
print("end")
