import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

def g(*args, **kw):
    print("g", rc(args), [rc(a) for a in args], sorted(kw))
    return args
def f(*args, **kw):
    return g(*args, **kw)
x = A("x")
t = f(x, A("tmp"), k=x)
print(rc(x), rc(t))
del t
print("after t")
lst = [x, x]
f(*lst)
print(rc(x))
f(**{"a": x})
print(rc(x))
print("end")
