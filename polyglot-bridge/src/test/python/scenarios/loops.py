import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

for i in range(3):
    a = A(str(i))
print("after loop")
for x in [A("l1"), A("l2")]:
    print("iter", x)
print("after list loop")
del x, a
print("deleted")
def f():
    for y in [A("f1"), A("f2")]:
        if y.name == "f1":
            continue
        break
    print("after break")
f()
print("end")
