import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

def outer():
    x = A("cell")
    def inner():
        return x
    return inner
f = outer()
print(rc(f()))
del f
print("after del f")
def counter():
    n = [A("n")]
    def inc():
        n.append(A("m"))
        return len(n)
    return inc
c = counter()
print(c(), c())
del c
print("end")
