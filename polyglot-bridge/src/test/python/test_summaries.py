"""Builtin summaries (refgc_compiler.summaries) against CPython 3.12.

Each case below calls one builtin (or method of a builtin type) and prints what CPython
3.12 makes observable about its reference effects: `sys.getrefcount` of the arguments and
of the result before and after, the result itself and the containers' contents, and the
moment every `__del__` runs. A case passes when its output under the shadow heap
(instrumented, `sys.getrefcount` answered by the model) equals its output under plain
CPython, with no zombie and no object freed by CPython behind the model's back.

All cases run in two processes (one plain, one instrumented) so that the suite costs two
interpreter start-ups; each case gets fresh globals, and nothing a case leaves behind is
ever freed (plain: its globals are kept; instrumented: the shadow heap keeps everything).
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.normpath(os.path.join(HERE, '..', '..', 'main', 'resources', 'org', 'refgc',
                                    'bridge', 'python'))
PY = os.environ.get('REFGC_CPYTHON', sys.executable)

PRELUDE = '''\
import sys
rc = sys.getrefcount
class A:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print('del', self.name)
    def __repr__(self):
        return 'A(%s)' % self.name
class K(A):
    """Equal and hashed by name, ordered by name."""
    def __eq__(self, o):
        return isinstance(o, K) and o.name == self.name
    def __hash__(self):
        return hash(self.name)
    def __lt__(self, o):
        return self.name < o.name
'''

#: summary under test -> case source (run after PRELUDE, at module level)
CASES = {}


def case(name, src):
    assert name not in CASES, name
    CASES[name] = src


# ---------------------------------------------------------------------- types
case('types.MethodType', '''
import types
a = A('a')
def f(self):
    return self.name
m = types.MethodType(f, a)
print(rc(a), rc(f), rc(m), m())
del m
print(rc(a), rc(f))
m2 = type(a.__repr__)(f, a)
print(rc(a), m2 == types.MethodType(f, a))
for bad in ((f, None), (1, a), (f,)):
    try:
        types.MethodType(*bad)
    except TypeError as e:
        print('TypeError', e)
print(rc(a), rc(f))
del a
print('after del a')
del m2
print('end')
''')


# ---------------------------------------------------------------------- list
case('list.append', '''
l = []
a = A('a')
l.append(a)
print(rc(a), l)
f = l.append
f(a)
list.append(l, a)
print(rc(a), rc(l), l)
del a
l.clear()
print('end')
''')
case('list.extend', '''
a, b = A('a'), A('b')
l = [a]
l.extend([b, a])
print(rc(a), rc(b), l)
l.extend(x for x in (A('g1'), A('g2')))
print(l[3:], rc(l[3]))
l.extend((b,))
print(rc(b))
del a, b
del l[:]
print('end')
''')
case('list.insert', '''
a = A('a')
l = [1, 2]
l.insert(0, a)
l.insert(-1, A('t'))
print(rc(a), l, rc(l[2]))
del l[2]
print('end')
''')
case('list.pop', '''
a, b = A('a'), A('b')
l = [a, b]
del a, b
x = l.pop()
print(x, rc(x), l)
del x
print('after del x')
l.pop(0)
print('popped', l)
try:
    l.pop()
except IndexError as e:
    print('IndexError', e)
''')
case('list.remove', '''
a, b = A('a'), A('b')
l = [a, b, a]
print(rc(a))
l.remove(a)
print(rc(a), l)
del b
l.remove(l[0])
print('removed b', l)
try:
    l.remove(A('c'))
except ValueError as e:
    print('ValueError', e)
del a
l.remove(l[0])
print('end', l)
''')
case('list.remove_equal_key', '''
l = [K('x'), K('y')]
l.remove(K('x'))
print(l)
''')
case('list.index_count', '''
a = A('a')
l = [a, 1, a]
print(l.index(a), l.count(a), l.index(a, 1), rc(a))
print(l.count(K('k')), l.index(1))
try:
    l.index(A('t'))
except ValueError:
    print('ValueError')
print(rc(a))
''')
case('list.clear', '''
l = [A('a'), A('b'), A('c')]
l.clear()
print('cleared', l)
''')
case('list.copy', '''
a = A('a')
l = [a, a]
c = l.copy()
print(rc(a), rc(c), c is l, c)
del l
print(rc(a))
del c
print(rc(a))
''')
case('list.reverse', '''
a = A('a')
l = [a, A('b'), 3]
l.reverse()
print(l, rc(a), rc(l[1]))
del l
print('end')
''')
case('list.sort', '''
l = [K('c'), K('a'), K('b')]
a = l[0]
l.sort()
print(l, rc(a))
l.sort(reverse=True)
print(l, rc(a))
del a
l.sort(key=lambda k: K('key ' + k.name))
''')
case('list.sort_key_objects', '''
l = [K('c'), K('a'), K('b')]
l.sort(key=lambda k: K('key ' + k.name))
print(l)
l.sort(key=lambda k: K('rkey ' + k.name), reverse=True)
print(l)
''')
case('list.sort_key_class', '''
class S:
    def __init__(self, n):
        self.n = n
    def __lt__(self, o):
        return self.n < o.n
    def __del__(self):
        print('del S', self.n)
l = [3, 1, 2]
l.sort(key=S)
print(l)
''')
case('list.sort_key_raises', '''
def key(k):
    if k.name == 'b':
        raise KeyError(k.name)
    return A('key ' + k.name)
l = [K('c'), K('a'), K('b')]
try:
    l.sort(key=key)
except KeyError as e:
    print('KeyError', e)
print(l)
''')
case('list.constructor', '''
a = A('a')
l = list([a, a])
print(rc(a), l)
t = list((a,))
print(rc(a))
g = list(A(str(i)) for i in range(2))
print(g, rc(g[0]))
d = list({a: 1})
print(rc(a), d, list(), list(range(3)))
it = iter([a])
print(rc(a))
li = list(it)
print(rc(a), li)
del l, t, d, li, it
print(rc(a))
''')

# ---------------------------------------------------------------------- dict
case('dict.get', '''
a = A('a')
d = {'a': a}
x = d.get('a')
print(rc(a), x is a)
dflt = A('dflt')
y = d.get('nope', dflt)
print(rc(dflt), y, d.get('nope'))
del x, y
print(rc(a), rc(dflt))
''')
case('dict.setdefault', '''
d = {}
a = A('a')
x = d.setdefault('k', a)
print(rc(a), x)
y = d.setdefault('k', A('other'))
print(rc(a), y)
k = K('key')
d.setdefault(k)
print(rc(k), d[k])
del x, y
''')
case('dict.pop', '''
a, b = A('a'), A('b')
k = K('k')
d = {'a': a, k: b}
del a
x = d.pop('a')
print(x, rc(x), d)
del x
print('after')
y = d.pop(K('k'))
print(rc(k), rc(y))
dflt = A('d')
z = d.pop('zz', dflt)
print(z is dflt, rc(dflt))
try:
    d.pop('zz')
except KeyError as e:
    print('KeyError', e)
del b, y
print('end')
''')
case('dict.popitem', '''
d = {K('k1'): A('v1'), K('k2'): A('v2')}
k, v = d.popitem()
print(k, v, rc(k), rc(v), d)
del k
print('del v next')
del v
t = d.popitem()
print(t, rc(t[0]))
del t
try:
    d.popitem()
except KeyError as e:
    print('KeyError', e)
''')
case('dict.update', '''
a, b = A('a'), A('b')
d = {'a': a}
d.update({'b': b})
print(rc(a), rc(b))
d.update([('a', b)])
print(rc(a), rc(b))
del a
d.update(b=A('new'), c=b)
print(rc(b), sorted(d))
d.update(d)
print(rc(b))
k1 = K('k')
d2 = {k1: 1}
k2 = K('k')
d2.update({k2: 2})
print(rc(k1), rc(k2), d2)
''')
case('dict.views', '''
a = A('a')
d = {'a': a}
print(rc(d))
ks = d.keys()
vs = d.values()
its = d.items()
print(rc(d), list(vs), rc(a))
print(list(its), rc(a))
del d
print(ks, rc(a))
del vs, its
print('ks holds d')
del ks
print('end')
''')
case('dict.copy_clear', '''
a, b = A('a'), A('b')
d = {'a': a, 'b': b}
c = d.copy()
print(rc(a), rc(b), c == d, c is d)
del a, b
d.clear()
print('cleared d')
c.clear()
print('cleared c')
''')
case('dict.fromkeys', '''
v = A('v')
d = dict.fromkeys(['x', 'y', 'z'], v)
print(rc(v), sorted(d))
k = K('k')
e = dict.fromkeys([k])
print(rc(k), e)
f = {}.fromkeys((k,), v)
print(rc(k), rc(v))
del d, e, f
print(rc(v), rc(k))
''')
case('dict.constructor', '''
a, b = A('a'), A('b')
d = dict(x=a, y=b)
print(rc(a), rc(b))
e = dict([('x', a), ('y', a)])
print(rc(a))
f = dict(d, z=b)
print(rc(a), rc(b))
g = dict({'a': a}.items())
print(rc(a), dict())
del d, e, f, g
print(rc(a), rc(b))
''')

# ---------------------------------------------------------------------- set
case('set.add_discard_remove', '''
k = K('k')
s = set()
s.add(k)
s.add(k)
print(rc(k))
s.add(K('k'))
print(rc(k), len(s))
s.discard(K('k'))
print(rc(k), len(s))
s.add(k)
s.remove(k)
print(rc(k))
try:
    s.remove(k)
except KeyError as e:
    print('KeyError', e)
s.discard(k)
s.add(K('gone'))
s.discard(K('gone'))
print('end')
''')
case('set.pop_clear_copy', '''
k = K('k')
s = {k}
c = s.copy()
print(rc(k), c == s)
x = s.pop()
print(x is k, rc(k), s)
del x
c.add(K('k2'))
c.clear()
print('cleared', rc(k))
try:
    s.pop()
except KeyError as e:
    print('KeyError', e)
''')
case('set.algebra', '''
a, b, c = K('a'), K('b'), K('c')
s = {a, b}
t = {b, c}
u = s.union(t)
i = s.intersection(t)
d = s.difference(t)
x = s.symmetric_difference(t)
print(rc(a), rc(b), rc(c), sorted(u), i, d, sorted(x))
print(s.isdisjoint(t), s.issubset(u), u.issuperset(s), rc(a))
u2 = s.union([c], (a,))
print(rc(c), len(u2))
del u, i, d, x, u2
print(rc(a), rc(b), rc(c))
''')
case('set.update_ops', '''
a, b, c = K('a'), K('b'), K('c')
s = {a}
s.update([b], (c,))
print(rc(a), rc(b), rc(c))
s.intersection_update({b, c})
print(rc(a), rc(b), rc(c))
s.difference_update([c])
print(rc(b), rc(c))
s.symmetric_difference_update({a, b})
print(rc(a), rc(b), s)
del a
s.clear()
print('end')
''')
case('set.constructor', '''
k = K('k')
s = set([k, k])
print(rc(k), s)
g = set(K('g%d' % i) for i in range(1))
print(g)
del s
print(rc(k), set())
''')

# ---------------------------------------------------------------------- frozenset
case('frozenset.methods', '''
a, b = K('a'), K('b')
f = frozenset([a, b])
print(rc(a), rc(f))
c = f.copy()
print(c is f, rc(f))
u = f.union([K('c')])
i = f.intersection([a])
d = f.difference([a])
x = f.symmetric_difference([a])
print(rc(a), rc(b), sorted(u), i, d, x)
print(f.isdisjoint([a]), f.issubset(u), u.issuperset(f))
f2 = frozenset(f)
print(f2 is f, rc(f))
del u, i, d, x, c, f2, f
print(rc(a), rc(b), frozenset())
''')

# ---------------------------------------------------------------------- tuple
case('tuple.methods', '''
a = A('a')
t = (a, 1, a)
print(t.count(a), t.index(a), t.index(a, 1), t.count(K('x')), rc(a))
try:
    t.index(A('t'))
except ValueError:
    print('ValueError')
f = t.count
print(f(1), rc(a))
del t, f
print(rc(a))
''')
case('tuple.constructor', '''
a = A('a')
t = tuple([a, a])
print(rc(a), t)
t2 = tuple(t)
print(t2 is t, rc(t))
g = tuple(A(str(i)) for i in range(2))
print(g)
del g
print('gen done', tuple())
del t, t2
print(rc(a))
''')

# ---------------------------------------------------------------------- builtins
case('len_isinstance_issubclass', '''
l = [A('a')]
print(len(l), rc(l), isinstance(l, list), isinstance(l[0], (A, int)), issubclass(K, A),
      issubclass(A, (int, K)), rc(l), rc(A))
''')
case('print_repr_str', '''
a = A('a')
print(a, [a], rc(a))
print(repr(a), str(a), repr([a]), rc(a))
print(a, a, sep='-', end='!\\n')
print(rc(a))
''')
case('hash_id', '''
k = K('k')
print(hash(k) == hash('k'), id(k) == id(k), rc(k))
try:
    hash([k])
except TypeError as e:
    print('TypeError', e)
print(rc(k))
''')
case('getattr', '''
class O:
    pass
o = O()
o.a = A('a')
x = getattr(o, 'a')
print(rc(x), x)
dflt = A('dflt')
y = getattr(o, 'missing', dflt)
print(rc(dflt), y is dflt)
m = getattr(o.a, '__repr__')
print(rc(o.a), m())
try:
    getattr(o, 'missing')
except AttributeError as e:
    print('AttributeError', e)
del x, y, m
print(rc(o.a), rc(dflt))
del o
print('end')
''')
case('setattr_delattr_hasattr', '''
class O:
    pass
o = O()
a = A('a')
setattr(o, 'a', a)
print(rc(a), hasattr(o, 'a'), hasattr(o, 'b'), rc(a))
setattr(o, 'a', A('b'))
print(rc(a), o.a)
delattr(o, 'a')
print('deleted', hasattr(o, 'a'))
try:
    delattr(o, 'a')
except AttributeError as e:
    print('AttributeError', e)
''')
case('iter', '''
a = A('a')
l = [a]
it = iter(l)
print(rc(l), rc(it), iter(it) is it, rc(it))
print(next(it), rc(l))
try:
    next(it)
except StopIteration:
    print('StopIteration', rc(l))
t = (a,)
ti = iter(t)
print(rc(t))
print(list(ti), rc(t))
d = {a: 1}
di = iter(d)
print(rc(d))
for x in di:
    print(x)
del x
print(rc(d))
''')
case('iter_sentinel', '''
class C:
    def __init__(self):
        self.n = 0
    def __call__(self):
        self.n += 1
        return self.n
c = C()
s = A('sentinel')
it = iter(c, 3)
print(rc(c), list(it), rc(c))
c.n = 0
it2 = iter(c, s)
print(rc(s), next(it2), rc(c))
del it2
print(rc(s), rc(c))
''')
case('next', '''
def gen():
    yield A('g1')
    yield A('g2')
g = gen()
x = next(g)
print(x, rc(x))
del x
print('after del')
next(g)
print('dropped')
dflt = A('dflt')
y = next(g, dflt)
print(y is dflt, rc(dflt))
z = next(iter([]), dflt)
print(rc(dflt))
del y, z
print(rc(dflt))
''')
case('sorted', '''
a, b = K('b'), K('a')
l = [a, b]
s = sorted(l)
print(s, rc(a), rc(b), rc(s))
r = sorted((x for x in l), reverse=True)
print(r, rc(a))
k = sorted(l, key=lambda x: K('key ' + x.name))
print(k)
del s, r, k
print(rc(a), rc(b), sorted([]))
it = iter(l)
s2 = sorted(it)
print(rc(l))
''')
case('reversed', '''
a = A('a')
l = [a, A('b')]
r = reversed(l)
print(rc(l), list(r), rc(l))
r2 = reversed(l)
x = next(r2)
print(x, rc(l))
del r2
print(rc(l))
del x
class Seq:
    def __len__(self):
        return 2
    def __getitem__(self, i):
        return A('item%d' % i)
s = Seq()
rs = reversed(s)
print(rc(s))
print(list(rs))
print(rc(s))
''')
case('min_max_args', '''
a, b = K('a'), K('b')
m = min(a, b)
print(m, rc(a), rc(b))
M = max(a, b)
print(M, rc(a), rc(b))
del m, M
print(rc(a), rc(b))
''')
case('min_max_iterable', '''
l = [K('b'), K('a'), K('c')]
m = min(l)
M = max(l)
print(m, M, rc(m), rc(M))
del m, M
g = min(K('g%d' % i) for i in (2, 1, 3))
print('min', g)
del g
d = A('d')
e = max([], default=d)
print(e is d, rc(d))
try:
    min([])
except ValueError as err:
    print('ValueError', err)
''')
case('min_max_key', '''
l = [K('b'), K('a'), K('c')]
m = min(l, key=lambda x: K('key ' + x.name))
print('result', m)
M = max(l[0], l[1], key=lambda x: A('k' + x.name).name)
print('result', M)
''')
case('sum', '''
a = A('a')
s = sum([[a], [a]], [])
print(s, rc(a))
start = [a]
t = sum([], start)
print(t is start, rc(start))
print(sum([1, 2, 3]), sum((x for x in [1.5, 2]), 1))
del s, t
print(rc(a))
''')
case('any_all', '''
l = [A('a'), A('b')]
print(any(l), all(l), rc(l[0]))
print(any(A('g%d' % i) for i in range(2)))
print('after any')
def gen():
    yield A('g1')
    yield 0
    yield A('g2')
print(all(gen()), all([1, 0, A('l1')]), any([0, None, A('l2')]))
print(any([]), all([]), all(x for x in [1, 2]))
''')
case('map', '''
a = A('a')
l = [a]
f = lambda x: [x]
m = map(f, l)
print(rc(f), rc(l))
r = list(m)
print(r, rc(a), rc(f), rc(l))
del m
print(rc(f), rc(l))
m2 = map(lambda x: A('m' + x.name), l)
for x in m2:
    print(x)
print('looped')
del x
print('end')
''')
case('zip', '''
a, b = A('a'), A('b')
l1, l2 = [a], [b, b]
z = zip(l1, l2)
print(rc(l1), rc(l2))
print(list(z), rc(a), rc(b))
del z
print(rc(l1), rc(l2))
t = next(zip(l1, l2))
print(t, rc(a), rc(t))
del t
print(rc(a), list(zip()))
''')
case('enumerate', '''
a = A('a')
l = [a]
e = enumerate(l, 1)
print(rc(l))
r = list(e)
print(r, rc(a))
del e, r
print(rc(l), rc(a))
for i, x in enumerate([A('e1'), A('e2')]):
    print(i, x)
del i, x
print('end')
''')
case('filter', '''
a = A('a')
l = [a, None, A('b')]
f = filter(None, l)
print(rc(l))
r = list(f)
print(r, rc(a))
del f, r
print(rc(l))
pred = lambda x: x is a
g = filter(pred, l)
print(rc(pred), next(g), rc(a))
del g
print(rc(pred))
''')
case('range', '''
r = range(3)
a = A('a')
print(list(r), len(r), r[1], 2 in r, list(range(1, 7, 2)))
it = iter(r)
print(next(it), list(it), [a for i in range(2)], rc(a))
print(rc(r), rc(range(2)))      # a range is counted; its iterator copies the bounds
rv = reversed(r)
g = (i for i in r)
print(rc(r), list(rv), sum(g), rc(r))
l = [range(1), range(2)]
print(rc(l[0]))
''')
case('vars', '''
class O:
    pass
o = O()
o.x = A('x')
d = vars(o)
print(sorted(d), rc(o.x))
d['y'] = A('y')
print(o.y, rc(o.y))
del d
print(rc(o.x))
del o
print('end')
''')
case('vars_is_the_instance_dict', '''
class O:
    pass
o = O()
o.x = A('x')
d = vars(o)
print(d is o.__dict__, rc(d))
d['y'] = A('y')
print(rc(d), rc(o.y))
del d
print(rc(o.__dict__))
def f(p):
    e = vars(p)
    e['z'] = A('z')
    return e is p.__dict__, rc(e)
print(f(O()))
def g():
    x = A('gx')
    loc = vars()
    print(sorted(loc), rc(x))
    del x
    print('after del x')
g()
try:
    vars(1)
except TypeError as e:
    print(e, e.__context__)
print(sorted(vars(o)))
del o
print('end')
''')
case('globals_locals', '''
g = globals()
print(g is globals(), 'A' in g)
a = A('a')
globals()['b'] = a
print(rc(a), b is a)
del globals()['b']
print(rc(a))
def f():
    x = A('x')
    loc = locals()
    print(sorted(loc), rc(x))
    del x
    print('after del x')
    return loc
r = f()
print('returned', sorted(r))
del r
class C:
    locals()['injected'] = A('injected')
    x = 1
    names = sorted(n for n in locals() if not n.startswith('_'))
print(C.injected, C.names)
print('end')
''')
case('super', '''
class B:
    def who(self):
        return 'B'
class C(B):
    def get(self):
        return super()
    def who(self):
        return 'C' + super().who()
c = C()
print(c.who(), rc(c))
s = c.get()
print(rc(c), s.who())
del s
print(rc(c))
s2 = super(C, c)
print(rc(c), s2.who())
del s2
print(rc(c))
''')
case('copy.copy', '''
import copy
class O:
    pass
o = O()
o.a = A('a')
o.l = [1]
c = copy.copy(o)
print(rc(o.a), rc(o.l), c.a is o.a, type(c).__name__)
l = [A('x')]
lc = copy.copy(l)
print(rc(l[0]), lc)
d = {'k': o}
dc = copy.copy(d)
print(rc(o), dc is d)
t = (o,)
print(copy.copy(t) is t, rc(t))
del c
print(rc(o.a))
del o, d, dc, t
print('end')
''')


# ---------------------------------------------------------------------- call shapes
case('callx.star_args', """
l = [K('b'), K('a')]
m = min(*l)
s = sorted(*[l], **{'reverse': True})
print(m, s, rc(l[0]), rc(l[1]))
t = tuple(*[l])
d = dict(*[[('k', l[0])]], **{'z': l[1]})
print(t, sorted(d), rc(l[0]), rc(l[1]))
del m, s, t, d
print(rc(l[0]), rc(l[1]))
""")
case('bound_methods', """
k = K('k')
s = {k}
f = frozenset([k])
t = (k,)
add, disc, fu, ti = s.add, s.discard, f.union, t.index
add(K('k2'))
print(len(s), rc(k))
disc(K('k2'))
u = fu([K('u')])
print(ti(k), rc(k), sorted(u))
del add, disc, fu, ti, u
print(rc(k), rc(s), rc(f), rc(t))
""")
case('iter.instrumented_iter', """
class Bag:
    def __init__(self):
        self.items = [A('i1'), A('i2')]
    def __iter__(self):
        for x in self.items:
            yield x
