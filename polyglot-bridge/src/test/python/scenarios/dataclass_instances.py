import dataclasses
import sys


class A:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


@dataclasses.dataclass
class P:
    a: object
    items: list = dataclasses.field(default_factory=list)


p = P(A("pa"))
print(sys.getrefcount(p.a), p.items)
p.items.append(A("item"))
del p
print("after del p")
q = P(A("qa"), [A("qi")])
print(q == P(q.a, q.items))
del q
print("end")
