import gc

saved = []


class R:
    def __init__(self, name):
        self.name = name
        self.me = self

    def __del__(self):
        print("del", self.name)
        saved.append(self)


r = R("phoenix")
del r
print("first collect", gc.collect())
print("saved", len(saved), saved[0].name)
saved.clear()
print("second collect", gc.collect())
print("end")
