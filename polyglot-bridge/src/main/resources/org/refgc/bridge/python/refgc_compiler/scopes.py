"""Scope analysis on `_ast` trees: which names are local, cell, free or global in each
function, and the order of CPython 3.12's fast-locals array (``localsplus``), which is the
order in which a frame releases its locals at exit.

Built only on `_ast` (no `ast`, no `symtable`) so that it can run before those load.
"""

import _ast

_FUNCS = (_ast.FunctionDef, _ast.AsyncFunctionDef, _ast.Lambda)
_COMPS = (_ast.ListComp, _ast.SetComp, _ast.DictComp)


class Scope:
    __slots__ = ('node', 'kind', 'parent', 'children', 'bound', 'used', 'globals',
                 'nonlocals', 'params', 'free', 'cells', 'order', 'is_gen', 'comp_names',
                 'uses_class')

    def __init__(self, node, kind, parent):
        self.node = node
        self.kind = kind            # 'module', 'class', 'function', 'genexp'
        self.parent = parent
        self.children = []
        self.bound = {}             # name -> True (dict keeps first-binding order)
        self.used = {}
        self.globals = set()
        self.nonlocals = set()
        self.params = []
        self.free = set()
        self.cells = set()
        self.order = ()
        self.is_gen = False
        self.comp_names = {}
        self.uses_class = False

    def resolve(self, name):
        """'local', 'cell', 'free', 'global' (explicit or implicit), or 'name' (class and
        module namespaces, looked up with LOAD_NAME)."""
        if name in self.globals:
            return 'global'
        if self.kind in ('module', 'class'):
            if name in self.nonlocals or (self.kind == 'class' and name in self.free
                                          and name not in self.bound):
                return 'free'
            return 'name'
        if name in self.nonlocals or name in self.free:
            return 'free'
        if name in self.cells:
            return 'cell'
        if name in self.bound or name in self.comp_names:
            return 'local'
        return 'global'


def param_names(args):
    names = [a.arg for a in args.posonlyargs] + [a.arg for a in args.args]
    names += [a.arg for a in args.kwonlyargs]
    if args.vararg is not None:
        names.append(args.vararg.arg)
    if args.kwarg is not None:
        names.append(args.kwarg.arg)
    return names


