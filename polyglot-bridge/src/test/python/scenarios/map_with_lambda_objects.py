import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

out = list(map(lambda i: A(str(i)), range(2)))
print(len(out), rc(out[0]))
del out
print("end")
