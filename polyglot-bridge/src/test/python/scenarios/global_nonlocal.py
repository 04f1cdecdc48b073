import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

g = A("g1")
def setg():
    global g
    g = A("g2")
    print("set g2")
setg()
print(rc(g))
def outer():
    v = A("v1")
    def inner():
        nonlocal v
        v = A("v2")
        print("inner set")
    inner()
    print(rc(v))
    return 1
outer()
print("end")
