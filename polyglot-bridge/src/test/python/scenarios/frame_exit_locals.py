# Frame exit releases the fast locals in localsplus order whatever their state: bound,
# never bound (early return, exception), deleted, unbound by `except ... as`, or first
# bound at the function's top level (where the rewriter skips the old-value read).
import sys
rc = sys.getrefcount


class A:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


def early(flag):
    a = A("early-a")
    if flag:
        return "early"
    b = A("early-b")
    print(rc(a), rc(b))
    return "late"


print(early(True))
print(early(False))


def deleted(p):
    q = A("deleted-q")
    del p
    print("after del p")
    return q


r = deleted(A("param"))
print(rc(r))
del r


def handler():
    keep = A("handler-keep")
    try:
        raise ValueError("x")
    except ValueError as e:
        print(type(e).__name__)
    return keep


h = handler()
del h


def rebinding():
    x = A("first")
    x = A("second")
    y = (x := A("third"))
    print(rc(x), rc(y))


rebinding()


def walrus_first():
    z = (z := A("walrus-inner"))
    print(rc(z))


walrus_first()


def loop_then_store(n):
    for i in range(n):
        w = A("loop-%d" % i)
    w = A("after-loop")
    print(rc(w))


loop_then_store(2)
loop_then_store(0)


def raises():
    s = A("raises-s")
    t = [s]
    raise KeyError("boom")


try:
    raises()
except KeyError as exc:
    print("caught", exc)
print("end")
