import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

a = A("fmt")
s = f"{a} and {a!r:>10}"
print(s, rc(a))
print(f"{A("tmp")}")
n = len([a]) + 1
print(n, rc(a))
print(a is a, a == a, rc(a))
del a
print("end")
