import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

d = {}
a = A("a")
d.setdefault("k", a)
print(rc(a))
print(d.get("k") is a, rc(a))
v = d.pop("k")
print(rc(a))
del v
d.update({"x": A("ux")}, y=a)
print(rc(a))
d.clear()
print("cleared", rc(a))
print("end")
