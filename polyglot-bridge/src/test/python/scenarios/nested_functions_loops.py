import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

def outer(n):
    out = []
    for i in range(n):
        def make(j=i):
            return A(str(j))
        out.append(make())
    return out
r = outer(3)
print(len(r), rc(r[0]))
del r
print("end")
