"""Overhead of the instrumentation on the loop-heavy workload (allocation, attribute
stores, list appends, method calls): plain, instrumented with a null heap (protocol only),
instrumented with the shadow heap. Usage: python bench_overhead.py [python-executable]"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RUN = r'''
import sys, builtins
sys.path.insert(0, %r)
from null_runtime import Null
from refgc_compiler.rewriter import compile_instrumented
from refgc_compiler.shadow import ShadowHeap
mode = sys.argv[1]
src = open(sys.argv[2]).read()
g = {'__name__': '__main__', '__builtins__': builtins}
if mode == 'plain':
    code = compile(src, 'w', 'exec')
else:
    g['_rc'] = Null() if mode == 'null' else ShadowHeap()
    code = compile_instrumented(src, 'w')
exec(code, g)
''' % HERE


def main():
    py = sys.argv[1] if len(sys.argv) > 1 else sys.executable
    wl = os.path.join(HERE, 'workload.py')
    res = {}
    for mode in ('plain', 'null', 'shadow'):
        out = subprocess.run([py, '-c', RUN, mode, wl], capture_output=True, text=True)
        res[mode] = float(out.stdout.strip().splitlines()[-1])
    base = res['plain']
    for mode, t in res.items():
        print('%-7s %7.3f s  %5.1fx' % (mode, t, t / base))


if __name__ == '__main__':
    main()
