import sys


class A:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print('del', self.name)


def make(n):
    return A(n)


def demo():
    a = make('a')
    print(sys.getrefcount(a))
    b = [a, a]
    print(sys.getrefcount(a))
    del b
    print(sys.getrefcount(a))
    return 'demo done'
