import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

def make():
    count = 0
    items = []
    def add():
        nonlocal count
        count += 1
        items.append(A(str(count)))
        return count
    return add, items
add, items = make()
add(); add()
print(len(items), rc(items))
del add
print("after del add", rc(items))
del items
print("end")
