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
print(1 < 2 < 3, 1 < 3 < 2)
print(rc(a))
x = [a]
print(0 < len(x) <= 1, rc(a))
print("end")
