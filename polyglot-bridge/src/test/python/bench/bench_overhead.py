"""Overhead of the instrumentation on the loop-heavy workload (allocation, attribute
stores, list appends, method calls): plain, instrumented with a null heap (protocol only),
instrumented with the shadow heap. Usage: python bench_overhead.py [python-executable]"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.normpath(os.path.join(HERE, '..', '..', '..', 'main', 'resources', 'org', 'refgc',
                                    'bridge', 'python'))
RUN = r'''
import sys, builtins
sys.path.insert(0, %r)
from refgc_compiler.rewriter import compile_instrumented
from refgc_compiler.runtime import Runtime
from refgc_compiler.shadow import ShadowHeap
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
mode = sys.argv[1]
src = open(sys.argv[2]).read()
g = {'__name__': '__main__', '__builtins__': builtins}
if mode == 'plain':
    code = compile(src, 'w', 'exec')
else:
    g['_rc'] = Null() if mode == 'null' else ShadowHeap()
    code = compile_instrumented(src, 'w')
exec(code, g)
''' % PKG


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