class Self:
    def __iter__(self):
        return self
    def __next__(self):
        raise StopIteration
b = Bag()
l = list(b)
print(l, rc(l[0]), rc(b))
it = iter(b)
print(rc(b), next(it), rc(b))
del it
print(rc(b))
s = Self()
i2 = iter(s)
print(i2 is s, rc(s), list(s))
del l, b
print('end')
""")
case('dict.update_mapping_object', """
class M:
    def __init__(self):
        self.d = {'x': A('x'), 'y': A('y')}
    def keys(self):
        return list(self.d)
    def __getitem__(self, k):
        return self.d[k]
m = M()
d = {'x': A('old')}
d.update(m)
print(sorted(d), rc(d['x']))
e = dict(m)
print(rc(e['y']))
del m
print('m gone')
del d, e
print('end')
""")
case('reversed.dict_and_tuple', """
k = K('k')
d = {k: A('v')}
r = reversed(d)
print(rc(d), next(r) is k, rc(k))
del r
print(rc(d))
t = (A('t1'), A('t2'))
rt_ = reversed(t)
print(rc(t), list(rt_), rc(t))
""")
case('min_max.key_raises', """
def key(x):
    if x.name == 'c':
        raise ValueError(x.name)
    return K('key ' + x.name)
l = [K('b'), K('a'), K('c')]
try:
    min(l, key=key)
