# GAP: a coroutine result travels through asyncio Task/Future (opaque C): it is pinned, so its __del__ never runs.
import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

import asyncio
async def work():
    a = A("coro-local")
    await asyncio.sleep(0)
    return A("result")
r = asyncio.run(work())
print(rc(r))
del r
print("end")
