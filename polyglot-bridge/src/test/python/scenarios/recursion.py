import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

def build(n):
    if n == 0:
        return []
    return [A(str(n)), build(n - 1)]
t = build(3)
print(rc(t))
del t
print("end")
