import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

def inner():
    i = A("inner-local")
    raise KeyError("k")
def outer():
    o = A("outer-local")
    inner()
try:
    outer()
except KeyError:
    print("caught, locals alive")
print("handler done")
print("end")