except ValueError as e:
    print('ValueError', e)
print(rc(l[0]), rc(l[1]))
""")
case('sum.instrumented_add', """
class V:
    def __init__(self, n):
        self.n = n
    def __add__(self, o):
        return V(self.n + (o.n if isinstance(o, V) else o))
    __radd__ = __add__
    def __del__(self):
        print('del V', self.n)
s = sum([V(1), V(2), V(3)])
print('sum', s.n, rc(s))
del s
print('end')
""")
case('sorted.generator_and_reverse_key', """
def gen():
    for n in ('b', 'c', 'a'):
        yield K(n)
r = sorted(gen(), key=lambda k: K('key ' + k.name), reverse=True)
print(r, rc(r[0]))
del r
print('end')
""")
case('list.sort_plain_in_function', """
def f():
    l = [K('b'), K('a')]
    l.sort()
    a = l[0]
    print(l, rc(a))
    l.sort(reverse=True)
    return l
r = f()
print(r, rc(r[0]))
del r
print('end')
""")

case('subclasses_and_self_extend', """
class L(list):
    def append(self, x):
        print('override append')
        list.append(self, x)
class D(dict):
    def __setitem__(self, k, v):
        print('override setitem')
        dict.__setitem__(self, k, v)
a = A('a')
l = L()
l.append(a)
list.append(l, a)
print(rc(a), len(l))
d = D()
d.update({'k': a})
dict.update(d, k2=a)
d.setdefault('k3', a)
print(rc(a), sorted(d))
s = [a]
s.extend(s)
s += s
print(rc(a), len(s))
del s
print(rc(a))
""")
case('subclass.construct_and_init', """
class L(list):
    def __del__(self):
        print('del L', len(self))
