import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

keep = []
class R:
    def __del__(self):
        print("del R", rc(self))
        keep.append(self)
r = R()
del r
print("resurrected", len(keep), rc(keep[0]))
keep.clear()
print("cleared keep")
print("end")
