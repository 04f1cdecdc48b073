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
    a = A("local")
    raise ValueError("x")
try:
    f()
except ValueError as e:
    print("caught", e)
print("after try")
try:
    x = A("in-try")
finally:
    print("finally")
del x
print("end")
