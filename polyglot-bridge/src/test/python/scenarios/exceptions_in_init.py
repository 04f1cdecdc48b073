import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class B:
    def __init__(self):
        self.part = A("part")
        raise RuntimeError("init failed")
    def __del__(self):
        print("del B")
try:
    B()
except RuntimeError as e:
    print("caught", e)
print("end")
