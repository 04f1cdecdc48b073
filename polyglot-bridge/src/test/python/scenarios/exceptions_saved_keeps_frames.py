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
    loc = A("kept")
    raise ValueError("v")
saved = None
try:
    f()
except ValueError as e:
    saved = e
print("after handler")
del saved
print("end")
