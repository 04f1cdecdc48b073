import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

a, b, c = A("1"), A("2"), A("3")
a, b, c = c, a, b
print(a, b, c, rc(a))
a, b = b, a
print(a, b)
del a, b, c
print("end")
