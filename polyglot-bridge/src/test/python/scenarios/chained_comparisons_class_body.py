import sys
rc = sys.getrefcount
class A:
    def __init__(self, n):
        self.n = n
    def __lt__(self, other):
        return self.n < other.n
    def __del__(self):
        print("del", self.n)
class Config:
    lo = 1
    hi = 10
    mid = 5
    ok = lo < mid < hi
    bad = hi < mid < lo
print(Config.ok, Config.bad)
print(A(1) < A(2) < A(3))
print("after true chain")
print(A(3) < A(2) < A(1))
print("after false chain")
x = A(5)
print(A(1) < x < A(9), rc(x))
print("end")
