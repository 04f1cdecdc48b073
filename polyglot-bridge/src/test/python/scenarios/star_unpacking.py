import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

first, *rest = [A("1"), A("2"), A("3")]
print(rc(first), len(rest), rc(rest), rc(rest[0]))
*init, last = (A("x"), A("y"))
print(rc(last), rc(init[0]))
del rest
print("after rest")
def f():
    h, *t = [A("h"), A("t1")]
    print(rc(h), rc(t))
f()
print("end")
