import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

a, b = A("a"), A("b")
print(rc(a), rc(b))
a, b = b, a
print(a, b, rc(a))
(c, d), e = (A("c"), A("d")), A("e")
print(rc(c), rc(e))
del a, b
print("mid")
c = d = e = None
print("end")
