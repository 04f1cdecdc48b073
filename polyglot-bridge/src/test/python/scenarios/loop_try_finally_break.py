import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

def f():
    for i in range(3):
        a = A(str(i))
        try:
            if i == 1:
                break
        finally:
            print("finally", i)
    print("after loop")
f()
print("end")
