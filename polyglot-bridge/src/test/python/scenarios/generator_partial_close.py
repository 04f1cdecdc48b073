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
    a = A("gen-local")
    try:
        yield 1
        yield 2
    finally:
        print("gen finally")
g = gen()
print(next(g))
del g
print("after del g")
for v in gen():
    break
print("end")
