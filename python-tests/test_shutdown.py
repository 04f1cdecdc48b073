"""Interpreter shutdown: what the program's globals hold is finalized at exit.

CPython 3.12's Py_FinalizeEx runs the atexit callbacks, then empties sys.modules; the
``__main__`` module's globals go, so every object only they keep alive is finalized
(``__del__`` runs) and freed before the process ends, while the globals are still there
for the ``__del__`` methods to use. Each test runs a small program in a child process of
the same implementation (``sys.executable``) and looks at what it printed.
"""

import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

from refgc_support import IS_WASM

requires_subprocess = unittest.skipIf(IS_WASM, "no subprocesses on wasm32")


def run_program(source):
    """Runs `source` as a script; returns (exit status, stdout lines, stderr)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "prog.py")
        with open(path, "w") as f:
            f.write(textwrap.dedent(source))
        done = subprocess.run([sys.executable, path], capture_output=True, text=True,
                              timeout=900)
    return done.returncode, done.stdout.splitlines(), done.stderr


PROGRAM = """
    import atexit

    def log(message):
        print(message)

    class Noisy:
        def __init__(self, name):
            self.name = name
        def __del__(self):
            log("del " + self.name)

    class Pair(Noisy):
        other = None

    solo = Noisy("solo")
    left, right = Pair("left"), Pair("right")
    left.other, right.other = right, left
    held = [Noisy("in a list")]
    keyed = {"k": Noisy("in a dict")}
    atexit.register(lambda: print("atexit sees " + solo.name))
    print("end")
"""


@requires_subprocess
class ShutdownTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.status, cls.out, cls.err = run_program(PROGRAM)

    def test_exit_status_and_no_errors(self):
        self.assertEqual(self.status, 0, self.err)
        self.assertNotIn("Exception ignored", self.err)
        self.assertNotIn("zombie", self.err)

    def test_every_global_object_is_finalized_once(self):
        dels = sorted(line for line in self.out if line.startswith("del "))
        self.assertEqual(dels, ["del in a dict", "del in a list", "del left", "del right",
                                "del solo"])

    def test_finalizers_run_after_the_program_and_the_atexit_callbacks(self):
        self.assertEqual(self.out[:2], ["end", "atexit sees solo"])
        self.assertEqual(len(self.out), 7)

    def test_the_first_global_is_finalized_first(self):
        self.assertEqual(self.out[2], "del solo")


@requires_subprocess
class ShutdownAfterAnErrorTests(unittest.TestCase):

    def test_sys_exit_keeps_its_status_and_finalizes(self):
        status, out, err = run_program("""
            import sys
            class Noisy:
                def __del__(self):
                    print("del")
            obj = Noisy()
            sys.exit(3)
        """)
        self.assertEqual((status, out), (3, ["del"]), err)

    def test_uncaught_exception_is_reported_before_the_finalizers(self):
        status, out, err = run_program("""
            import sys
            class Noisy:
                def __del__(self):
                    sys.stderr.write("del\\n")
            obj = Noisy()
            raise KeyError("boom")
        """)
        self.assertEqual((status, out), (1, []))
        lines = err.splitlines()
        self.assertIn("KeyError: 'boom'", lines)
        self.assertEqual(lines[-1], "del", err)
        self.assertLess(lines.index("KeyError: 'boom'"), lines.index("del"))


    def test_module_level_loops_leave_nothing_to_finalize_twice(self):
        status, out, err = run_program("""
            class Noisy:
                def __del__(self):
                    print("del")
            class Meta(type):
                pass
            for last in [Meta, Noisy()]:
                pass
            for never in []:
                pass
            print("end")
        """)
        self.assertEqual((status, out, err), (0, ["end", "del"], ""))


if __name__ == "__main__":
    unittest.main()
