import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

f = lambda x: x
r = f(A("through"))
print(rc(r))
g = lambda: A("made")
v = g()
print(rc(v))
h = lambda x, y=[]: (x, y)
t = h(v)
print(rc(v), rc(t))
del t
print(rc(v))
del r, v
print("end")