class Analyzer:
    """First pass: builds a Scope per module/class/function/genexp node."""

    def __init__(self):
        self.scopes = {}            # id(node) -> Scope

    def run(self, tree):
        top = Scope(tree, 'module', None)
        self.scopes[id(tree)] = top
        for s in tree.body:
            self.visit(s, top)
        self.resolve(top)
        self.order_all(top)
        return top

    # -- binding discovery -------------------------------------------------
    def bind(self, scope, name):
        scope.bound.setdefault(name, True)

    def use(self, scope, name):
        scope.used.setdefault(name, True)

    def new_scope(self, node, kind, parent):
        s = Scope(node, kind, parent)
        parent.children.append(s)
        self.scopes[id(node)] = s
        return s

    def visit(self, node, scope):
        m = getattr(self, 'v_' + type(node).__name__, None)
        if m is not None:
            m(node, scope)
        else:
            self.generic(node, scope)

    def generic(self, node, scope):
        for f in node._fields:
            v = getattr(node, f, None)
            if isinstance(v, list):
                for x in v:
                    if isinstance(x, _ast.AST):
                        self.visit(x, scope)
            elif isinstance(v, _ast.AST):
                self.visit(v, scope)

    def v_Name(self, node, scope):
        if type(node.ctx) is _ast.Load:
            self.use(scope, node.id)
            if node.id == 'super':
                scope.uses_class = True
        else:
            self.bind(scope, node.id)
        if node.id == '__class__':
            scope.uses_class = True

    def v_Global(self, node, scope):
        scope.globals.update(node.names)

    def v_Nonlocal(self, node, scope):
        scope.nonlocals.update(node.names)

    def v_Import(self, node, scope):
        for a in node.names:
            self.bind(scope, a.asname or a.name.partition('.')[0])

    def v_ImportFrom(self, node, scope):
        for a in node.names:
            if a.name != '*':
                self.bind(scope, a.asname or a.name)

    def v_ExceptHandler(self, node, scope):
        if node.type is not None:
            self.visit(node.type, scope)
        if node.name:
            self.bind(scope, node.name)
        for s in node.body:
            self.visit(s, scope)

    def v_MatchAs(self, node, scope):
        if node.pattern is not None:
            self.visit(node.pattern, scope)
        if node.name:
            self.bind(scope, node.name)

    def v_MatchStar(self, node, scope):
        if node.name:
            self.bind(scope, node.name)

    def v_MatchMapping(self, node, scope):
        self.generic(node, scope)
        if node.rest:
            self.bind(scope, node.rest)

    def _func_outer(self, node, scope):
        for d in getattr(node, 'decorator_list', ()):
            self.visit(d, scope)
        a = node.args
        for d in a.defaults:
            self.visit(d, scope)
        for d in a.kw_defaults:
            if d is not None:
                self.visit(d, scope)
        if not isinstance(node, _ast.Lambda):
            for x in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg]:
                if x is not None and x.annotation is not None:
                    self.visit(x.annotation, scope)
            if node.returns is not None:
                self.visit(node.returns, scope)

    def v_FunctionDef(self, node, scope):
        self._func_outer(node, scope)
        self.bind(scope, node.name)
        s = self.new_scope(node, 'function', scope)
        s.params = param_names(node.args)
        for p in s.params:
            self.bind(s, p)
        for st in node.body:
            self.visit(st, s)

    v_AsyncFunctionDef = v_FunctionDef

    def v_Lambda(self, node, scope):
        self._func_outer(node, scope)
        s = self.new_scope(node, 'function', scope)
        s.params = param_names(node.args)
        for p in s.params:
            self.bind(s, p)
        self.visit(node.body, s)

    def v_ClassDef(self, node, scope):
        for d in node.decorator_list:
            self.visit(d, scope)
        for b in node.bases:
            self.visit(b, scope)
        for k in node.keywords:
            self.visit(k.value, scope)
        self.bind(scope, node.name)
        s = self.new_scope(node, 'class', scope)
        for st in node.body:
            self.visit(st, s)

    def v_Yield(self, node, scope):
        scope.is_gen = True
        self.generic(node, scope)

    v_YieldFrom = v_Yield
    v_Await = v_Yield

    def v_NamedExpr(self, node, scope):
        self.visit(node.value, scope)
        target = scope
        while target.kind == 'genexp':          # walrus binds in the enclosing scope
            target = target.parent
        self.bind(target, node.target.id)
        if target is not scope:
            self.use(scope, node.target.id)
            scope.nonlocals.add(node.target.id) if target.kind == 'function' else None

    def _comp(self, node, scope):
        gens = node.generators
        self.visit(gens[0].iter, scope)
        for i, g in enumerate(gens):
            if i:
                self.visit(g.iter, scope)
            for n in _target_names(g.target):
                scope.comp_names.setdefault(n, True)
            self.generic_target(g.target, scope)
            for c in g.ifs:
                self.visit(c, scope)
        if isinstance(node, _ast.DictComp):
            self.visit(node.key, scope)
            self.visit(node.value, scope)
        else:
            self.visit(node.elt, scope)

    def generic_target(self, t, scope):
        for x in _walk(t):
            if type(x) is _ast.Name and type(x.ctx) is _ast.Load:
                self.use(scope, x.id)
            elif type(x) not in (_ast.Name,) and isinstance(x, _ast.expr):
                pass

    v_ListComp = _comp
    v_SetComp = _comp
    v_DictComp = _comp

    def v_GeneratorExp(self, node, scope):
        gens = node.generators
        self.visit(gens[0].iter, scope)
        s = self.new_scope(node, 'genexp', scope)
        s.is_gen = True
        s.params = ['.0']
        for i, g in enumerate(gens):
            if i:
                self.visit(g.iter, s)
            for n in _target_names(g.target):
                self.bind(s, n)
            for c in g.ifs:
                self.visit(c, s)
        self.visit(node.elt, s)

    # -- resolution -------------------------------------------------------
    def resolve(self, scope):
        """Compute free variables bottom-up and cells of the enclosing functions."""
        for c in scope.children:
            self.resolve(c)
        if scope.kind in ('function', 'genexp'):
            own = set(scope.bound) - scope.globals - scope.nonlocals
            own |= set(scope.comp_names)
            need = set()
            for name in scope.used:
                if name not in own and name not in scope.globals:
                    need.add(name)
            for c in scope.children:
                for name in c.free:
                    if name in own:
                        scope.cells.add(name)
                    else:
                        need.add(name)
            need |= scope.nonlocals
            if scope.uses_class:
                need.add('__class__')
            scope.free = {n for n in need if self._defined_above(scope, n)}
        elif scope.kind == 'class':
            free = set(scope.nonlocals)
            for c in scope.children:
                for name in c.free:
                    if name == '__class__':
                        continue
                    free.add(name)
            for name in scope.used:
                if name not in scope.bound and self._defined_above(scope, name):
                    free.add(name)
            scope.free = {n for n in free if self._defined_above(scope, n)}

    def _defined_above(self, scope, name):
        if name == '__class__':
            p = scope.parent
            while p is not None:
                if p.kind == 'class':
                    return True
                p = p.parent
            return False
        p = scope.parent
        while p is not None:
            if p.kind in ('function', 'genexp'):
                if name in p.globals:
                    return False
                if name in p.bound or name in p.nonlocals or name in p.comp_names:
                    return True
            elif p.kind == 'class' and name in p.globals:
                return False
            p = p.parent
        return False

    # -- localsplus order --------------------------------------------------
    def order_all(self, scope):
        if scope.kind == 'function':
            scope.order = local_order(scope)
        for c in scope.children:
            self.order_all(c)


