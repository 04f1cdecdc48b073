import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

x = A("x1")
print(rc(x))
x = A("x2")
print("rebound")
y = x
print(rc(x))
del x
print("deleted x", rc(y))
del y
print("end")
