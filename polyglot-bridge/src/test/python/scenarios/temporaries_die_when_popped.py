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
    return None
f(A("arg"))
print("after f")
A("expr")
print("after expr")
print(A("printed"))
print("after print")
x = [A("l1"), A("l2")][0]
print("picked", rc(x))
del x
print("end")
