import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class K:
    def __init__(self, n):
        self.n = n
    def __hash__(self):
        return hash(self.n)
    def __eq__(self, o):
        return self.n == o.n
    def __del__(self):
        print("del K", self.n)
d = {}
d[K(1)] = A("v1")
d[K(1)] = A("v1b")
print(len(d))
k = K(2)
d[k] = A("v2")
print(rc(k))
del d[K(2)]
print(rc(k))
del d
print("end")
