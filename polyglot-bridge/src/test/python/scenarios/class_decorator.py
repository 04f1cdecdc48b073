import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

def register(cls):
    print("register", cls.__name__)
    return cls
@register
class K:
    def __init__(self):
        self.v = A("kv")
k = K()
print(rc(k.v))
del k
print("end")
