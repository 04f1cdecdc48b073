import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

l = [A(str(i)) for i in range(3)]
print(rc(l[0]))
names = [a.name for a in l]
print(names)
d = {a.name: a for a in l}
print(rc(l[0]))
s = {a for a in l}
print(rc(l[0]))
del d, s
print(rc(l[0]))
def f():
    return [b for b in [A("c1"), A("c2")]]
r = f()
print("got", len(r))
del r
print("end")
