"""The memory-management lesson: reference counts, del, a cycle, gc.collect()
and generations.  Run it with CPython 3.12 and with ./refgc: the output is the
same line for line.

    python3.12 python-tests/examples/lesson.py
    ./refgc python-tests/examples/lesson.py
"""

import gc
import sys

# Automatic collection would run whenever enough objects were allocated;
# switching it off makes every collection below an explicit one.
gc.disable()


class Noisy:
    """An object that says when it is finalized."""

    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("  __del__", self.name)


def generation_of(obj):
    for generation in range(3):
        if any(o is obj for o in gc.get_objects(generation)):
            return generation
    return None


print("1. Reference counts")
a = []
print("  a = []            getrefcount(a) =", sys.getrefcount(a))
b = a
print("  b = a             getrefcount(a) =", sys.getrefcount(a))
holder = [a, a]
print("  holder = [a, a]   getrefcount(a) =", sys.getrefcount(a))
del b, holder
print("  del b, holder     getrefcount(a) =", sys.getrefcount(a))
print("  None is immortal: getrefcount(None) =", sys.getrefcount(None))

print("2. del runs __del__ at once, when the count drops to zero")
x = Noisy("x")
print("  before del x")
del x
print("  after del x")
y = Noisy("y1")
y = Noisy("y2")
print("  rebinding y freed y1")
del y

print("3. A cycle keeps its objects alive until the collector runs")
a = Noisy("a")
b = Noisy("b")
a.partner = b
b.partner = a
del a, b
print("  del a, b: no __del__ yet")
print("  gc.collect() ->", gc.collect())

print("4. More cycles")
l = []
l.append(l)
del l
print("  list that contains itself:  gc.collect() ->", gc.collect())
d = {}
d["self"] = d
del d
print("  dict that contains itself:  gc.collect() ->", gc.collect())
t = ([],)
t[0].append(t)
del t
print("  tuple -> list -> tuple:     gc.collect() ->", gc.collect())
print("  nothing left:               gc.collect() ->", gc.collect())

print("5. Generations")
print("  thresholds:", gc.get_threshold())
print("  tracked? 42:", gc.is_tracked(42), " []:", gc.is_tracked([]),
      " {'a': 1}:", gc.is_tracked({"a": 1}))
gc.collect()
print("  after a full collection get_count() =", gc.get_count())
survivor = []
print("  a new list is in generation", generation_of(survivor))
gc.collect(0)
print("  gc.collect(0): get_count() =", gc.get_count())
print("  the list survived into generation", generation_of(survivor))
gc.collect(1)
print("  gc.collect(1): get_count() =", gc.get_count())
print("  the list survived into generation", generation_of(survivor))

gc.enable()
