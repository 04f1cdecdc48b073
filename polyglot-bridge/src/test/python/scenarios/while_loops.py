import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

i = 0
items = []
while i < 3:
    items.append(A(str(i)))
    i += 1
print(len(items))
while items:
    items.pop()
    print("popped")
print("end")
