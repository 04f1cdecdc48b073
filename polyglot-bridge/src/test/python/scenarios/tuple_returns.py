import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

def pair():
    return A("p1"), A("p2")
a, b = pair()
print(rc(a), rc(b))
t = pair()
print(rc(t), rc(t[0]))
del t
print("after t")
print("end")
