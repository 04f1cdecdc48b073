import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

x = A("old")
match [A("new")]:
    case [x]:
        print("captured", rc(x))
print("after match")
del x
print("end")
