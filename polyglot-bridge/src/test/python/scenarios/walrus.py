import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

if (n := A("n")) is not None:
    print(rc(n))
def f():
    if (m := A("m1")):
        print(rc(m))
    (m := A("m2"))
    print("after m2")
    return [y := A("y"), y]
r = f()
print(rc(r[0]))
del r
print("end")
