"""Import hook: modules imported after `install()` are compiled through the rewriter.

Built only on `_frozen_importlib_external` (and `_imp`, `marshal`, `_ast`), so that it can
be installed before `importlib`, `ast`, `re`, `enum` or `typing` load; those then load
instrumented too.

- `InstrumentingFinder` goes into `sys.meta_path` right before the frozen importer (after
  the builtin importer): GraalPy freezes about 37 stdlib modules (os, re, enum, ...), and
  CPython a few (os, stat, posixpath, ...); the finder serves their `.py` sources
  instead, found on `sys.path` by `PathFinder`. Extension modules, builtins and modules
  without source are left to the other finders (they are opaque to the heap).
- Instrumented code is cached on disk, keyed by a hash of the source and of the
  rewriter version, never in `__pycache__` (a plain interpreter must not load it).
- Before executing an instrumented module, the loader binds `_rc` in its namespace.
"""

import _imp
import marshal
import sys

import _frozen_importlib_external as _bootstrap_external

from . import rewriter as _rewriter

#: Bump when the rewriter's output changes: cached code from older versions is ignored.
REWRITER_VERSION = 1
_HASH_KEY = b'refgc-compiler-%d' % REWRITER_VERSION
_MAGIC = b'RFGC' + _bootstrap_external.MAGIC_NUMBER

#: Modules never instrumented: the compiler itself and the adapter.
EXCLUDED_PREFIXES = ('refgc_compiler', '_refgc')


def source_hash(data):
    """64-bit hash of source bytes (siphash of `_imp.source_hash`, as hash-based pycs)."""
    h = getattr(_imp, 'source_hash', None)
    # GraalPy 25's _imp.source_hash ignores the key and keeps ~8 bits (equal-length
    # sources collide): use crc32 + adler32 there.
    if h is not None and sys.implementation.name != 'graalpy':
        return h(int.from_bytes(_HASH_KEY[:8].ljust(8, b'\0'), 'little'), data).hex()
    import zlib                                              # pragma: no cover
    return '%08x%08x' % (zlib.crc32(data), zlib.adler32(data))


def rewriter_fingerprint():
    """Hash of the rewriter's own sources: cached code from another rewriter is stale."""
    from . import scopes
    data = b''
    for mod in (_rewriter, scopes):
        try:
            with open(mod.__file__, 'rb') as f:
                data += f.read()
        except (OSError, AttributeError, TypeError):
            data += b'%d' % REWRITER_VERSION
    return source_hash(data)[:8]


class CodeCache:
    """Instrumented code objects on disk: `<dir>/<module>-<hash>.rcpyc`, the hash covering
    the source, its path and the rewriter's own sources."""

    def __init__(self, directory, fingerprint=None):
        self.dir = directory
        self.hits = 0
        self.misses = 0
        if not directory:
            fingerprint = ''
        self.fingerprint = fingerprint if fingerprint is not None else rewriter_fingerprint()

    def path(self, name, data):
        return _bootstrap_external._path_join(
            self.dir, '%s-%s%s.rcpyc' % (name, self.fingerprint, source_hash(data)))

    def get(self, name, data):
        if self.dir is None:
            return None
        p = self.path(name, data)
        try:
            with open(p, 'rb') as f:
                raw = f.read()
        except OSError:
            self.misses += 1
            return None
        if raw[:len(_MAGIC)] != _MAGIC:
            self.misses += 1
            return None
        self.hits += 1
        return marshal.loads(raw[len(_MAGIC):])

    def put(self, name, data, code):
        if self.dir is None:
            return
        try:
            _mkdirs(self.dir)
            _bootstrap_external._write_atomic(self.path(name, data),
                                              _MAGIC + marshal.dumps(code), 0o644)
        except OSError:
            pass


def _mkdirs(path):
    """mkdir -p with the posix/nt module the bootstrap already holds."""
    if _bootstrap_external._path_isdir(path):
        return
    parent = _bootstrap_external._path_split(path)[0]
    if parent and parent != path:
        _mkdirs(parent)
    try:
        _bootstrap_external._os.mkdir(path)
    except FileExistsError:
        pass


class InstrumentingLoader(_bootstrap_external.SourceFileLoader):
    """SourceFileLoader whose code comes from the rewriter (through the cache)."""

    def __init__(self, fullname, path, hook):
        super().__init__(fullname, path)
        self.hook = hook

    def get_code(self, fullname):
        path = self.get_filename(fullname)
        data = self.get_data(path)
        code = self.hook.cache.get(fullname, data + path.encode('utf-8', 'surrogateescape'))
        if code is None:
            code = self.source_to_code(data, path)
            self.hook.cache.put(fullname, data + path.encode('utf-8', 'surrogateescape'), code)
        return code

    def source_to_code(self, data, path, *, _optimize=-1):
        self.hook.compiled += 1
        return _rewriter.compile_instrumented(data, path)

    def exec_module(self, module):
        module.__dict__['_rc'] = self.hook.runtime
        code = self.get_code(module.__name__)
        if code is None:
            raise ImportError('cannot load %r' % module.__name__, name=module.__name__)
        self.hook.instrumented.append(module.__name__)
        exec(code, module.__dict__)


class InstrumentingFinder:
    """Meta path finder for `.py` sources, placed before the frozen importer."""

    def __init__(self, hook):
        self.hook = hook

    def find_spec(self, fullname, path=None, target=None):
        if fullname.startswith(EXCLUDED_PREFIXES) or fullname in self.hook.excluded:
            return None
        spec = _bootstrap_external.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.origin is None or not spec.origin.endswith('.py'):
            return None
        if not isinstance(spec.loader, _bootstrap_external.SourceFileLoader):
            return None
        spec.loader = InstrumentingLoader(fullname, spec.origin, self.hook)
        spec.cached = None
        return spec

    def invalidate_caches(self):
        pass


class Hook:
    """What `install` returns: the finder, its cache and counters."""

    def __init__(self, runtime, cache_dir, excluded=(), fingerprint=None):
        self.runtime = runtime
        self.cache = CodeCache(cache_dir, fingerprint)
        self.excluded = set(excluded)
        self.compiled = 0
        self.instrumented = []
        self.finder = InstrumentingFinder(self)

    def uninstall(self):
        if self.finder in sys.meta_path:
            sys.meta_path.remove(self.finder)


def default_cache_dir():
    import os
    base = os.environ.get('REFGC_CACHE')
    if base:
        return base
    home = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    return os.path.join(home, 'refgc', sys.implementation.cache_tag or 'py')


def install(runtime, cache_dir=None, excluded=(), fingerprint=None):
    """Put the instrumenting finder before the frozen importer and return the Hook.
    `cache_dir=False` disables the disk cache. `fingerprint`: a hash that changes whenever
    the rewriter's sources do (the launcher has one already); by default they are hashed."""
    if cache_dir is None:
        cache_dir = default_cache_dir()
    hook = Hook(runtime, cache_dir or None, excluded, fingerprint)
    mp = sys.meta_path
    pos = len(mp)
    for i, f in enumerate(mp):
        name = getattr(f, '__name__', type(f).__name__)
        if name == 'FrozenImporter':
            pos = i
            break
        if name == 'PathFinder':
            pos = min(pos, i)
    mp.insert(pos, hook.finder)
    return hook
