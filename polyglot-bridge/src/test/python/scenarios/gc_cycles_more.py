import gc
import sys


class N:
    def __init__(self, name):
        self.name = name
        self.refs = []

    def __del__(self):
        print("del", self.name)


def ring(n):
    nodes = [N("r%d" % i) for i in range(n)]
    for i in range(n):
        nodes[i].refs.append(nodes[(i + 1) % n])
    return nodes[0]


head = ring(3)
print("ring built", sys.getrefcount(head))
del head
print("ring collected", gc.collect())

# a cycle keeping an acyclic tail alive
c = N("c")
c.refs.append(c)
c.refs.append(N("tail"))
del c
print("cycle+tail", gc.collect())

# cycle through a closure
def make():
    box = N("boxed")
    def get():
        return box
    box.refs.append(get)
    return None
make()
print("closure cycle", gc.collect())

# reachable from a live object: not collected
keep = N("keep")
keep.refs.append(N("child"))
keep.refs[0].refs.append(keep)
print("live", gc.collect())
keep = None
print("now garbage", gc.collect())
print("end")
