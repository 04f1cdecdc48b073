import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

def inner():
    yield A("i1")
    return A("ret")
def outer():
    r = yield from inner()
    print("inner returned", rc(r))
    yield r
for v in outer():
    print("got", v)
del v
print("end")
