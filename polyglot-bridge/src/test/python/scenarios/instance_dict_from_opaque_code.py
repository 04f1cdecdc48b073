# An instance's (or function's) own __dict__ handed to instrumented code by opaque code
# before anything counted it: the reference returned must be counted, so that a later
# o.__dict__ (which starts counting the dict) and the pops of both references leave the
# dict alive under its owner (it was freed early, a zombie, before). Owners passed to
# opaque code escape (they may leak), so they hold no finalizer here; `vars(o)` and
# o.__getattribute__ (bound to o) keep o exact and finalize on time.
import operator
import sys
rc = sys.getrefcount


class A:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


class Box:
    pass


class Plain:
    pass


def via_object_getattribute():
    b = Box()
    b.x = Plain()
    d = object.__getattribute__(b, "__dict__")
    print(d is b.__dict__, rc(d), rc(b.x))
    del d
    print(rc(b.__dict__), sorted(b.__dict__))


def via_attrgetter():
    b = Box()
    b.x = Plain()
    d = operator.attrgetter("__dict__")(b)
    print(d is b.__dict__, rc(d))
    del d
    print(rc(b.__dict__))


def via_descriptor():
    b = Box()
    d = Box.__dict__["__dict__"].__get__(b)
    d["y"] = Plain()
    print(d is b.__dict__, rc(d), rc(b.y))
    del d
    print(rc(b.__dict__))


def via_bound_getattribute():
    b = Box()
    b.x = A("x")
    d = b.__getattribute__("__dict__")
    print(d is b.__dict__, rc(d))
    del d
    print(rc(b.__dict__))


def via_vars():
    b = Box()
    b.x = A("vx")
    d = vars(b)
    print(d is b.__dict__, rc(d))
    d["y"] = A("vy")
    del d
    print(rc(b.__dict__))


def function_dict():
    def fn():
        pass
    d = object.__getattribute__(fn, "__dict__")
    print(d is fn.__dict__, rc(d))
    del d
    fn.a = Plain()
    print(rc(fn.a))


via_object_getattribute()
via_attrgetter()
via_descriptor()
via_bound_getattribute()
via_vars()
function_dict()
print("end")
