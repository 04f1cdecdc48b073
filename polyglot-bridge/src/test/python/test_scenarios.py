"""Differential scenarios: each program in scenarios/ must print exactly the same thing
under plain CPython 3.12 and instrumented under the shadow heap (getrefcount values and
the moment every __del__ runs), with zero zombies.

Programs in scenarios/gaps/ are constructs known not to be exact yet; they are
expectedFailure so that one that starts agreeing is reported as an unexpected success.
"""

import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.normpath(os.path.join(HERE, '..', '..', 'main', 'resources', 'org', 'refgc',
                                    'bridge', 'python'))
PY = os.environ.get('REFGC_CPYTHON', sys.executable)


def run(path, plain):
    env = dict(os.environ, PYTHONPATH=PKG, PYTHONHASHSEED='0')
    args = [PY, '-m', 'refgc_compiler.oracle'] + (['--plain'] if plain else []) + [path]
    p = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60)
    stats = None
    for line in p.stderr.splitlines():
        if line.startswith('RCSTATS '):
            stats = json.loads(line[8:])
    return p.stdout, p.stderr, stats


def compare(testcase, path):
    want, werr, _ = run(path, True)
    got, gerr, stats = run(path, False)
    testcase.assertIsNotNone(stats, 'instrumented run crashed:\n' + gerr[-3000:])
    testcase.assertEqual(want, got, 'output differs from CPython (stderr: %s)' % gerr[-2000:])
    testcase.assertEqual(stats['zombies'], 0, 'zombies: %r' % stats['zombie_kinds'])
    # CPython freed an instance of an instrumented class the model never tracked
    testcase.assertEqual(stats['untracked_dels'], 0, 'objects missed by the model')
    testcase.assertTrue(want.strip(), 'scenario printed nothing')


def _make(path, gap):
    def test(self):
        compare(self, path)
    if gap:
        test = unittest.expectedFailure(test)
    return test


class Scenarios(unittest.TestCase):
    pass


class Gaps(unittest.TestCase):
    pass


def _register():
    for sub, cls, gap in (('scenarios', Scenarios, False),
                          (os.path.join('scenarios', 'gaps'), Gaps, True)):
        d = os.path.join(HERE, sub)
        if os.path.isdir(d):
            for fn in sorted(os.listdir(d)):
                if fn.endswith('.py'):
                    setattr(cls, 'test_' + fn[:-3], _make(os.path.join(d, fn), gap))


_register()

if __name__ == '__main__':
    unittest.main()
