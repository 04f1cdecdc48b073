# refgc bootstrap: run once per context by loader.py for RefgcRuntime.install. Builds the adapter's
# Python half (support.py) and, given the Java host, installs the module finder and the sys
# functions. Only _frozen_importlib is used: importing importlib.abc here would cost seconds.

def boot(code_of, support_src, support_key, *shim_srcs):
    """shim_srcs: name, source, cache key, ... for each shim; code_of compiles or loads from the cache."""
    import sys

    S = type(sys)('_refgc_support')
    exec(code_of('support', support_src, support_key), S.__dict__)
    sources = {shim_srcs[i]: (shim_srcs[i + 1], shim_srcs[i + 2]) for i in range(0, len(shim_srcs), 3)}

    def install(host):
        if any(getattr(f, '__name__', None) == 'RefgcImporter' for f in sys.meta_path):
            raise RuntimeError("refgc is already installed in this context")
        S.host = host
        ModuleSpec = sys.modules['_frozen_importlib'].ModuleSpec
        orig_weakref = sys.modules.get('_weakref')
        if orig_weakref is None:
            orig_weakref = __import__('_weakref')
        served = ('gc', '_weakref', '_refgc')

        built = {}

        def run_shim(module, name):
            ns = module.__dict__
            if name == '_weakref' and name in built:
                # A reload keeps the weak reference types (they stand for static types).
                ns.update(built[name])
                return
            had_builtins = '__builtins__' in ns
            exec(code_of(name, *sources[name]), ns)
            build = ns.pop('_build')
            names = build(host, S, orig_weakref)
            built[name] = names
            ns.update(names)
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
        # gc, _weakref and _refgc are built at their first import (most scripts never import
        # some of them); the sys functions are replaced now.
        run_shim(sys, 'sys_memory')
        return S

    S.install = install
    return S
