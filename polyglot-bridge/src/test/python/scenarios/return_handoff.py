import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

def make(n):
    return A(n)
a = make("a")
print(rc(a))
make("dropped")
print("after drop")
def chain():
    return make("inner")
b = chain()
print(rc(b))
def local_returned():
    v = A("v")
    w = A("w")
    return v
c = local_returned()
print(rc(c))
print("end")
