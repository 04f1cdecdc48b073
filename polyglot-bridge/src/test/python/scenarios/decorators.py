import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

def deco(fn):
    print("decorating", fn.__name__)
    return fn
@deco
def f():
    return A("from-f")
x = f()
print(rc(x), rc(f))
def wrap(fn):
    def w(*a):
        return fn(*a)
    return w
@wrap
def g(v):
    return v
y = g(A("through-wrap"))
print(rc(y))
del x, y
print("end")
