"""Same measurement as bench_overhead.py in ONE process (for GraalPy, where a subprocess
is a new JVM): plain, then instrumented with a null heap, then with the shadow heap."""
import builtins
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
from null_runtime import Null                               # noqa: E402 (puts the package on sys.path)
from refgc_compiler.rewriter import compile_instrumented    # noqa: E402
from refgc_compiler.shadow import ShadowHeap                # noqa: E402


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
