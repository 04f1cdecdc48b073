"""How `./refgc` runs a program through the instrumenting compiler (the default mode).

`run` is called once by `org.refgc.bridge.instrument.Instrumented`, after refgc's modules
are installed and before any program code runs. It makes the `_rc` runtime
(`refgc_backend.JavaHeap` over the context's heap), installs the import hook (every module
imported from then on is instrumented; modules loaded before it stay opaque, like the
start-up heap), binds `_rc` in `__main__` and runs the program there, instrumented:

- ``script``: the file's source through the rewriter (instrumented code cached on disk,
  keyed by the source); a directory runs its ``__main__`` module, as CPython does;
- ``command`` (``-c``): the string, compiled as ``<string>``;
- ``module`` (``-m``): `runpy._run_module_as_main`, as CPython; runpy is imported before
  the hook (CPython's start-up imports it too), and finds the module through the hook,
  whose loader gives instrumented code;
- ``stdin``: the whole of standard input, compiled as ``<stdin>`` (CPython also reads it to
  the end before running it); at a terminal, the interactive prompt, whose own statements
  are not instrumented (what they import is).

At exit, `--stats` (``REFGC_STATS=1``) prints the counters, and the zombie detector
(``REFGC_ZOMBIE_CHECK=1``) reports uses of objects refgc freed, both on stderr; with
``REFGC_ZOMBIE_TRACE=1`` too, each use is named (`refgc_backend.ZombieTrace`).
"""

import sys

#: The runtime of the instrumented program (tests and --stats read it).
RUNTIME = None


def run(host, kind, program, lib_dir, zombies, stats):
    """Runs the program; returns None, or the exit status a SystemExit asked for (GraalPy
    would turn a SystemExit leaving this call into status 1, whatever its code)."""
    try:
        _run(host, kind, program, lib_dir, zombies, stats)
    except SystemExit as e:
        return exit_status(e)
    return None


def exit_status(e):
    """_Py_HandleSystemExit: None is 0, an int is the status, anything else is printed on
    stderr and gives 1."""
    code = e.code
    if code is None:
        return 0
    if isinstance(code, int):
        return int(code) if -2 ** 31 <= code < 2 ** 31 else -1
    err = sys.stderr if sys.stderr is not None else sys.__stderr__
    try:
        err.write(str(code) + '\n')
        err.flush()
    except Exception:
        pass
    return 1


def _run(host, kind, program, lib_dir, zombies, stats):
    global RUNTIME
    phase = _Timing()
    runpy = None
    if kind == 'module' or kind == 'script' and _is_dir(program):
        import runpy
    import refgc_backend
    from refgc_compiler import hook, rewriter
    phase('import the compiler')
    while lib_dir in sys.path:
        sys.path.remove(lib_dir)
    if zombies:
        host.setZombieDetection(True)
    import os
    rt = refgc_backend.JavaHeap(host, sys.getrefcount,
                                bool(zombies and os.environ.get('REFGC_ZOMBIE_TRACE')))
    RUNTIME = refgc_backend.RUNTIME = rt
    import atexit
    if stats or zombies:
        atexit.register(report, rt, stats)
    phase('runtime')
    g = sys.modules['__main__'].__dict__
    # registered before any of the program's: runs after all of them, as CPython finalizes
    # the modules after the atexit callbacks (and before the report above)
    atexit.register(rt.finalize_main, g)
    # the directory's name is a hash of all of refgc's Python sources, the rewriter's too
    hk = hook.install(rt, None, fingerprint=_dir_hash(lib_dir))
    phase('import hook')
    g['_rc'] = rt
    if kind == 'script':
        if not sys.flags.safe_path:
            # what CPython puts first on sys.path for a script: its directory, symlinks
            # resolved (for a directory or zip file: itself)
            real = os.path.realpath(program)
            sys.path.insert(0, real if runpy is not None else os.path.dirname(real))
        if runpy is not None:
            # a directory (or zip file) with __main__.py: sys.path[0] is already the
            # directory; runpy finds __main__ there through the hook
            runpy._run_module_as_main('__main__', alter_argv=False)
            return
        with open(program, 'rb') as f:
            src = f.read()
        key = src + program.encode('utf-8', 'surrogateescape')
        code = hk.cache.get('__main__', key)
        if code is None:
            code = rewriter.compile_instrumented(src, program)
            hk.cache.put('__main__', key, code)
        g['__file__'] = program
        g['__cached__'] = None
        phase('compile the script')
        exec(code, g)
    elif kind == 'command':
        code = rewriter.compile_instrumented(program, '<string>')
        phase('compile the command')
        exec(code, g)
    elif kind == 'module':
        runpy._run_module_as_main(program)
    elif kind == 'stdin':
        if sys.stdin is not None and sys.stdin.isatty():
            import code as _code
            _code.interact(exitmsg='')
            return
        src = sys.stdin.buffer.read() if sys.stdin is not None else b''
        exec(rewriter.compile_instrumented(src, '<stdin>'), g)
    else:
        raise ValueError('refgc: unknown program kind %r' % (kind,))


class _Timing:
    """REFGC_TIMING=1: how long each instrumented set-up step took, on stderr (the
    launcher's own phases are timed by PhaseTiming.java)."""

    def __init__(self):
        import os
        import time
        self.clock = time.perf_counter
        self.on = bool(os.environ.get('REFGC_TIMING'))
        self.t = self.clock()

    def __call__(self, name):
        if self.on:
            t = self.clock()
            sys.stderr.write('refgc: timing:   %-28s %6d ms\n' % (name, (t - self.t) * 1000))
            self.t = t


def _dir_hash(lib_dir):
    name = lib_dir.rstrip('/').rsplit('/', 1)[-1]
    return name[len('instrument-'):][:8] if name.startswith('instrument-') else None


def _is_dir(path):
    import os
    return os.path.isdir(path) or path.endswith(('.zip', '.pyz'))


def counters(rt):
    """{name: count} of the instrumented run so far (what --stats prints)."""
    host = rt.host
    python_tier = rt.stats['tracked'] - host.trackCalls()
    return {
        'tracked': host.newObjects() + python_tier,
        'freed': host.freed() + rt.stats['freed'],
        'collected': host.collected(),
        'pinned': host.pins() + rt.stats['pinned'],
        'zombies': host.zombieUses() + len(rt.zombies),
    }


def report(rt, stats):
    c = counters(rt)
    err = sys.stderr if sys.stderr is not None else sys.__stderr__
    try:
        err.flush()
    except Exception:
        pass
    if stats:
        err.write('refgc: %(tracked)d objects tracked, %(freed)d freed, %(collected)d collected '
                  'by gc, %(pinned)d pinned (externally referenced), %(zombies)d zombie uses\n' % c)
    elif c['zombies']:
        err.write('refgc: %(zombies)d zombie uses (objects used after refgc freed them)\n' % c)
    if c['zombies']:
        trace = rt.zombie_trace
        if trace is None:
            err.write('refgc: run with REFGC_ZOMBIE_TRACE=1 to name each zombie use\n')
        else:
            for line in trace.describe():
                err.write('refgc: zombie: %s\n' % line)
        for z in rt.zombies:
            err.write('refgc: zombie (Python tier): %s of a %s (id %d)\n' % z[:3])
    err.flush()
