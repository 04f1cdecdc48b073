import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

def find(items, name):
    for it in items:
        if it.name == name:
            return it
    return None
items = [A("a"), A("b"), A("c")]
r = find(items, "b")
print(r, rc(r))
del items
print("items gone")
del r
print("end")
