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
    z = A("z")
    a = A("a")
    m = A("m")
    def g():
        return m
    return None
f()
print("end")
