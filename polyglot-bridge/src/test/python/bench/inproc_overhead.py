"""Same measurement as bench_overhead.py in ONE process (for GraalPy, where a subprocess
is a new JVM): plain, then instrumented with a null heap, then with the shadow heap."""
import builtins
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, '..', '..', '..', 'main', 'resources', 'org',
                                                 'refgc', 'bridge', 'python')))
from refgc_compiler.rewriter import compile_instrumented    # noqa: E402
from refgc_compiler.runtime import Runtime                  # noqa: E402
from refgc_compiler.shadow import ShadowHeap                # noqa: E402


class Null(Runtime):
    def _track(self, o, n, r=None): pass
    def inc(self, o): pass
    def dec(self, o): pass
    def dec_deferred(self, o): pass
    def count(self, o): return None
    def tracked(self, o): return False
    def inc_if_tracked(self, o): return False
    def adopt(self, o): pass
    def pin(self, o): pass
    def flush(self): pass
    def escape_deferred(self): pass
    def recycle(self, t): pass


src = open(os.path.join(HERE, 'workload.py')).read()
n = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
src = src.replace('N = 200000', 'N = %d' % n)
res = {}
for mode in ('plain', 'null', 'shadow'):
    g = {'__name__': '__main__', '__builtins__': builtins}
    if mode == 'plain':
        code = compile(src, 'w', 'exec')
    else:
        g['_rc'] = Null() if mode == 'null' else ShadowHeap()
        code = compile_instrumented(src, 'w')
    import io
    out = io.StringIO()
    old = sys.stdout
    sys.stdout = out
    for rep in range(3):                # the last of 3 runs (JIT warm)
        exec(code, dict(g))
    sys.stdout = old
    res[mode] = float(out.getvalue().split()[-1])
for mode, t in res.items():
    print('%-7s %7.3f s  %5.1fx' % (mode, t, t / res['plain']))
