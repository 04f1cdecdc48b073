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
    x = A("x")
    try:
        return 1
    finally:
        print("finally sees", rc(x))
print(f())
def g():
    y = A("y")
    try:
        raise IndexError
    except IndexError:
        print("handled inside")
    return 2
print(g())
print("end")
