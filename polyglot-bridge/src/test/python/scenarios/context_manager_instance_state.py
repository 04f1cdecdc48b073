import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class Res:
    def __init__(self, n):
        self.n = n
    def __enter__(self):
        self.held = A(self.n + "-held")
        return self
    def __exit__(self, *a):
        self.held = None
        print("exit", self.n)
    def __del__(self):
        print("del Res", self.n)
with Res("r1") as r:
    print("inside", rc(r))
print("after with", rc(r))
del r
with Res("r2"):
    pass
print("end")
