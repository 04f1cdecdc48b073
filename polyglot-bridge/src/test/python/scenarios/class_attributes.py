import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class C:
    shared = [A("shared")]
    def m(self):
        return 1
print(rc(C.shared))
C.extra = A("extra")
print(rc(C.extra))
C.extra = None
print("replaced class attr")
del C.shared
print("end")
