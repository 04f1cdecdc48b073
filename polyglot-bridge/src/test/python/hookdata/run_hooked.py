"""Run a script with the instrumenting hook installed (shadow heap); report on stderr."""
import os
import sys

sys.path.insert(0, os.environ['RCPKG'])
from refgc_compiler import hook, shadow

rt = shadow.ShadowHeap()
h = hook.install(rt, os.environ.get('RCCACHE') or False)
sys.path.insert(0, os.path.dirname(os.path.abspath(sys.argv[1])))
from refgc_compiler.rewriter import compile_instrumented
with open(sys.argv[1]) as f:
    code = compile_instrumented(f.read(), sys.argv[1])    # the main script is instrumented too
g = {'__name__': '__main__', '_rc': rt}
exec(code, g)
sys.stdout.flush()
mods = sys.modules
loader_of = lambda m: type(getattr(mods.get(m), '__spec__', None).loader).__name__ \
    if mods.get(m) is not None and getattr(mods.get(m), '__spec__', None) else None
sys.stderr.write('HOOK ' + repr({
    'compiled': h.compiled, 'hits': h.cache.hits, 'instrumented': h.instrumented,
    'zombies': len(rt.zombies), 'meta_path': [getattr(f, '__name__', type(f).__name__)
                                             for f in sys.meta_path],
    'loaders': {m: loader_of(m) for m in os.environ.get('RCMODS', '').split(',') if m},
}) + '\n')
sys.stderr.flush()
os._exit(0)
