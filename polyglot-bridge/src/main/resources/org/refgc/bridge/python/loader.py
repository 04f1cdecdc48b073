# refgc loader: the only Python source RefgcRuntime.install compiles on every start (keep it
# small). It loads the compiled bootstrap and shims from the on-disk cache and runs the bootstrap.
# Files are read with posix, not open(): the first open() of a context costs ~100 ms (io set-up)
# that stock start-up never pays.

def start(cache_dir, boot_src, boot_key, *args):
    import sys
    import posix
    import marshal
    tag = getattr(sys.implementation, 'cache_tag', None) or 'graalpy'

    def read_file(path):
        fd = posix.open(path, posix.O_RDONLY)
        try:
            chunks = []
            while True:
                b = posix.read(fd, 1 << 20)
                if not b:
                    return b''.join(chunks)
                chunks.append(b)
        finally:
            posix.close(fd)

    def write_file(path, data):
        tmp = '%s.%d.tmp' % (path, posix.getpid())
        fd = posix.open(tmp, posix.O_WRONLY | posix.O_CREAT | posix.O_TRUNC, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[posix.write(fd, view):]
        finally:
            posix.close(fd)
        posix.rename(tmp, path)

    def code_of(name, src, key):
        """compile(), or its marshalled result cached in cache_dir (parsing costs ~150 ms cold)."""
        path = None
        if cache_dir and key:
            path = '%s/%s-%s-%s.code' % (cache_dir, name, key, tag)
            try:
                return marshal.loads(read_file(path))
            except Exception:
                pass
        code = compile(src, '<refgc %s>' % name, 'exec')
        if path:
            try:
                write_file(path, marshal.dumps(code))
            except Exception:
                pass
        return code

    ns = {'__name__': '_refgc_bootstrap', '__builtins__': __builtins__}
    exec(code_of('bootstrap', boot_src, boot_key), ns)
    return ns['boot'](code_of, *args)
