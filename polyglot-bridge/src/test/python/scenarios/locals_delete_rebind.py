import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

def f():
    a = A("a1")
    a = A("a2")
    print("rebound in f")
    del a
    print("deleted in f")
    a = A("a3")
    b = a
    print(rc(a))
f()
print("end")
