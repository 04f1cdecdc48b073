"""Run the differential scenarios instrumented under the shadow heap in ONE interpreter,
meant for GraalPy (`./refgc --stock graalpy_scenarios.py scenarios/*.py`); compare the
sections with CPython's plain output (`compare_sections`). On GraalPy stock, which has no
reference counts and never calls __del__, this shows the rewriter + runtime alone give
CPython's getrefcount values and __del__ order."""
import os
import sys
import time
sys.path.insert(0, os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                '..', '..', 'main', 'resources', 'org', 'refgc', 'bridge', 'python')))
t0 = time.time()
from refgc_compiler.rewriter import compile_instrumented
from refgc_compiler.shadow import ShadowHeap
from refgc_compiler import hook
import builtins
paths = sys.argv[1:]
cache = os.environ.get('REFGC_CACHE') or '/tmp/refgc-graalpy-cache'
# one heap for the whole run: modules imported by one scenario stay bound to it
rt = ShadowHeap()
h = hook.install(rt, cache)
for p in paths:
    z0 = len(rt.zombies)
    g = {'__name__': '__main__', '__builtins__': builtins, '_rc': rt}
    print('=====', p.rsplit('/', 1)[-1])
    try:
        code = compile_instrumented(open(p).read(), p)
        exec(code, g)
    except BaseException as e:
        print('ERROR', type(e).__name__, e)
    print('ZOMBIES', len(rt.zombies) - z0)
sys.stderr.write('time %.1f\n' % (time.time() - t0))
