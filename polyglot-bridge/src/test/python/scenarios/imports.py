import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
    def __repr__(self):
        return "A(%s)" % self.name

import os
import os.path as osp
from collections import OrderedDict as OD
print(osp is os.path, OD.__name__)
x = A("x")
import sys as x
print("x rebound to module")
def f():
    import sys as s
    from os import path
    return s is sys and path is osp
print(f())
print("end")
