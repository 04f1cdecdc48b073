import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

def f(a, b=None, *, c, d=[]):
    print("f", rc(a), rc(b), rc(c), rc(d))
    return c
x = A("x")
r = f(x, c=x)
print(rc(x))
r = f(a=x, b=x, c=A("kw"))
print("after", rc(x))
del r
print("end")