def _walk(node):
    todo = [node]
    while todo:
        n = todo.pop()
        yield n
        for f in n._fields:
            v = getattr(n, f, None)
            if isinstance(v, list):
                todo.extend(x for x in v if isinstance(x, _ast.AST))
            elif isinstance(v, _ast.AST):
                todo.append(v)


def _target_names(t):
    out = []
    todo = [t]
    while todo:
        n = todo.pop(0)
        if type(n) is _ast.Name:
            out.append(n.id)
        elif type(n) in (_ast.Tuple, _ast.List):
            todo[:0] = n.elts
        elif type(n) is _ast.Starred:
            todo.insert(0, n.value)
    return out


def local_order(scope):
    """((name, kind), ...) in localsplus order; kind 0 local, 1 cell, 2 free.

    co_varnames: the parameters, then the other fast locals in the order the code
    generator first emits them; then cellvars that are not parameters (sorted), then
    freevars (sorted)."""
    names = list(scope.params)
    seen = set(names)
    fast = {n for n in set(scope.bound) | set(scope.comp_names)
            if scope.resolve(n) == 'local'}

    def note(name):
        if name in fast and name not in seen:
            seen.add(name)
            names.append(name)

    _CodegenOrder(note, scope).body(scope.node)
    out = []
    for n in names:
        out.append((n, 1 if n in scope.cells else 0))
    for n in sorted(c for c in scope.cells if c not in scope.params):
        out.append((n, 1))
    for n in sorted(scope.free):
        out.append((n, 2))
    return tuple(out)