class D(dict):
    def __del__(self):
        print('del D', sorted(self))
class T(tuple):
    pass
class F(frozenset):
    pass
class S(str):
    def __del__(self):
        print('del S')
a = A('a')
l = L([a, A('b')])
d = D({'k': a}, j=A('j'))
t = T(A(n) for n in 'tu')
f = F([a])
s = S('s')
print(rc(l), rc(d), rc(t), rc(a), rc(s))
l.__init__([A('c')])
print(rc(a), len(l))
del l, t
print('lt gone')
del d, f, s
print(rc(a))
""")
case('subclass.super_methods', """
class L(list):
    def __init__(self, it=()):
        super().__init__(it)
    def append(self, x):
        super().append(x)
    def __setitem__(self, k, v):
        super().__setitem__(k, v)
    def __iter__(self):
        return super().__iter__()
    def __getitem__(self, k):
        return super().__getitem__(k)
class D(dict):
    def __setitem__(self, k, v):
        super().__setitem__(k, v)
    def update(self, *a, **k):
        super().update(*a, **k)
a = A('a')
l = L(A(n) for n in 'xy')
l.append(a)
l[0] = A('z')
print(rc(a), len(l))
h = l[1:]
print(rc(a), type(h).__name__)
for x in L([A('i')]):
    print('got', x.name)
