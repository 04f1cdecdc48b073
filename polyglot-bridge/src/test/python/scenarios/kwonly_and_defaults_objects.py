import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

def f(*, a, b=None):
    return a
x = f(a=A("kw"))
print(rc(x))
def g(d=A("default")):
    return d
print(rc(g()))
del x
print("end")
