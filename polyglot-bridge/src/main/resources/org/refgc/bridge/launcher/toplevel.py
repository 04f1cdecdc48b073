# The launcher's report of an uncaught exception, under the default sys.excepthook.
# Loaded by TopLevel.java into a private namespace; report(e) is called once, at exit.
#
# CPython 3.12's default hook and traceback.print_exception print the same text. GraalPy's own
# hook differs in two ways that this corrects: it omits the ^^^^ markers under the failing part
# of a line (traceback.py computes them), and it shows the stdlib modules that CPython freezes
# (os, runpy, ...) as files with source lines, where CPython prints "<frozen os>" and no source.
# It also leaves out the frames of refgc's own Python code (the instrumenting compiler's runtime,
# which instrumented code calls, and the launcher's refgc_launch), which CPython does not have.

# CPython 3.12's frozen stdlib modules (_imp._frozen_module_names(), without the test modules).
FROZEN = (
    "_collections_abc", "_sitebuiltins", "abc", "codecs", "genericpath", "importlib._bootstrap",
    "importlib._bootstrap_external", "importlib.machinery", "importlib.util", "io", "ntpath",
    "os", "posixpath", "runpy", "site", "stat", "zipimport",
)


def report(e):
    import sys
    import traceback

    frozen = {}
    for name in FROZEN:
        module = sys.modules.get(name)
        path = getattr(module, "__file__", None)
        if path:
            frozen[path] = "<frozen " + module.__name__ + ">"

    internal = _refgc_python_dir(sys)
    te = traceback.TracebackException(type(e), e, e.__traceback__, compact=True)
    seen = set()
    pending = [te]
    while pending:
        t = pending.pop()
        if t is None or id(t) in seen:
            continue
        seen.add(id(t))
        if internal and any(f.filename.startswith(internal) for f in t.stack):
            t.stack = traceback.StackSummary.from_list(
                [f for f in t.stack if not f.filename.startswith(internal)])
        for frame in t.stack:
            shown = frozen.get(frame.filename)
            if shown is not None:
                frame.filename = shown
                frame._line = ""  # no source for a frozen module, as in CPython
        pending.append(t.__cause__)
        pending.append(t.__context__)
        pending.extend(getattr(t, "exceptions", None) or ())
    for line in te.format():
        print(line, file=sys.stderr, end="")


def _refgc_python_dir(sys):
    """The directory refgc's Python code runs from (with a trailing separator), or None."""
    module = sys.modules.get("refgc_launch")
    path = getattr(module, "__file__", None)
    if not path:
        return None
    import os
    return os.path.dirname(os.path.abspath(path)) + os.sep
