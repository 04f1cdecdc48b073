import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

x: list = [A("x")]
print(rc(x))
x: list = []
print("rebound")
def f():
    y: A = A("y")
    print(rc(y))
f()
class C:
    attr: list = [A("c-attr")]
print(rc(C.attr), C.__annotations__)
del C.attr
print("end")
