import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

def gen():
    yield A("g1")
    yield A("g2")
for v in gen():
    print("got", v.name, rc(v))
print("after loop")
del v
g = gen()
print(next(g).name)
print("after next")
del g
print("end")
