"""The loop-heavy workload of issue 5's overhead figure: object allocation, attribute
stores, list appends and method calls. Runs on CPython 3.12 and under ./refgc alike.

Prints one line per round, "round <i> <seconds>", then "checksum <n>" (the same on every
implementation, so a run that computes something else is caught). Usage:
    loop_workload.py [objects-per-round] [rounds]
"""
import sys
import time


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
        self.tags = []

    def tag(self, value):
        self.tags.append(value)
        return len(self.tags)

    def moved(self, dx):
        return Point(self.x + dx, self.y)


def one_round(n):
    kept = []
    total = 0
    for i in range(n):
        p = Point(i, i + 1)
        total += p.tag(i)
        q = p.moved(1)
        q.z = p.x + q.x
        kept.append(q)
        if len(kept) > 500:
            kept = []
    return total + len(kept)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    checksum = 0
    for r in range(rounds):
        t0 = time.perf_counter()
        checksum = one_round(n)
        print("round %d %.4f" % (r, time.perf_counter() - t0))
    print("checksum %d" % checksum)


main()
