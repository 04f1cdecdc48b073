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
    def __init__(self):
        self.r = A("r")
    def drop(self):
        del self.r
        print("dropped")
c = C()
c.drop()
print("end")
