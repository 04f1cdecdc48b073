import sys
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print('del', self.name)
a = []
print(sys.getrefcount(a))
b = a
print(sys.getrefcount(a))
del b
print(sys.getrefcount(a))
x = A('x')
print('before del x')
del x
print('after del x')
y = A('y1')
y = A('y2')
print('rebound')
def f(p):
    print('in f', sys.getrefcount(p))
    q = A('q')
    r = A('r')
    return 1
f([])
f(a)
print('done f')
A('temp')
print('after temp')
