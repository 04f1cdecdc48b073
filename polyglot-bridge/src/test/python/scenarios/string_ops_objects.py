import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

a = A("s")
s = str(a) + repr(a) + "%s" % (a,) + "{}".format(a)
print(s, rc(a))
l = [a] * 3
print(rc(a), ",".join(x.name for x in l))
del l
print(rc(a))
print("end")
