"""The README sample, examples/lesson.py, prints exactly examples/lesson.expected
(the output of CPython 3.12.1 on 64-bit; on wasm32 only the immortal refcount
differs)."""

import gc
import os
import unittest

from refgc_support import GcTestCase, IMMORTAL_REFCOUNT, capture_stdout

HERE = os.path.dirname(os.path.abspath(__file__))
LESSON = os.path.join(HERE, "examples", "lesson.py")
EXPECTED = os.path.join(HERE, "examples", "lesson.expected")


def expected_lines():
    with open(EXPECTED) as f:
        text = f.read().replace("4294967295", str(IMMORTAL_REFCOUNT))
    return text.splitlines()


def run_lesson():
    with open(LESSON) as f:
        code = compile(f.read(), LESSON, "exec")
    namespace = {"__name__": "__main__", "__file__": LESSON}
    with capture_stdout() as out:
        exec(code, namespace)
    namespace.clear()
    gc.collect()  # the lesson's class and functions form cycles
    return out.getvalue().splitlines()


### Tests
###############################################################################

class LessonTests(GcTestCase):

    def test_lesson_output(self):
        self.assertEqual(run_lesson(), expected_lines())

    def test_lesson_sections(self):
        lines = run_lesson()
        self.assertEqual([l for l in lines if not l.startswith(" ")],
                         ["1. Reference counts",
                          "2. del runs __del__ at once, when the count drops to zero",
                          "3. A cycle keeps its objects alive until the collector runs",
                          "4. More cycles",
                          "5. Generations"])

    def test_lesson_twice_in_one_process(self):
        self.assertEqual(run_lesson(), run_lesson())


if __name__ == "__main__":
    unittest.main()
