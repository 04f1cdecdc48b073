import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

a = A("a")
b = A("b")
x = a and b
print(rc(a), rc(b))
y = None or a
print(rc(a))
z = b if a else a
print(rc(b))
del x, y, z
print(rc(a), rc(b))
print(A("t1") and A("t2"))
print("end")
