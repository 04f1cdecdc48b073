import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class CM:
    def __enter__(self):
        return A("ctx")
    def __exit__(self, *a):
        print("exit")
def f():
    with CM() as c:
        return c.name
print(f())
print("end")
