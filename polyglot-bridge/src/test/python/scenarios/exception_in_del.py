import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class Bad:
    def __del__(self):
        print("bad del")
        raise RuntimeError("boom")
b = Bad()
del b
print("after bad")
print("end")
