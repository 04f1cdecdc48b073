import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

def f():
    data = [A("d1"), A("d2")]
    out = [last := x for x in data]
    print(rc(last), len(out))
    return 1
f()
print("end")
