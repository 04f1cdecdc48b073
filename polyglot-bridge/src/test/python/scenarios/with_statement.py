import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

class CM:
    def __enter__(self):
        print("enter")
        return A("entered")
    def __exit__(self, *exc):
        print("exit")
        return False
    def __del__(self):
        print("del CM")
with CM() as v:
    print(rc(v))
print("after with")
del v
with CM():
    print("no target")
print("end")
