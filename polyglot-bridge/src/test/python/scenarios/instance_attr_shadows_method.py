import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class C:
    def m(self):
        return A("from-method")
c = C()
r = c.m()
print(rc(r))
c.m = lambda: A("from-instance")
r = c.m()
print(rc(r))
del r
print("end")
