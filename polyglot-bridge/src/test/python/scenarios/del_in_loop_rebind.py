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
    x = A(str(i))
    print("bound", i)
print("loop done")
def f():
    for i in range(3):
        y = A("f" + str(i))
    print("f loop done")
f()
print("end")
