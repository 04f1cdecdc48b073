import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

def pick(flag):
    return A("yes") if flag else A("no")
x = pick(True)
print(rc(x))
pick(False)
print("after discarded")
y = [A("l")] if x else []
print(rc(y))
print("end")
