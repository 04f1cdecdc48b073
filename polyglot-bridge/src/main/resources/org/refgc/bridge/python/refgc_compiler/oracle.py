"""Run a script under the shadow heap (instrumented) or plainly, for differential tests.

    python3.12 -m refgc_compiler.oracle [--plain] [--dump] [--no-hook] script.py

Both modes run the script as `__main__` with the cyclic GC disabled and end with
`os._exit` right after flushing stdout, so interpreter shutdown (which would finalize the
remaining globals in an order of its own) prints nothing. With the shadow heap, CPython
never frees a tracked object (the shadow heap keeps them) and `__del__` runs when the
shadow count reaches zero; the two outputs must be identical. The instrumented run also installs the import hook
(modules the script imports are instrumented, cached under the temp dir), and writes
a one-line JSON summary (zombies, pins, counts) to stderr.
"""

import builtins
import gc
import os
import sys


def run(path, plain=False, dump=False):
    with open(path, 'rb') as f:
        src = f.read()
    g = {'__name__': '__main__', '__builtins__': builtins, '__file__': path}
    gc.disable()
    if plain:
        code = compile(src, path, 'exec', dont_inherit=True)
        rt = None
    else:
        from .rewriter import compile_instrumented, rewrite
        from .shadow import ShadowHeap
        if dump:
            import ast
            import _ast
            tree = rewrite(compile(src, path, 'exec', _ast.PyCF_ONLY_AST), path)
            sys.stderr.write(ast.unparse(tree) + '\n')
        rt = ShadowHeap()
        g['_rc'] = rt
        code = compile_instrumented(src, path)
        if '--no-hook' not in sys.argv:
            # modules the script imports are instrumented too, as under ./refgc
            from . import hook
            hook.install(rt, os.environ.get('REFGC_CACHE') or
                         os.path.join(os.environ.get('TMPDIR') or '/tmp', 'refgc-oracle-cache'))
    status = 0
    try:
        exec(code, g)
    except SystemExit as e:
        status = e.code if isinstance(e.code, int) else 1
    except BaseException:
        import traceback
        traceback.print_exc()
        status = 1
    sys.stdout.flush()
    if rt is not None:
        st = dict(rt.stats)
        st['zombies'] = len(rt.zombies)
        st['zombie_kinds'] = [list(z[:2]) for z in rt.zombies[:5]]
        st['live'] = len(rt.h)
        st['untracked_dels'] = rt.untracked_dels
        sys.stderr.write('RCSTATS ' + repr(st).replace("'", '"') + '\n')
    sys.stderr.flush()
    os._exit(status)


def main(argv):
    plain = '--plain' in argv
    dump = '--dump' in argv
    args = [a for a in argv if not a.startswith('--')]
    run(args[0], plain, dump)


if __name__ == '__main__':
    main(sys.argv[1:])
