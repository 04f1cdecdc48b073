import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

l = []
a = A("a")
l.append(a)
print(rc(a))
l.extend([a, A("ext")])
print(rc(a), len(l))
l.insert(0, A("ins"))
x = l.pop()
print("popped", x, rc(x))
del x
l.remove(a)
print(rc(a))
l.clear()
print("cleared", rc(a))
l.append(a)
l.reverse(); l.sort(key=id)
print(rc(a))
print("end")