del x
d = D()
d['k'] = a
d['k'] = A('w')
d.update(m=a)
print(rc(a))
del l, h, d
print(rc(a))
""")
case('subclass.unbound_and_operators', """
class L(list):
    pass
class S(set):
    pass
a = A('a')
d = {}
dict.__setitem__(d, 'k', a)
l = L()
list.insert(l, 0, a)
list.__setitem__(l, 0, A('b'))
print(rc(a))
l += [A('c')]
s = S()
s |= {a}
c = l + [a]
r = list.__getitem__(l, slice(0, 1))
print(rc(a), len(c), r[0].name)
del l, c, r, s, d
print(rc(a))
""")
case('subclass.attributes_and_cycles', """
import gc
class L(list):
    pass
a = A('a')
l = L([A('item')])
l.attr = a
print(rc(a), rc(l))
del l
print(rc(a))
c = L()
c.me = c
c.append(c)
del c
print(gc.collect())
""")
case('subclass.prepare_namespace', """
class NS(dict):
    def __setitem__(self, k, v):
        super().__setitem__(k, v)
class Meta(type):
    @classmethod
    def __prepare__(mcls, name, bases):
        return NS()
    def __new__(mcls, name, bases, ns):
        return super().__new__(mcls, name, bases, dict(ns))
