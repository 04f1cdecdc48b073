import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

def gen(a, b=None):
    print("start", rc(a))
    yield a
    print("resumed")
g = gen(A("arg"))
print("created")
v = next(g)
print("first", rc(v))
del v
for _ in g:
    pass
print("exhausted")
g2 = gen(A("never-started"))
del g2
print("end")
