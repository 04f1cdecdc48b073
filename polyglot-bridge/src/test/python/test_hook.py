"""The import hook: finder placement, frozen modules from source, the disk cache, and the
standard library running instrumented (identical output, zero zombies)."""

import ast
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.normpath(os.path.join(HERE, '..', '..', 'main', 'resources', 'org', 'refgc',
                                    'bridge', 'python'))
DATA = os.path.join(HERE, 'hookdata')
PY = os.environ.get('REFGC_CPYTHON', sys.executable)


def run(script, cache=None, mods=(), plain=False):
    env = dict(os.environ, RCPKG=PKG, RCCACHE=cache or '', RCMODS=','.join(mods),
               PYTHONHASHSEED='0', PYTHONPATH=DATA)
    args = [PY, script] if plain else [PY, os.path.join(DATA, 'run_hooked.py'), script]
    p = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300)
    info = None
    for line in p.stderr.splitlines():
        if line.startswith('HOOK '):
            info = ast.literal_eval(line[5:])
    return p.stdout, p.stderr, info


class HookTest(unittest.TestCase):

    def setUp(self):
        self.cache = tempfile.mkdtemp(prefix='rccache')

    def tearDown(self):
        shutil.rmtree(self.cache, ignore_errors=True)

    def test_package_instrumented_and_exact(self):
        script = os.path.join(DATA, 'use_pkg.py')
        want, _, _ = run(script, plain=True)
        got, err, info = run(script, self.cache, mods=('pkg', 'pkg.mod'))
        self.assertIsNotNone(info, err[-2000:])
        self.assertEqual(want, got)
        self.assertIn('pkg.mod', info['instrumented'])
        self.assertEqual(info['loaders']['pkg.mod'], 'InstrumentingLoader')
        self.assertEqual(info['zombies'], 0)

    def test_finder_before_frozen_importer(self):
        _, err, info = run(os.path.join(DATA, 'use_pkg.py'), self.cache)
        mp = info['meta_path']
        self.assertLess(mp.index('InstrumentingFinder'), mp.index('FrozenImporter'))
        self.assertLess(mp.index('BuiltinImporter'), mp.index('InstrumentingFinder'))

    def test_frozen_module_loaded_from_source(self):
        # __hello__ is frozen in CPython 3.12 and has a .py source in the stdlib
        script = os.path.join(self.cache, 'hello.py')
        with open(script, 'w') as f:
            f.write('import __hello__\n__hello__.main()\n')
        got, err, info = run(script, self.cache, mods=('__hello__',))
        self.assertEqual(got, 'Hello world!\n', err[-2000:])
        self.assertEqual(info['loaders']['__hello__'], 'InstrumentingLoader')

    def test_cache_reused_by_second_run(self):
        script = os.path.join(DATA, 'use_pkg.py')
        _, _, first = run(script, self.cache)
        self.assertGreater(first['compiled'], 0)
        self.assertTrue(any(n.endswith('.rcpyc') for n in os.listdir(self.cache)))
        out, _, second = run(script, self.cache)
        self.assertEqual(second['compiled'], 0)
        self.assertEqual(second['hits'], first['compiled'])
        self.assertIn('demo done', out)

    def test_no_pycache_written_for_instrumented_code(self):
        pyc = os.path.join(DATA, 'pkg', '__pycache__')
        shutil.rmtree(pyc, ignore_errors=True)
        run(os.path.join(DATA, 'use_pkg.py'), self.cache)
        self.assertFalse(os.path.isdir(pyc) and os.listdir(pyc))

    def test_stdlib_runs_instrumented(self):
        script = os.path.join(DATA, 'stdlib_smoke.py')
        want, _, _ = run(script, plain=True)
        got, err, info = run(script, self.cache)
        self.assertIsNotNone(info, err[-3000:])
        self.assertEqual(want, got)
        for m in ('json', 're', 'enum', 'typing', 'dataclasses', 'ast', 'inspect',
                  'collections', 'functools', 'argparse'):
            self.assertIn(m, info['instrumented'])
        self.assertEqual(info['zombies'], 0)


if __name__ == '__main__':
    unittest.main()
