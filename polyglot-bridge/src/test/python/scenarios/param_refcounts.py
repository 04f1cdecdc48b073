import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

def f(x):
    print("f", rc(x))
f([])
a = []
f(a)
def g(x, y=[]):
    print("g", rc(x), rc(y))
g(a)
g(a, a)
def h(*args, **kw):
    print("h", rc(args), [rc(v) for v in args], rc(kw))
h(a, [])
h(a, k=a)
print("end")
