import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

s = set()
a = A("a")
s.add(a)
s.add(a)
print(rc(a))
s.discard(a)
print(rc(a))
s |= {a}
print(rc(a))
s.remove(a)
print(rc(a))
print("end")
