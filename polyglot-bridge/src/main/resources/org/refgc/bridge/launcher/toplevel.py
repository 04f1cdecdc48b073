# The launcher's report of an uncaught exception, under the default sys.excepthook.
# Loaded by TopLevel.java into a private namespace; report(e) is called once, at exit.
#
# CPython 3.12's default hook and traceback.print_exception print the same text. GraalPy's own
# hook differs in two ways that this corrects: it omits the ^^^^ markers under the failing part
# of a line (traceback.py computes them), and it shows the stdlib modules that CPython freezes
# (os, runpy, ...) as files with source lines, where CPython prints "<frozen os>" and no source.

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

    te = traceback.TracebackException(type(e), e, e.__traceback__, compact=True)
    seen = set()
    pending = [te]
    while pending:
        t = pending.pop()
        if t is None or id(t) in seen:
            continue
        seen.add(id(t))
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
