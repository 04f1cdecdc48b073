import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

pairs = [(A("k1"), A("v1")), (A("k2"), A("v2"))]
for k, v in pairs:
    print(k, v, rc(k))
print("loop done", rc(pairs[0][0]))
del k, v
del pairs
print("end")
