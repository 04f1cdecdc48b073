import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

l = [A("a"), A("b")]
print(sum(1 for x in l))
print(rc(l[0]))
g = (x.name for x in l)
print(list(g))
del g
print(rc(l[0]))
print("end")
