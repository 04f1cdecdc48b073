import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

d = {"k": A("first"), "k": A("second")}
print("built", d["k"])
s = {1, 1.0, A("only")}
print(len(s))
del d, s
print("end")
