import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class Box:
    def __init__(self):
        self.d = {}
    def __getitem__(self, k):
        return self.d[k]
    def __setitem__(self, k, v):
        self.d[k] = v
    def __delitem__(self, k):
        del self.d[k]
b = Box()
b["a"] = A("a")
print(rc(b["a"]))
y = b["a"]
print(rc(y))
del b["a"]
print("deleted", rc(y))
del y
print("end")
