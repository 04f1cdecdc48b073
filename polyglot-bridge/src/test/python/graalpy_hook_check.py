"""The import hook under GraalPy (`./refgc --stock graalpy_hook_check.py [cache-dir]`):
frozen stdlib modules (re, enum, functools, collections) are served instrumented from
their sources, the second run reads the disk cache."""
import os
import sys
import time
t0 = time.time()
sys.path.insert(0, os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                '..', '..', 'main', 'resources', 'org', 'refgc', 'bridge', 'python')))
pre = set(sys.modules)
from refgc_compiler import hook, shadow
rt = shadow.ShadowHeap()
h = hook.install(rt, sys.argv[1] if len(sys.argv) > 1 else None)
print('meta_path', [getattr(f, '__name__', type(f).__name__) for f in sys.meta_path])
print('already loaded:', sorted(m for m in ('enum', 're', 'textwrap', 'json', 'dataclasses', 'functools', 'collections', 'typing') if m in pre))
import textwrap, json, enum
print(textwrap.fill('hello world ' * 3, 15))
print(json.dumps({'a': [1, 2]}))
class C(enum.Enum):
    X = 1
print(C.X, list(C))
for m in ('textwrap', 'json', 're', 'enum', 'functools', 'collections'):
    mod = sys.modules.get(m)
    print(m, type(mod.__spec__.loader).__name__ if mod else None)
print('compiled', h.compiled, 'cache hits', h.cache.hits, 'zombies', len(rt.zombies), 'time %.1f' % (time.time() - t0))
