import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

a = b = c = A("multi")
print(rc(a))
del a
print(rc(b))
b = c = None
print("end")
