import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

l = [3, 1, 2]
r = sorted(l, key=lambda x: (x, A(str(x))))
print(r)
print("end")
