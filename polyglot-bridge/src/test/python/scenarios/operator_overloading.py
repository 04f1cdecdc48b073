import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class V:
    def __init__(self, n):
        self.n = n
    def __add__(self, o):
        return V(self.n + o.n)
    def __eq__(self, o):
        return self.n == o.n
    def __del__(self):
        print("del V", self.n)
a = V(1)
b = V(2)
c = a + b
print(c.n, rc(c))
print((a + b + c).n)
print("after chain")
print(a == V(1))
print("end")
