# refgc bootstrap: evaluated once per context by RefgcRuntime.install. Builds the adapter's
# Python half (support.py) and, given the Java host, installs the module finder and the sys
# functions. Only _frozen_importlib is used: importing importlib.abc here would cost seconds.

def boot(support_src, shim_srcs):
    import sys
    S = type(sys)('_refgc_support')
    exec(compile(support_src, '<refgc support>', 'exec'), S.__dict__)
    sources = dict(shim_srcs)

    def install(host):
        S.host = host
        ModuleSpec = sys.modules['_frozen_importlib'].ModuleSpec
        orig_weakref = sys.modules.get('_weakref')
        if orig_weakref is None:
            orig_weakref = __import__('_weakref')
        served = ('gc', '_weakref', '_refgc')

        def run_shim(module, name):
            ns = module.__dict__
            had_builtins = '__builtins__' in ns
            exec(compile(sources[name], '<refgc %s>' % name, 'exec'), ns)
            build = ns.pop('_build')
            ns.update(build(host, S, orig_weakref))
            if not had_builtins:
                ns.pop('__builtins__', None)

        class RefgcImporter:
            """Serves refgc's gc, _weakref and _refgc as built-in modules."""

            @classmethod
            def find_spec(cls, fullname, path=None, target=None):
                if fullname in served:
                    return ModuleSpec(fullname, cls, origin='built-in')
                return None

            @staticmethod
            def create_module(spec):
                return None

            @staticmethod
            def exec_module(module):
                run_shim(module, module.__name__)

        sys.meta_path.insert(0, RefgcImporter)
        for name in ('gc', '_weakref', '_weakrefset', 'weakref', '_refgc'):
            sys.modules.pop(name, None)
        for name in served:
            __import__(name)
        run_shim(sys, 'sys_memory')
        return S

    S.install = install
    return S
