import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class C:
    @staticmethod
    def make(n):
        return A(n)
    @classmethod
    def build(cls, n):
        return cls.make(n)
a = C.make("s")
print(rc(a))
b = C.build("c")
print(rc(b))
del a, b
print("end")
