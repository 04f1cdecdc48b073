import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

registry = {}
class Plugin:
    def __init__(self, name):
        self.name = name
        self.state = A(name)
    @classmethod
    def register(cls, name):
        p = cls(name)
        registry[name] = p
        return p
Plugin.register("p1")
Plugin.register("p2")
print(sorted(registry), rc(registry["p1"]))
registry.pop("p1")
print("popped")
registry.clear()
print("end")
