import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

def countdown(n):
    tmp = A("gen-local")
    while n > 0:
        yield A(str(n))
        n -= 1
for x in countdown(2):
    print("got", x)
print("loop end")
del x
print("end")
