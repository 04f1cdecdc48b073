import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class N:
    def __init__(self, nxt):
        self.nxt = nxt
x = None
for i in range(200):
    x = N(x)
y = x
for i in range(100):
    y = y.nxt
y.nxt = A("tail")
del y
print("built")
del x
print("end")
