import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class Seq:
    def __init__(self):
        self.data = [A("s0"), A("s1")]
    def __len__(self):
        return len(self.data)
    def __getitem__(self, i):
        return self.data[i]
    def __contains__(self, x):
        return x in self.data
s = Seq()
print(len(s), s[0], s[1] in s)
print(rc(s.data[0]))
x = s[1]
print(rc(x))
del s
print("after del s")
del x
print("end")
