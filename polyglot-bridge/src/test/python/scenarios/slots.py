import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class S:
    __slots__ = ("a", "b")
    def __del__(self):
        print("del S")
s = S()
s.a = A("sa")
s.b = A("sb")
print(rc(s.a))
s.a = A("sa2")
print("rebound slot")
del s.b
print("deleted slot")
del s
print("end")
