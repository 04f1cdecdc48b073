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
    a = A("a")
    try:
        raise TypeError("t")
    except TypeError:
        print("re-raising")
        raise
try:
    f()
except TypeError as e:
    print("outer caught")
print("end")