class C(metaclass=Meta):
    x = A('x')
    def f(self):
        return 1
    g = f
    @property
    def p(self):
        return 2
    p = p.setter(lambda self, v: None)
c = C()
print(c.f(), c.g(), c.p, C.x.name)
""")
case('argument_errors', """
for call in (lambda: sorted(), lambda: next(), lambda: min(), lambda: max(1),
             lambda: any(), lambda: reversed(), lambda: setattr(1), lambda: delattr(1),
             lambda: iter(), lambda: getattr(1), lambda: list(1, 2), lambda: dict(1, 2),
             lambda: {}.pop(), lambda: [].extend(), lambda: min([], default=1, x=2)):
    try:
        call()
    except TypeError as e:
        print('TypeError', e)
a = A('a')
try:
    sum([a])
except TypeError as e:
    print('TypeError', e)
print(rc(a))
""")


# ---------------------------------------------------------------------- collections
case('collections.deque', """
from collections import deque
a, b = A('a'), A('b')
d = deque([a, b, a])
print(rc(a), rc(b), rc(d))
d2 = deque([A('c'), A('d')], 1)
print([x.name for x in d2])
d3 = deque(maxlen=2)
print(rc(d3), d3.maxlen)
def gen():
    yield A('g1')
    yield A('g2')
    yield A('g3')
