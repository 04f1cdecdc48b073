"""Runs the tests of one or more python-tests files and records one JSON line per
test case in a results file, flushed as each case ends (so a crash loses only the
case that was running).

    <python> driver.py RESULTS_FILE test_x.py [test_y.py ...] [-v]

Each line is {"id": "<module>.<Class>.<method>", "outcome": O, "detail": "..."}
where O is one of pass, fail, error, skip, xfail, xpass.  A file that cannot be
imported gives one line whose id is "<module>" and outcome "error".

The runner (./run) starts this once per file and implementation.  It runs on
CPython 3.12, on Pyodide and under ./refgc, so it only uses unittest and json.
"""

import json
import os
import sys
import traceback
import unittest


class RecordingResult(unittest.TestResult):
    """A TestResult that writes each case's outcome as soon as it is known."""

    def __init__(self, sink, verbose):
        super().__init__()
        self.sink = sink
        self.verbose = verbose

    def _record(self, test, outcome, detail=""):
        line = {"id": test.id(), "outcome": outcome, "detail": detail}
        self.sink.write(json.dumps(line) + "\n")
        self.sink.flush()
        if self.verbose:
            sys.__stderr__.write("%-6s %s\n" % (outcome, test.id()))
            if detail and outcome in ("fail", "error"):
                sys.__stderr__.write(detail + "\n")
            sys.__stderr__.flush()

    @staticmethod
    def _format(err):
        exc_type, exc_value, tb = err
        return "".join(traceback.format_exception(exc_type, exc_value, tb))

    def addSuccess(self, test):
        super().addSuccess(test)
        self._record(test, "pass")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._record(test, "fail", self._format(err))

    def addError(self, test, err):
        super().addError(test, err)
        self._record(test, "error", self._format(err))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._record(test, "skip", reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._record(test, "xfail", self._format(err))

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._record(test, "xpass")

    def addSubTest(self, test, subtest, err):
        # A failing subtest fails its test case; the case is the unit counted.
        super().addSubTest(test, subtest, err)
        if err is not None:
            kind = "fail" if issubclass(err[0], test.failureException) else "error"
            self._record(test, kind, self._format(err))


def run_file(path, sink, verbose):
    name = os.path.splitext(os.path.basename(path))[0]
    try:
        module = __import__(name)
        suite = unittest.defaultTestLoader.loadTestsFromModule(module)
    except BaseException:
        line = {"id": name, "outcome": "error", "detail": traceback.format_exc()}
        sink.write(json.dumps(line) + "\n")
        sink.flush()
        return
    suite.run(RecordingResult(sink, verbose))


def main(argv):
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    if len(args) < 2:
        sys.stderr.write(__doc__)
        return 2
    here = os.path.dirname(os.path.abspath(__file__))
    if here not in sys.path:
        sys.path.insert(0, here)
    with open(args[0], "a") as sink:
        for path in args[1:]:
            run_file(path, sink, verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
