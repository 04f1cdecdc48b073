import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class Outer:
    class Inner:
        def __init__(self):
            self.a = A("inner-a")
    def make(self):
        return self.Inner()
i = Outer().make()
print(rc(i.a))
del i
print("end")
