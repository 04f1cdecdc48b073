import time


class P:
    def __init__(self, x):
        self.x = x
        self.items = []

    def add(self, v):
        self.items.append(v)
        return len(self.items)


def work(n):
    out = []
    for i in range(n):
        p = P(i)
        p.add(i)
        p.y = p.x + 1
        out.append(p)
        if len(out) > 1000:
            out = []
    return len(out)


N = 200000
work(N // 10)
t0 = time.perf_counter()
work(N)
print('%.3f' % (time.perf_counter() - t0))
