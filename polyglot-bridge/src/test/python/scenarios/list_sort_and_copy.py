import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

l = [A("b"), A("a"), A("c")]
l.sort(key=lambda x: x.name)
print([x.name for x in l], rc(l[0]))
c = l.copy()
print(rc(l[0]))
del c
print(rc(l[0]))
s = sorted(l, key=lambda x: x.name, reverse=True)
print(s[0].name, rc(s[0]))
del s, l
print("end")