d4 = deque(gen(), maxlen=1)
print('built', [x.name for x in d4])
for bad in ((1,), ([], -1), ([], 'x')):
    try:
        deque(*bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
del d
print(rc(a), rc(b))
del d2, d4
print('end')
""")
case('deque.methods', """
from collections import deque
a, b, c = A('a'), A('b'), A('c')
d = deque()
d.append(a)
d.appendleft(b)
d.insert(1, c)
d.extend([a, b])
d.extendleft(x for x in (c,))
print(rc(a), rc(b), rc(c), [x.name for x in d])
print(d.count(a), d.index(c))
d.rotate(2)
d.reverse()
print([x.name for x in d])
x = d.pop()
y = d.popleft()
print(x.name, y.name, rc(x), rc(y))
del x, y
d.remove(c)
print(rc(a), rc(b), rc(c))
e = d.copy()
f = d + e
g = d * 2
print(rc(a), rc(b), rc(c))
del e, f, g
d.extend(d)
print(rc(a), rc(b), rc(c))
d[0] = A('n')
del d[1]
print(rc(a), rc(b), rc(c))
d.clear()
print(rc(a), rc(b), rc(c), len(d))
del a, b, c
b = deque([A('m1'), A('m2')], maxlen=2)
b.append(A('m3'))
b.appendleft(A('m4'))
b += [A('m5')]
b *= 0
print('end')
""")
case('deque.loops_and_iterators', """
from collections import deque
for x in deque([A('a'), A('b')]):
    print('in loop', x.name)
print('after loop')
del x
d = deque([A('c')])
it = iter(d)
print(rc(d), next(it).name, list(it), rc(d))
del it
print(rc(d), [y.name for y in reversed(d)], list(d)[0].name)
p, = d
print(rc(p))
del d, p
print('end')
""")
case('collections.defaultdict', """
from collections import defaultdict
class Fac:
    def __call__(self):
        return A('made')
    def __del__(self):
        print('del factory')
f = Fac()
dd = defaultdict(f, k=A('k'))
print(rc(f), rc(dd))
v = dd['new']
print(v.name, rc(v), len(dd))
del v
dd['new']
print(rc(dd['new']))
dd2 = dd.copy()
print(type(dd2).__name__, rc(f), rc(dd2['k']))
del dd2
lst = defaultdict(list)
x = A('x')
lst['a'].append(x)
print(rc(x), rc(lst['a']))
del lst
print(rc(x))
del f
dd.default_factory = None
print('reset')
try:
    dd['missing']
except KeyError as e:
    print('KeyError', e)
dd.pop('new')
del dd
print('end')
""")

case('collections.OrderedDict', """
from collections import OrderedDict
k1, k2, v = K('k1'), K('k2'), A('v')
od = OrderedDict([(k1, v)], k=A('kw'))
print(rc(k1), rc(v), rc(od))
od[k2] = v
od[k2] = A('over')
print(rc(k2), rc(v))
od.move_to_end(k1)
print([getattr(x, 'name', x) for x in od])
c = od.copy()
u = od | {'z': v}
r = {'y': v} | od
print(type(r).__name__, rc(k1), rc(v))
del c, u, r
p = od.popitem(last=False)
print(p[0], rc(k2))
del p
print(od.pop(k1).name, rc(k1))
od.setdefault('s', A('s'))
od.update(t=A('t'))
ks = od.keys()
print(sorted(ks, key=str), rc(od))
del ks
od[K('d1')] = A('d1v')
del od[K('d1')]
od.clear()
print('cleared')
for x in OrderedDict(a=A('la'), b=A('lb')).values():
    print('loop', x.name)
del x
od2 = OrderedDict(a=A('x1'))
od2['b'] = A('x2')
del od2
print('end')
""")

case('OrderedDict.subclass', """
from collections import OrderedDict
class LRU(OrderedDict):
    def __init__(self, cap):
        super().__init__()
        self.cap = cap
    def put(self, k, v):
        self[k] = v
        self.move_to_end(k)
        if len(self) > self.cap:
            self.popitem(last=False)
c = LRU(2)
k = K('k')
c.put(k, A('a'))
c.put('b', A('b'))
print(rc(k), rc(c['b']))
c.put('c', A('c'))
print(rc(k))
c['b'] = None
del c['c']
class OD(OrderedDict):
    pass
o = OD([(k, A('o1'))])
print(rc(k))
del o
print(rc(k))
del c
print('end')
""")


# ---------------------------------------------------------------------- the runner
def _run_cases(mode, path):
    """Child process: run every case of the JSON file at `path` (mode 'plain' or
    'shadow'), printing a marker before each case and a stats line after it."""
    import builtins
    import gc
    sys.path.insert(0, PKG)
    with open(path) as f:
        cases = json.load(f)
    gc.disable()
    keep = []
    rt = None
    if mode == 'shadow':
        from refgc_compiler.rewriter import compile_instrumented
        from refgc_compiler.shadow import ShadowHeap
        from refgc_compiler import hook
        rt = ShadowHeap()
        hook.install(rt, False)
    for name, src in cases:
        sys.stdout.write('### %s\n' % name)
        g = {'__name__': '__main__', '__builtins__': builtins}
        keep.append(g)
        z0 = len(rt.zombies) if rt else 0
        u0 = rt.untracked_dels if rt else 0
        try:
            if rt is None:
                code = compile(PRELUDE + src, name, 'exec', dont_inherit=True)
            else:
                g['_rc'] = rt
                code = compile_instrumented(PRELUDE + src, name)
            exec(code, g)
        except BaseException as e:
            print('CRASH %s: %s' % (type(e).__name__, e))
        sys.stdout.flush()
        if rt is not None:
            kinds = [z[:2] for z in rt.zombies[z0:z0 + 3]]
            print('zombies %d %r untracked %d' % (len(rt.zombies) - z0, kinds,
                                                  rt.untracked_dels - u0))
        else:
            print('zombies 0 [] untracked 0')
        sys.stdout.flush()
    os._exit(0)


def _outputs(mode, names):
    with tempfile.NamedTemporaryFile('w', suffix='.json', delete=False) as f:
        json.dump([[n, CASES[n]] for n in names], f)
    try:
        env = dict(os.environ, PYTHONHASHSEED='0')
        p = subprocess.run([PY, os.path.abspath(__file__), '--run', mode, f.name],
                           capture_output=True, text=True, env=env, timeout=300)
    finally:
        os.unlink(f.name)
    out = {}
    cur = None
    for line in p.stdout.splitlines(True):
        if line.startswith('### '):
            cur = line[4:].strip()
            out[cur] = ''
        elif cur is not None:
            out[cur] += line
    return out, p.stderr


class Summaries(unittest.TestCase):
    """One test per case; the two processes run once for the whole class."""

    @classmethod
    def setUpClass(cls):
        names = sorted(CASES)
        cls.want, cls.werr = _outputs('plain', names)
        cls.got, cls.gerr = _outputs('shadow', names)

    def check(self, name):
        want = self.want.get(name)
        got = self.got.get(name)
        self.assertIsNotNone(want, 'plain run lost the case: ' + self.werr[-2000:])
        self.assertIsNotNone(got, 'instrumented run lost the case: ' + self.gerr[-2000:])
        self.assertNotIn('CRASH', want)
        self.assertEqual(want, got)


def _make(name):
    def test(self):
        self.check(name)
    test.__name__ = 'test_' + name.replace('.', '_')
    return test


for _n in CASES:
    setattr(Summaries, 'test_' + _n.replace('.', '_'), _make(_n))

if __name__ == '__main__':
    if len(sys.argv) == 4 and sys.argv[1] == '--run':
        _run_cases(sys.argv[2], sys.argv[3])
    unittest.main()
