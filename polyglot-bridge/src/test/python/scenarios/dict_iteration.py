import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

d = {"a": A("a"), "b": A("b")}
for k, v in d.items():
    print(k, rc(v))
print("after loop", rc(d["a"]))
for k in d:
    pass
vals = list(d.values())
print(rc(d["a"]))
del vals, v
print(rc(d["a"]))
print("end")
