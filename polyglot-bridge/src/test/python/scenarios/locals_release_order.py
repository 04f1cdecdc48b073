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
    a = A("a"); b = A("b"); c = A("c")
    print("in f", rc(a))
    return 7
print(f())
def g(p, q):
    r = A("r")
    q2 = q
    return r
res = g(A("p"), A("q"))
print("got", res)
del res
print("end")
