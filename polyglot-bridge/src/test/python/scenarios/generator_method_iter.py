import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class Bag:
    def __init__(self):
        self.items = [A("i1"), A("i2")]
    def __iter__(self):
        for x in self.items:
            yield x
    def __del__(self):
        print("del Bag")
for x in Bag():
    print("got", x, rc(x))
print("after loop")
del x
print("end")