class _CodegenOrder:
    """Visits a function body in CPython 3.12's code generation order, reporting names."""

    def __init__(self, note, scope):
        self.note = note
        self.scope = scope

    def body(self, fnode):
        if isinstance(fnode, _ast.Lambda):
            self.v(fnode.body)
        else:
            for s in fnode.body:
                self.v(s)

    def v(self, node):
        if node is None:
            return
        if isinstance(node, list):
            for x in node:
                if isinstance(x, _ast.AST):
                    self.v(x)
            return
        m = getattr(self, 'o_' + type(node).__name__, None)
        if m is not None:
            m(node)
            return
        for f in node._fields:
            x = getattr(node, f, None)
            if isinstance(x, (list, _ast.AST)):
                self.v(x)

    def o_Name(self, node):
        self.note(node.id)

    def o_Assign(self, node):
        self.v(node.value)
        self.v(node.targets)

    def o_AnnAssign(self, node):
        self.v(node.value)
        self.v(node.target)

    def o_For(self, node):
        self.v(node.iter)
        self.v(node.target)
        self.v(node.body)
        self.v(node.orelse)

    o_AsyncFor = o_For

    def o_NamedExpr(self, node):
        self.v(node.value)
        self.v(node.target)

    def o_Dict(self, node):
        for k, val in zip(node.keys, node.values):
            self.v(k)
            self.v(val)

    def o_Try(self, node):
        self.v(node.body)
        self.v(node.orelse)
        self.v(node.handlers)
        self.v(node.finalbody)

    o_TryStar = o_Try

    def o_ExceptHandler(self, node):
        self.v(node.type)
        if node.name:
            self.note(node.name)
        self.v(node.body)

    def o_Import(self, node):
        for a in node.names:
            self.note(a.asname or a.name.partition('.')[0])

    def o_ImportFrom(self, node):
        for a in node.names:
            self.note(a.asname or a.name)

    def _defs(self, node):
        self.v(getattr(node, 'decorator_list', []))
        a = node.args
        self.v(a.defaults)
        self.v([d for d in a.kw_defaults if d is not None])
        if not isinstance(node, _ast.Lambda):
            for x in a.posonlyargs + a.args + [a.vararg] + a.kwonlyargs + [a.kwarg]:
                if x is not None and x.annotation is not None:
                    self.v(x.annotation)
            self.v(node.returns)

    def o_FunctionDef(self, node):
        self._defs(node)
        self.note(node.name)

    o_AsyncFunctionDef = o_FunctionDef

    def o_Lambda(self, node):
        self._defs(node)

    def o_ClassDef(self, node):
        self.v(node.decorator_list)
        self.v(node.bases)
        self.v([k.value for k in node.keywords])
        self.note(node.name)

    def o_GeneratorExp(self, node):
        self.v(node.generators[0].iter)

    def _comp(self, node):
        gens = node.generators
        self.v(gens[0].iter)
        # push_inlined_comprehension_state: the comprehension's own locals, in the
        # order its symbol table first saw them (targets, ifs, inner iters, elt)
        order = []
        for i, g in enumerate(gens):
            if i:
                order += _names_in(g.iter)
            order += _target_names(g.target)
            for c in g.ifs:
                order += _names_in(c)
        if isinstance(node, _ast.DictComp):
            order += _names_in(node.value) + _names_in(node.key)
        else:
            order += _names_in(node.elt)
        comp_locals = set()
        for g in gens:
            comp_locals.update(_target_names(g.target))
        for n in order:
            if n in comp_locals:
                self.note(n)
        for i, g in enumerate(gens):
            if i:
                self.v(g.iter)
            self.v(g.target)
            self.v(g.ifs)
        if isinstance(node, _ast.DictComp):
            self.v(node.key)
            self.v(node.value)
        else:
            self.v(node.elt)

    o_ListComp = _comp
    o_SetComp = _comp
    o_DictComp = _comp

    def o_MatchAs(self, node):
        self.v(node.pattern)
        if node.name:
            self.note(node.name)

    def o_MatchStar(self, node):
        if node.name:
            self.note(node.name)

    def o_MatchMapping(self, node):
        self.v(node.keys)
        self.v(node.patterns)
        if node.rest:
            self.note(node.rest)


def _names_in(node):
    out = []
    todo = [node]
    while todo:
        n = todo.pop(0)
        if type(n) is _ast.Name:
            out.append(n.id)
            continue
        if isinstance(n, (_ast.Lambda, _ast.GeneratorExp)):
            continue
        kids = []
        for f in n._fields:
            x = getattr(n, f, None)
            if isinstance(x, list):
                kids.extend(y for y in x if isinstance(y, _ast.AST))
            elif isinstance(x, _ast.AST):
                kids.append(x)
        todo[:0] = kids
    return out
