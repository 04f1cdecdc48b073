# Release order at deallocation (CPython 3.12): a list or tuple releases its last item
# first; a dict releases each entry's key, then its value, in insertion order; the
# collector clears garbage in the order move_unreachable leaves it (lists and tuples are
# traversed from the last item).
import gc

gc.disable()
gc.collect()


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)

    def __hash__(self):
        return hash(self.name)


l = [Noisy("l0"), Noisy("l1"), Noisy("l2")]
del l
t = (Noisy("t0"), Noisy("t1"), Noisy("t2"))
del t
d = {Noisy("k0"): Noisy("v0"), Noisy("k1"): Noisy("v1")}
del d
s = {"a": Noisy("sa"), "b": Noisy("sb")}
del s
nested = [Noisy("n0"), (Noisy("n1a"), Noisy("n1b")), [Noisy("n2a"), Noisy("n2b")]]
del nested


class Node:
    def __init__(self, name):
        self.name = name
        self.next = None

    def __del__(self):
        print("collect", self.name)


a, b, c = Node("a"), Node("b"), Node("c")
a.next = [b, c]
b.next = a
c.next = (a, b)
del a, b, c
print("ring", gc.collect())
print("end")
