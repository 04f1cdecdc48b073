# GAP: an instance's own __dict__ produced by opaque code that reached the instance through
# a container (here map() over [b] with attrgetter('__dict__')), not through the call's own
# arguments: the dict reaches instrumented code uncounted, the first b.__dict__ starts
# counting it from b's reference alone, and the pops of the uncounted references free it
# under b (zombie uses, x finalized early). The direct forms (vars(b),
# object.__getattribute__(b, '__dict__'), attrgetter('__dict__')(b)) are exact: see
# scenarios/instance_dict_from_opaque_code.py.
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


def through_list_of_map():
    b = Box()
    b.x = A("x1")
    l2 = list(map(operator.attrgetter("__dict__"), [b]))
    print(l2[0] is b.__dict__, rc(l2[0]))
    del l2
    print(rc(b.__dict__))
    print("end 1")


def through_for_loop():
    b = Box()
    b.x = A("x2")
    for d in map(operator.attrgetter("__dict__"), [b]):
        print(d is b.__dict__, rc(d))
    del d
    print("end 2")


through_list_of_map()
through_for_loop()
