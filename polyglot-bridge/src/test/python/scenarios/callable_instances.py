import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class Adder:
    """Instances called through __call__ (slot_tp_call)."""
    def __init__(self, name):
        self.name = name
        self.seen = []
    def __call__(self, x, *rest, key=None, **kw):
        print("in call", rc(self), rc(x), key is None or rc(key), len(rest), sorted(kw))
        self.seen.append(x)
        return [x, key]
    def __del__(self):
        print("del adder", self.name)

f = Adder("f")
a, b = A("a"), A("b")
r = f(a)
print(rc(a), rc(r), r)
r = f(a, b, key=b, other=a)
print(rc(a), rc(b), r)
del r
f.seen.clear()
print(rc(a), rc(b))
print(f(A("temp"))[0])
f.seen.clear()
print("after temp")
print(Adder("once")(b)[0].name)
print("after once")
try:
    f()
except TypeError:
    print("TypeError")
print(rc(f), rc(a))
del a, b
print("after del a b")

class Meta(type):
    def __call__(cls, *args):
        print("meta call", cls.__name__, len(args), rc(args[0]) if args else 0)
        return args
class K(metaclass=Meta):
    pass
c = A("c")
t = K(c, 1)
print(rc(c), t)
del t, c
del f
print("end")
