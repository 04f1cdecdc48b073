import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

import functools
def f(x, y):
    return [x, y]
g = functools.partial(f, A("bound"))
r = g(A("arg"))
print(len(r), rc(r))
del r
print("r gone")
print("end")
