"""The instrumenting rewriter: `_ast.Module` in, `_ast.Module` out (see package docstring).

Every expression is rewritten so that, when evaluated, the heap counts one reference for
its value: exactly CPython's value-stack reference. Consumers either move that reference
(stores, calls to instrumented functions, displays) or pop it, as CPython 3.12 does.
Built only on `_ast` so that it can run before `ast` is imported.
"""

import _ast
import builtins as _builtins

from .scopes import Analyzer, param_names

RC = '_rc'

BINOPS = (_ast.Add, _ast.Sub, _ast.Mult, _ast.MatMult, _ast.Div, _ast.Mod, _ast.Pow,
          _ast.LShift, _ast.RShift, _ast.BitOr, _ast.BitXor, _ast.BitAnd, _ast.FloorDiv)
UNOPS = (_ast.Invert, _ast.Not, _ast.UAdd, _ast.USub)
CMPOPS = (_ast.Eq, _ast.NotEq, _ast.Lt, _ast.LtE, _ast.Gt, _ast.GtE, _ast.Is, _ast.IsNot,
          _ast.In, _ast.NotIn)

#: Calls that look at their caller's frame: they must stay direct calls.
FRAME_CALLS = {'super', 'locals', 'globals', 'vars', 'dir', 'eval', 'exec', 'breakpoint'}
_BUILTIN_NAMES = set(dir(_builtins))
_FUNCS = (_ast.FunctionDef, _ast.AsyncFunctionDef)


class RewriteError(SyntaxError):
    pass


def _name(id, ctx=None):
    return _ast.Name(id=id, ctx=ctx or _ast.Load())


def _const(v):
    return _ast.Constant(value=v)


def _rc(attr, *args, **kw):
    return _ast.Call(func=_ast.Attribute(value=_name(RC), attr=attr, ctx=_ast.Load()),
                     args=list(args),
                     keywords=[_ast.keyword(arg=k, value=v) for k, v in kw.items()])


def _expr(e):
    return _ast.Expr(value=e)


def _assign(name, value):
    return _ast.Assign(targets=[_name(name, _ast.Store())], value=value)


def _tuple(elts):
    return _ast.Tuple(elts=list(elts), ctx=_ast.Load())


def _constval(v):
    """A Python value (tuples of str/int/bool) as an AST constant expression."""
    if type(v) is tuple:
        return _tuple(_constval(x) for x in v)
    return _const(v)


def _is_const(node):
    if type(node) is _ast.Constant:
        return True
    if type(node) is _ast.Tuple:
        return all(_is_const(e) for e in node.elts)
    return False


class Rewriter:
    """Second pass. One instance per module."""

    def __init__(self, filename='<string>', module_names=(), builtins=True):
        self.filename = filename
        self.builtins = builtins            # False: code run without builtins (no locals())
        self.n = 0
        self.cur = None
        self.cur_stmt = None
        self.module_names = set(module_names)
        #: (id(statement), name): stores that certainly find a fast local unbound
        self.first_stores = set()

    def tmp(self, prefix='_rc_t'):
        """A hidden temporary. In class bodies it is a dunder name: metaclass namespaces
        (enum's _EnumDict) treat dunders as plain attributes, never as members."""
        self.n += 1
        if self.cur is not None and self.cur.kind == 'class':
            return '_%s%d__' % (prefix, self.n)
        return '%s%d' % (prefix, self.n)

    # ---------------------------------------------------------------- entry
    def module(self, tree):
        an = Analyzer()
        top = an.run(tree)
        self.scopes = an.scopes
        self.module_names = set(top.bound)
        body = self.block(tree.body, top, allow_doc=True)
        tree.body = body
        fix_locations(tree)
        return tree

    def expression(self, tree):
        """An `eval`-mode tree: its value is a new (owned) reference for the caller."""
        an = Analyzer()
        top = an.run(_ast.Module(body=[_ast.Expr(value=tree.body)], type_ignores=[]))
        self.scopes = an.scopes
        self.module_names = set(top.bound)
        tree.body = self.ex(an.scopes[id(top.node)].node.body[0].value, top)
        fix_locations(tree)
        return tree

    # ---------------------------------------------------------------- statements
    def block(self, stmts, scope, allow_doc=False):
        out = []
        for i, s in enumerate(stmts):
            if allow_doc and i == 0 and type(s) is _ast.Expr and type(s.value) is _ast.Constant \
                    and type(s.value.value) is str:
                out.append(s)
                continue
            if type(s) is _ast.ImportFrom and s.module == '__future__':
                out.append(s)
                continue
            new = self.stmt(s, scope)
            for x in new:
                _copy_loc(x, s)
            out.extend(new)
        return out or [_ast.Pass()]

    def stmt(self, s, scope):
        m = getattr(self, 's_' + type(s).__name__, None)
        if m is None:
            return [s]
        prev, prev_stmt = self.cur, self.cur_stmt
        self.cur, self.cur_stmt = scope, s
        try:
            return m(s, scope)
        finally:
            self.cur, self.cur_stmt = prev, prev_stmt

    def cleanup(self, scope, names):
        """Hidden temporaries must not stay in class or module namespaces."""
        if scope.kind in ('class', 'module') and names:
            return [_ast.Delete(targets=[_name(n, _ast.Del()) for n in names])]
        return []

    def s_Expr(self, s, scope):
        return [_expr(_rc('pop', self.ex(s.value, scope)))]

    def s_Pass(self, s, scope):
        return [s]

    def s_Assign(self, s, scope):
        if len(s.targets) == 1:
            return self.store(s.targets[0], self.ex(s.value, scope), scope)
        v = self.tmp()
        out = [_assign(v, self.ex(s.value, scope))]
        for t in s.targets[:-1]:
            out += self.store(t, _rc('dup', _name(v)), scope)
        out += self.store(s.targets[-1], _name(v), scope)
        return out + self.cleanup(scope, [v])

    def s_AugAssign(self, s, scope):
        i = BINOPS.index(type(s.op))
        t = s.target
        if type(t) is _ast.Name:
            cur = self.load(t.id, scope)
            return self.store(t, _rc('iop', _const(i), cur, self.ex(s.value, scope)), scope)
        if type(t) is _ast.Attribute:
            o = self.tmp()
            val = _rc('iop', _const(i), _rc('ga', _rc('dup', _name(o)), self.attr(t.attr, scope)),
                      self.ex(s.value, scope))
            return [_assign(o, self.ex(t.value, scope)),
                    _expr(_rc('sa', val, _name(o), self.attr(t.attr, scope)))] + self.cleanup(scope, [o])
        if type(t) is _ast.Subscript:
            o, k = self.tmp(), self.tmp()
            val = _rc('iop', _const(i), _rc('gi', _rc('dup', _name(o)), _rc('dup', _name(k))),
                      self.ex(s.value, scope))
            return [_assign(o, self.ex(t.value, scope)),
                    _assign(k, self.subscript_key(t.slice, scope)),
                    _expr(_rc('si', val, _name(o), _name(k)))] + self.cleanup(scope, [o, k])
        return [s]

    def s_AnnAssign(self, s, scope):
        if s.value is None:
            return [s]
        out = self.store(s.target, self.ex(s.value, scope), scope)
        if scope.kind in ('module', 'class') and s.simple:
            out.append(_ast.AnnAssign(target=s.target, annotation=s.annotation, value=None,
                                      simple=s.simple))
        return out

    def s_Delete(self, s, scope):
        out = []
        for t in s.targets:
            out += self.delete(t, scope)
        return out

    def s_Return(self, s, scope):
        if s.value is None:
            return [s]
        return [_ast.Return(value=_rc('ret', _name('_rc_fr'), self.ex(s.value, scope)))]

    def s_If(self, s, scope):
        return [_ast.If(test=_rc('test', self.ex(s.test, scope)),
                        body=self.block(s.body, scope),
                        orelse=self.block(s.orelse, scope) if s.orelse else [])]

    def s_While(self, s, scope):
        return [_ast.While(test=_rc('test', self.ex(s.test, scope)),
                           body=self.block(s.body, scope),
                           orelse=self.block(s.orelse, scope) if s.orelse else [])]

    def s_For(self, s, scope):
        loop, item = self.tmp('_rc_L'), self.tmp()
        body = self.store(s.target, _name(item), scope) + self.block(s.body, scope)
        f = _ast.For(target=_name(item, _ast.Store()), iter=_name(loop), body=body,
                     orelse=self.block(s.orelse, scope) if s.orelse else [],
                     type_comment=None)
        tr = _ast.Try(body=[f], handlers=[], orelse=[],
                      finalbody=[_expr(_ast.Call(func=_ast.Attribute(
                          value=_name(loop), attr='close', ctx=_ast.Load()), args=[],
                          keywords=[]))])
        if scope.kind in ('class', 'module'):
            # the item temporary is a name in the namespace there: bound before the
            # loop (which may not run) so that the cleanup can always delete it
            return [_assign(item, _const(None)),
                    _assign(loop, _rc('it', self.ex(s.iter, scope))), tr] + \
                self.cleanup(scope, [loop, item])
        return [_assign(loop, _rc('it', self.ex(s.iter, scope))), tr]

    def s_AsyncFor(self, s, scope):
        s.body = self.block(s.body, scope)
        s.orelse = self.block(s.orelse, scope) if s.orelse else []
        return [s]

    def s_With(self, s, scope):
        items = []
        pre = []
        tmps = []
        for it in s.items:
            if it.optional_vars is None:
                items.append(_ast.withitem(context_expr=_rc('cm', self.ex(it.context_expr, scope),
                                                            _const(False)), optional_vars=None))
            else:
                t = self.tmp()
                tmps.append(t)
                items.append(_ast.withitem(context_expr=_rc('cm', self.ex(it.context_expr, scope),
                                                             _const(True)),
                                           optional_vars=_name(t, _ast.Store())))
                pre.append((it.optional_vars, t))
        body = []
        # all items enter before the body; targets are stored as each item enters in
        # CPython, which only differs when an __enter__ reads an earlier target
        for target, t in pre:
            body += self.store(target, _name(t), scope)
        body += self.block(s.body, scope)
        return [_ast.With(items=items, body=body, type_comment=None)] + \
            self.cleanup(scope, tmps)

    def s_AsyncWith(self, s, scope):
        s.body = self.block(s.body, scope)
        return [s]

    def s_Try(self, s, scope):
        handlers = []
        for h in s.handlers:
            # PUSH_EXC_INFO holds the exception (and `as e` binds it) until the handler
            # ends: POP_EXCEPT, then `e = None; del e`
            x = self.tmp('_rc_x')
            fr = _name('_rc_fr') if scope.kind == 'function' else _const(None)
            pre = [_assign(x, _rc('caught', _name(h.name) if h.name else _const(None), fr))]
            fin = [_expr(_rc('handled', _name(x)))]
            if h.name:
                fin += self.store(_name(h.name, _ast.Store()), _const(None), scope)
            # an exception leaving the handler: `leaving` counts the one in flight (a
            # bare `raise` re-raises x, whose handler references all go meanwhile)
            leaving = _ast.ExceptHandler(type=self.builtin_name('BaseException'), name=None,
                                         body=[_expr(_rc('leaving', _name(x))), _ast.Raise()])
            body = pre + [_ast.Try(body=self.block(h.body, scope), handlers=[leaving],
                                   orelse=[], finalbody=fin)] + self.cleanup(scope, [x])
            handlers.append(_ast.ExceptHandler(type=h.type, name=h.name, body=body))
            _copy_loc(handlers[-1], h)
        return [_ast.Try(body=self.block(s.body, scope), handlers=handlers,
                         orelse=self.block(s.orelse, scope) if s.orelse else [],
                         finalbody=self.block(s.finalbody, scope) if s.finalbody else [])]

    def s_TryStar(self, s, scope):
        raise RewriteError('refgc: except* is not supported (GraalPy cannot compile it)',
                           (self.filename, s.lineno, s.col_offset + 1, None))

    def s_Assert(self, s, scope):
        return [_ast.Assert(test=_rc('test', self.ex(s.test, scope)), msg=s.msg)]

    def s_Import(self, s, scope):
        names = [a.asname or a.name.partition('.')[0] for a in s.names]
        return self.rebind(names, [s], scope)

    def s_ImportFrom(self, s, scope):
        if any(a.name == '*' for a in s.names):
            snap = self.tmp()
            return [_assign(snap, _rc('snap', self.builtin_call('locals', scope))),
                    s,
                    _expr(_rc('star_done', _name(snap), self.builtin_call('locals', scope)))] + \
                self.cleanup(scope, [snap])
        names = [a.asname or a.name for a in s.names]
        return self.rebind(names, [s], scope, new_refs=True)

    def s_Global(self, s, scope):
        return [s]

    s_Nonlocal = s_Global
    s_Break = s_Global
    s_Continue = s_Global

    def s_Raise(self, s, scope):
        # RAISE_VARARGS: the exception's stack reference becomes the one in flight (the
        # interpreter sets __cause__/__context__; the runtime counts them where it next
        # sees the exception: caught, handled, leave)
        if s.exc is not None:
            s.exc = _rc('rz', self.ex(s.exc, scope))
        return [s]

    def s_Match(self, s, scope):
        # the subject is a stack reference for the whole statement; a successful case
        # binds its captures (new references) and releases what the names held
        out = []
        subj = self.tmp()
        out.append(_assign(subj, self.ex(s.subject, scope)))
        olds = {}
        for c in s.cases:
            for n in _capture_names(c.pattern):
                if n not in olds:
                    st, t = self.capture_old(n, scope)
                    out += st
                    box = self.tmp()
                    out.append(_assign(box, _ast.List(elts=[_name(t)], ctx=_ast.Load())))
                    olds[n] = (t, box)
        cases = []
        for c in s.cases:
            pat = _fix_none_patterns(c.pattern)
            names = _capture_names(pat)
            guard = c.guard
            if names:
                mark = _rc('captured', _tuple(_name(n) for n in names),
                           _tuple(_name(olds[n][1]) for n in names))
                guard = mark if guard is None else \
                    _ast.BoolOp(op=_ast.And(), values=[mark, _rc('test', self.ex(guard, scope))])
            elif guard is not None:
                guard = _rc('test', self.ex(guard, scope))
            # success: CPython pops the subject before the body
            pop = [_expr(_rc('dec', _name(subj))),
                   _assign(subj, _ast.Attribute(value=_name(RC), attr='U', ctx=_ast.Load()))]
            cases.append(_ast.match_case(pattern=pat, guard=guard,
                                         body=pop + self.block(c.body, scope)))
        out.append(_ast.Try(body=[_ast.Match(subject=_name(subj), cases=cases)], handlers=[],
                            orelse=[], finalbody=[_expr(_rc('dec', _name(subj)))]))
        tmps = [subj] + [x for pair in olds.values() for x in pair]
        return out + self.cleanup(scope, tmps)

    def s_FunctionDef(self, s, scope):
        fscope = self.scopes[id(s)]
        decs = []
        out = []
        for d in s.decorator_list:
            t = self.tmp()
            decs.append(t)
            out.append(_assign(t, self.ex(d, scope)))
        old_stmts, old = self.capture_old(s.name, scope)
        out += old_stmts
        a = s.args
        a.defaults = [self.ex(d, scope) for d in a.defaults]
        a.kw_defaults = [None if d is None else self.ex(d, scope) for d in a.kw_defaults]
        s.body = self.function_body(s, fscope)
        s.decorator_list = []
        out.append(s)
        nm = _name(s.name)
        out.append(self.plain_store(s.name, _rc('fn', nm), scope))
        for t in reversed(decs):
            out.append(self.plain_store(s.name, _rc('call', _name(t), _name(s.name)), scope))
        out.append(_expr(_rc('dec', _name(old))))
        return out + self.cleanup(scope, decs + [old])

    s_AsyncFunctionDef = s_FunctionDef

    def s_ClassDef(self, s, scope):
        cscope = self.scopes[id(s)]
        decs = []
        out = []
        for d in s.decorator_list:
            t = self.tmp()
            decs.append(t)
            out.append(_assign(t, self.ex(d, scope)))
        old_stmts, old = self.capture_old(s.name, scope)
        out += old_stmts
        # bases and keywords are stack references while __build_class__ runs
        held = []
        bases = []
        for b in s.bases:
            if type(b) is _ast.Starred:
                bases.append(b)
                continue
            t = self.tmp()
            held.append(t)
            out.append(_assign(t, self.ex(b, scope)))
            bases.append(_name(t))
        kws = []
        for k in s.keywords:
            if k.arg is None:
                kws.append(k)
                continue
            t = self.tmp()
            held.append(t)
            out.append(_assign(t, self.ex(k.value, scope)))
            kws.append(_ast.keyword(arg=k.arg, value=_name(t)))
        s.bases = bases
        s.keywords = kws
        s.body = self.block(s.body, cscope, allow_doc=True)
        s.decorator_list = []
        out.append(s)
        out.append(self.plain_store(s.name, _rc('cls', _name(s.name)), scope))
        for t in held:
            out.append(_expr(_rc('dec', _name(t))))
        for t in reversed(decs):
            out.append(self.plain_store(s.name, _rc('call', _name(t), _name(s.name)), scope))
        out.append(_expr(_rc('dec', _name(old))))
        return out + self.cleanup(scope, decs + held + [old])

    # ---------------------------------------------------------------- functions
    def signature(self, fnode, fscope):
        a = fnode.args
        pos = tuple(x.arg for x in a.posonlyargs + a.args)
        kwo = tuple(x.arg for x in a.kwonlyargs)
        cells = tuple(sorted(fscope.cells))
        frees = tuple(sorted(fscope.free))
        sig = (pos, kwo, a.vararg is not None, a.kwarg is not None, fscope.is_gen,
               cells, frees)
        cellfn = _const(None)
        if cells or frees:
            cellfn = _ast.Lambda(args=_noargs(), body=_tuple(_name(n) for n in cells + frees))
        params = [_name(n) for n in param_names(a)]
        return sig, cellfn, params

    def function_body(self, fnode, fscope):
        sig, cellfn, params = self.signature(fnode, fscope)
        body = fnode.body
        doc = []
        if body and type(body[0]) is _ast.Expr and type(body[0].value) is _ast.Constant \
                and type(body[0].value.value) is str:
            doc = [body[0]]
            body = body[1:]
        enter = _assign('_rc_fr', _rc('enter', _constval(sig), cellfn, *params))
        first = _first_stores(body, param_names(fnode.args))
        guards, reads = self.exit_reads(fnode, fscope)
        values = [_name(reads.get(name, name)) for name, kind in fscope.order if kind == 0]
        leave = guards + [_expr(_rc('leave', _name('_rc_fr'), _tuple(values),
                                    _constval(fscope.order)))]
        # (the statements stay alive while the body is rewritten, so their ids are theirs)
        self.first_stores |= first
        inner = self.block(body, fscope) if body else [_ast.Pass()]
        self.first_stores -= first
        # an exception leaving the frame: the traceback keeps the frame (and its locals)
        # alive until the exception dies, so `unwind` hands the locals to the exception
        unwind = _ast.ExceptHandler(type=self.builtin_name('BaseException'), name=None,
                                    body=[_expr(_rc('unwind', _name('_rc_fr'))), _ast.Raise()])
        tr = _ast.Try(body=inner, handlers=[unwind], orelse=[], finalbody=leave)
        return doc + [enter, tr]

    def exit_reads(self, fnode, fscope):
        """Statements that read, at frame exit, each fast local that may be unbound there
        into a temporary (_rc.U when unbound), and {name: temporary}.

        `leave` gets the values as a tuple instead of `locals()`: on GraalPy a function
        that calls `locals()` has its frame materialized on every call (its compiled
        code loses the "does not need caller frame" assumption). Parameters that the
        body never unbinds (`del`, `except ... as`) are certainly bound: read directly."""
        reads = {}
        maybe_unbound = _unbound_names(fnode.body)
        params = set(param_names(fnode.args))
        out = []
        for name, kind in fscope.order:
            if kind != 0 or (name in params and name not in maybe_unbound):
                continue
            t = self.tmp('_rc_lv')
            reads[name] = t
            out.append(_ast.Try(
                body=[_assign(t, _name(name))],
                handlers=[_ast.ExceptHandler(type=self.builtin_name('NameError'), name=None,
                                             body=[_assign(t, _rc_attr('U'))])],
                orelse=[], finalbody=[]))
        return out, reads

    def lambda_(self, node, scope):
        fscope = self.scopes[id(node)]
        sig, cellfn, params = self.signature(node, fscope)
        a = node.args
        a.defaults = [self.ex(d, scope) for d in a.defaults]
        a.kw_defaults = [None if d is None else self.ex(d, scope) for d in a.kw_defaults]
        fast = [name for name, kind in fscope.order if kind == 0]
        # a lambda cannot unbind its parameters; other fast locals (the variables of an
        # inlined comprehension) may be unbound at exit: then read them through locals()
        loc = _tuple(_name(n) for n in fast) if set(fast) <= set(param_names(a)) \
            else self.builtin_call('locals', fscope)
        body = _rc('lam', _rc('enter', _constval(sig), cellfn, *params),
                   self.ex(node.body, fscope), loc, _constval(fscope.order))
        return _rc('fn', _ast.Lambda(args=a, body=body))

    # ---------------------------------------------------------------- names
    def builtin_name(self, name):
        if self.builtins:
            return _name(name)
        return _ast.Attribute(value=_name(RC), attr=name, ctx=_ast.Load())

    def builtin_call(self, name, scope):
        """`locals()` / `globals()` in the current frame, even where a parameter or a
        variable shadows the builtin (then through the frame: `_rc.frame_locals()`)."""
        shadowed = name in self.module_names or scope.resolve(name) not in ('global', 'name') \
            or name in scope.bound or not self.builtins
        if not shadowed:
            return _ast.Call(func=_name(name), args=[], keywords=[])
        return _rc('frame_' + name)

    def mangle(self, name, scope):
        """CPython's private name mangling, for names the rewriter turns into strings."""
        if not name.startswith('__') or name.endswith('__') or '.' in name:
            return name
        p = scope
        while p is not None and p.kind != 'class':
            p = p.parent
        if p is None:
            return name
        cls = p.node.name.lstrip('_')
        if not cls:
            return name
        return '_' + cls + name

    def attr(self, name, scope):
        return _const(self.mangle(name, scope))

    def load_raw(self, name, scope):
        return _name(name)

    def load(self, name, scope):
        if name == RC:
            return _name(name)
        if scope.resolve(name) in ('global', 'name') and name in _BUILTIN_NAMES \
                and name not in self.module_names:
            return _name(name)
        return _rc('ld', _name(name))

    def ns_of(self, name, scope):
        """The namespace dict expression for a name stored with STORE_NAME/GLOBAL, or
        None for fast locals, cells and free variables."""
        r = scope.resolve(name)
        if r == 'name':
            return self.builtin_call('locals', scope)
        if r == 'global':
            return self.builtin_call('globals', scope)
        return None

    def capture_old(self, name, scope):
        """Statements that save the current value of `name` (or _rc.U) in a temporary."""
        t = self.tmp('_rc_o')
        ns = self.ns_of(name, scope)
        if ns is not None:
            return [_assign(t, _rc('old', _const(self.mangle(name, scope)), ns))], t
        tr = _ast.Try(body=[_assign(t, _name(name))],
                      handlers=[_ast.ExceptHandler(type=self.builtin_name('NameError'), name=None,
                                                   body=[_assign(t, _ast.Attribute(
                                                       value=_name(RC), attr='U',
                                                       ctx=_ast.Load()))])],
                      orelse=[], finalbody=[])
        return [tr], t

    def plain_store(self, name, value, scope):
        return _ast.Assign(targets=[_name(name, _ast.Store())], value=value)

    def rebind(self, names, stmts, scope, new_refs=False):
        """A binding statement we keep as it is: save old values, run it, then count the
        new references (from-imports) and release the old values."""
        out = []
        olds = []
        for n in names:
            st, t = self.capture_old(n, scope)
            out += st
            olds.append(t)
        out += stmts
        for n, t in zip(names, olds):
            if new_refs:
                out.append(_expr(_rc('inc', _name(n))))
            out.append(_expr(_rc('dec', _name(t))))
        return out + self.cleanup(scope, olds)

    # ---------------------------------------------------------------- stores
    def store(self, t, value, scope):
        tt = type(t)
        if tt is _ast.Name:
            ns = self.ns_of(t.id, scope)
            if ns is not None:
                return [_expr(_rc('stn', _const(self.mangle(t.id, scope)), value, ns))]
            if (id(self.cur_stmt), t.id) in self.first_stores:
                return [_assign(t.id, value)]       # nothing to release: no try/except
            v = self.tmp()
            st, old = self.capture_old(t.id, scope)
            return [_assign(v, value)] + st + [_assign(t.id, _name(v)),
                                                _expr(_rc('dec', _name(old)))]
        if tt is _ast.Attribute:
            owner = self.ex(t.value, scope)
            if type(t.value) is _ast.Name and type(owner) is _ast.Call:
                # the owner is a name loaded with `ld`: borrow it (see Runtime.sab)
                return [_expr(_rc('sab', value, self.load_raw(t.value.id, scope),
                                  self.attr(t.attr, scope)))]
            return [_expr(_rc('sa', value, owner, self.attr(t.attr, scope)))]
        if tt is _ast.Subscript:
            sl = t.slice
            if type(sl) is _ast.Slice and sl.step is None:
                return [_expr(_rc('sslice', value, self.ex(t.value, scope),
                                  self.ex_opt(sl.lower, scope), self.ex_opt(sl.upper, scope)))]
            return [_expr(_rc('si', value, self.ex(t.value, scope),
                              self.subscript_key(sl, scope)))]
        if tt in (_ast.Tuple, _ast.List):
            u = self.tmp('_rc_u')
            stars = [i for i, e in enumerate(t.elts) if type(e) is _ast.Starred]
            if stars:
                i = stars[0]
                call = _rc('unpack_ex', value, _const(i), _const(len(t.elts) - i - 1))
            else:
                call = _rc('unpack', value, _const(len(t.elts)))
            out = [_assign(u, call)]
            for i, e in enumerate(t.elts):
                if type(e) is _ast.Starred:
                    e = e.value
                out += self.store(e, _ast.Subscript(value=_name(u), slice=_const(i),
                                                    ctx=_ast.Load()), scope)
            return out + self.cleanup(scope, [u])
        raise RewriteError('refgc: cannot store to %s' % tt.__name__,
                           (self.filename, t.lineno, t.col_offset + 1, None))

    def delete(self, t, scope):
        tt = type(t)
        if tt is _ast.Name:
            ns = self.ns_of(t.id, scope)
            if ns is not None:
                return [_expr(_rc('dln', _const(self.mangle(t.id, scope)), ns))]
            v = self.tmp()
            return [_assign(v, _name(t.id)), _ast.Delete(targets=[_name(t.id, _ast.Del())]),
                    _expr(_rc('dec', _name(v)))]
        if tt is _ast.Attribute:
            return [_expr(_rc('da', self.ex(t.value, scope), self.attr(t.attr, scope)))]
        if tt is _ast.Subscript:
            return [_expr(_rc('di', self.ex(t.value, scope), self.subscript_key(t.slice, scope)))]
        if tt in (_ast.Tuple, _ast.List):
            out = []
            for e in t.elts:
                out += self.delete(e, scope)
            return out
        return [_ast.Delete(targets=[t])]

    # ---------------------------------------------------------------- expressions
    def ex_opt(self, node, scope):
        return _const(None) if node is None else self.ex(node, scope)

    def subscript_key(self, sl, scope):
        if type(sl) is _ast.Slice:
            return _rc('mkslice', self.ex_opt(sl.lower, scope), self.ex_opt(sl.upper, scope),
                       self.ex_opt(sl.step, scope))
        return self.ex(sl, scope)

    def ex(self, node, scope):
        m = getattr(self, 'e_' + type(node).__name__, None)
        if m is None:
            return node
        r = m(node, scope)
        _copy_loc(r, node)
        return r

    def e_Constant(self, node, scope):
        return node

    def e_Name(self, node, scope):
        return self.load(node.id, scope)

    def e_Attribute(self, node, scope):
        owner = self.ex(node.value, scope)
        if type(node.value) is _ast.Name and type(owner) is _ast.Call:
            # the owner is a name loaded with `ld`: borrow it (see Runtime.gab)
            return _rc('gab', self.load_raw(node.value.id, scope), self.attr(node.attr, scope))
        return _rc('ga', owner, self.attr(node.attr, scope))

    def e_Subscript(self, node, scope):
        sl = node.slice
        if type(sl) is _ast.Slice and sl.step is None:
            return _rc('gslice', self.ex(node.value, scope), self.ex_opt(sl.lower, scope),
                       self.ex_opt(sl.upper, scope))
        return _rc('gi', self.ex(node.value, scope), self.subscript_key(sl, scope))

    def e_BinOp(self, node, scope):
        return _rc('bop', _const(BINOPS.index(type(node.op))), self.ex(node.left, scope),
                   self.ex(node.right, scope))

    def e_UnaryOp(self, node, scope):
        if type(node.op) is _ast.Not:
            return _rc('not_', self.ex(node.operand, scope))
        return _rc('uop', _const(UNOPS.index(type(node.op))), self.ex(node.operand, scope))

    def e_Compare(self, node, scope):
        if len(node.ops) == 1:
            return _rc('cmp', _const(CMPOPS.index(type(node.ops[0]))), self.ex(node.left, scope),
                       self.ex(node.comparators[0], scope))
        # a < b < c: no lambdas (they could not see class-body names); the runtime keeps
        # the shared middle operand, like CPython's SWAP/COPY, and short-circuits
        ops = [_const(CMPOPS.index(type(op))) for op in node.ops]
        comps = node.comparators
        r = _rc('ch_last', ops[-1], self.ex(comps[-1], scope))
        for k in range(len(comps) - 2, 0, -1):
            r = _ast.IfExp(test=_rc('ch_ok', _rc('ch_mid', ops[k], self.ex(comps[k], scope))),
                           body=r, orelse=_rc('ch_fail'))
        first = _rc('ch_first', ops[0], self.ex(node.left, scope), self.ex(comps[0], scope))
        return _ast.IfExp(test=_rc('ch_ok', first), body=r, orelse=_rc('ch_fail'))

    def e_BoolOp(self, node, scope):
        test = 'and_' if type(node.op) is _ast.And else 'or_'
        vals = node.values
        r = self.ex(vals[-1], scope)
        for v in reversed(vals[:-1]):
            r = _ast.IfExp(test=_rc(test, self.ex(v, scope)), body=r, orelse=_rc('pick'))
        return r

    def e_IfExp(self, node, scope):
        return _ast.IfExp(test=_rc('test', self.ex(node.test, scope)),
                          body=self.ex(node.body, scope), orelse=self.ex(node.orelse, scope))

    def e_NamedExpr(self, node, scope):
        name = node.target.id
        target_scope = scope
        ns = self.ns_of(name, scope)
        if ns is not None:
            pre = _rc('wal_pre_ns', self.ex(node.value, scope), _const(self.mangle(name, scope)), ns)
        else:
            pre = _rc('wal_pre', self.ex(node.value, scope),
                      _ast.Lambda(args=_noargs(), body=_name(name)))
        del target_scope
        return _rc('wal_post', _ast.NamedExpr(target=_name(name, _ast.Store()), value=pre))

    def e_Lambda(self, node, scope):
        return self.lambda_(node, scope)

    def e_List(self, node, scope):
        if any(type(e) is _ast.Starred for e in node.elts):
            return self.star_display(0, node.elts, scope)
        return _rc('new', _ast.List(elts=[self.ex(e, scope) for e in node.elts], ctx=_ast.Load()))

    def e_Tuple(self, node, scope):
        if _is_const(node):
            return node
        if any(type(e) is _ast.Starred for e in node.elts):
            return self.star_display(1, node.elts, scope)
        return _rc('new', _tuple(self.ex(e, scope) for e in node.elts))

    def e_Set(self, node, scope):
        if any(type(e) is _ast.Starred for e in node.elts):
            return self.star_display(2, node.elts, scope)
        return _rc('mkset', _ast.List(elts=[self.ex(e, scope) for e in node.elts],
                                      ctx=_ast.Load()))

    def star_display(self, kind, elts, scope):
        parts = []
        stars = []
        for e in elts:
            if type(e) is _ast.Starred:
                parts.append(self.ex(e.value, scope))
                stars.append(True)
            else:
                parts.append(self.ex(e, scope))
                stars.append(False)
        return _rc('star', _const(kind), _ast.List(elts=parts, ctx=_ast.Load()),
                   _constval(tuple(stars)))

    def e_Dict(self, node, scope):
        items = []
        for k, v in zip(node.keys, node.values):
            if k is None:
                items.append(_ast.Attribute(value=_name(RC), attr='U', ctx=_ast.Load()))
            else:
                items.append(self.ex(k, scope))
            items.append(self.ex(v, scope))
        return _rc('mkdict', _ast.List(elts=items, ctx=_ast.Load()))

    def comp_generators(self, gens, scope):
        out = []
        for g in gens:
            out.append(_ast.comprehension(
                target=g.target, iter=_rc('comp', self.ex(g.iter, scope)),
                ifs=[_rc('test', self.ex(c, scope)) for c in g.ifs], is_async=g.is_async))
        return out

    def e_ListComp(self, node, scope):
        return _rc('new', _ast.ListComp(elt=self.ex(node.elt, scope),
                                        generators=self.comp_generators(node.generators, scope)))

    def e_SetComp(self, node, scope):
        return _rc('mkset', _ast.ListComp(elt=self.ex(node.elt, scope),
                                          generators=self.comp_generators(node.generators,
                                                                          scope)))

    def e_DictComp(self, node, scope):
        pair = _tuple([self.ex(node.key, scope), self.ex(node.value, scope)])
        return _rc('dictcomp', _ast.ListComp(elt=pair,
                                             generators=self.comp_generators(node.generators,
                                                                             scope)))

    def e_GeneratorExp(self, node, scope):
        gscope = self.scopes[id(node)]
        gens = node.generators
        first = gens[0]
        new = [_ast.comprehension(target=first.target, iter=_rc('comp', self.ex(first.iter, scope)),
                                  ifs=[_rc('test', self.ex(c, gscope)) for c in first.ifs],
                                  is_async=first.is_async)]
        new += self.comp_generators(gens[1:], gscope)
        return _rc('res', _ast.GeneratorExp(elt=_rc('yld', self.ex(node.elt, gscope)),
                                            generators=new))

    def e_Yield(self, node, scope):
        v = _const(None) if node.value is None else _rc('yld', self.ex(node.value, scope))
        return _rc('res', _ast.Yield(value=v))

    def e_YieldFrom(self, node, scope):
        return _rc('res', _ast.YieldFrom(value=node.value))

    def e_Await(self, node, scope):
        return _rc('res', _ast.Await(value=node.value))

    def e_JoinedStr(self, node, scope):
        vals = []
        for v in node.values:
            if type(v) is _ast.FormattedValue:
                spec = _const('') if v.format_spec is None else \
                    self.ex(v.format_spec, scope)
                vals.append(_ast.FormattedValue(
                    value=_rc('fmt', self.ex(v.value, scope), _const(v.conversion), spec),
                    conversion=-1, format_spec=None))
            else:
                vals.append(v)
        return _ast.JoinedStr(values=vals)

    def e_Starred(self, node, scope):
        return node

    def e_Call(self, node, scope):
        f = node.func
        # vars(o) reads no frame: an ordinary call (its summary counts o.__dict__)
        if type(f) is _ast.Name and f.id in FRAME_CALLS and scope.resolve(f.id) in ('global', 'name') \
                and f.id not in self.module_names and not (f.id == 'vars' and node.args):
            if f.id in ('exec', 'eval') and len(node.args) >= 2 and not node.keywords and \
                    not any(type(a) is _ast.Starred for a in node.args):
                # code strings run with explicit namespaces are instrumented too (dataclass
                # and namedtuple methods are made this way)
                return _rc('exec_', _const(f.id), *[self.ex(a, scope) for a in node.args])
            if f.id in ('exec', 'eval') and len(node.args) == 1 and not node.keywords and \
                    type(node.args[0]) is not _ast.Starred:
                # exec(src)/eval(src) run in the caller's namespaces: pass them explicitly
                # (what CPython does), so that the string is instrumented too
                return _rc('exec_', _const(f.id), self.ex(node.args[0], scope),
                           _rc('res', self.builtin_call('globals', scope)),
                           _rc('res', self.builtin_call('locals', scope)))
            if f.id in ('super', 'locals', 'globals', 'vars'):
                return _rc('fcall', _const(f.id), node)     # summaries.py: frame calls
            return _rc('res', node)
        star = any(type(a) is _ast.Starred for a in node.args) or \
            any(k.arg is None for k in node.keywords)
        if star:
            fn = self.ex(f, scope)
            pos = [a for a in node.args]
            if len(pos) == 1 and type(pos[0]) is _ast.Starred:
                args = self.ex(pos[0].value, scope)
            else:
                args = self.star_display(1, pos, scope)
            if node.keywords:
                items = []
                for k in node.keywords:
                    if k.arg is None:
                        items.append(_ast.Attribute(value=_name(RC), attr='U', ctx=_ast.Load()))
                    else:
                        items.append(_const(k.arg))
                    items.append(self.ex(k.value, scope))
                kw = _rc('kwmerge', _ast.List(elts=items, ctx=_ast.Load()))
            else:
                kw = _const(None)
            return _rc('callx', fn, args, kw)
        args = [self.ex(a, scope) for a in node.args]
        kws = [_ast.keyword(arg=k.arg, value=self.ex(k.value, scope)) for k in node.keywords]
        if type(f) is _ast.Attribute and type(f.value) is _ast.Call \
                and type(f.value.func) is _ast.Name and f.value.func.id == 'super' \
                and not f.value.args and not f.value.keywords \
                and scope.resolve('super') in ('global', 'name'):
            c = _rc('callsuper', f.value, self.attr(f.attr, scope), *args)
        elif type(f) is _ast.Attribute:
            c = _rc('callm', self.ex(f.value, scope), self.attr(f.attr, scope), *args)
        else:
            c = _rc('call', self.ex(f, scope), *args)
        c.keywords = kws
        return c


# ---------------------------------------------------------------- helpers
def _rc_attr(attr):
    return _ast.Attribute(value=_name(RC), attr=attr, ctx=_ast.Load())


_NAME_FIELDS = ('id', 'name', 'asname', 'rest', 'names', 'arg')


def _mentions(node):
    """Every identifier a statement mentions, with repeats: names in any context, def,
    class, import, except, match and global/nonlocal names (dotted imports also give
    their first part). Over-approximates what the statement may bind."""
    out = []
    todo = [node]
    while todo:
        n = todo.pop()
        for field in n._fields:
            v = getattr(n, field, None)
            if field in _NAME_FIELDS:
                if type(v) is str:
                    out.append(v)
                    if '.' in v:
                        out.append(v.split('.', 1)[0])
                    continue
                if type(v) is list and v and type(v[0]) is str:
                    out.extend(v)
                    continue
            if type(v) is list:
                todo.extend(x for x in v if isinstance(x, _ast.AST))
            elif isinstance(v, _ast.AST):
                todo.append(v)
    return out


def _first_stores(body, params):
    """(id(statement), name) for the plain stores at a function body's top level that
    certainly find the fast local unbound: `name = value` (or `name: T = value`) where
    nothing before it in the body, nor anything else in the statement, mentions `name`.
    A top-level statement runs at most once per call, in order, so such a store has no
    old value to release."""
    seen = set(params)
    out = set()
    for s in body:
        mentioned = _mentions(s)
        tp = type(s)
        if tp is _ast.Assign:
            targets = s.targets
        elif tp is _ast.AnnAssign and s.value is not None and s.simple:
            targets = [s.target]
        else:
            targets = ()
        for t in targets:
            if type(t) is _ast.Name and t.id not in seen and mentioned.count(t.id) == 1:
                out.add((id(s), t.id))
        seen.update(mentioned)
    return out


def _unbound_names(body):
    """Names a function body may unbind: `del name` targets and `except ... as name`
    handlers. Nested scopes are walked too, which only makes the set larger (safe)."""
    out = set()
    todo = list(body)
    while todo:
        node = todo.pop()
        tp = type(node)
        if tp is _ast.Name:
            if type(node.ctx) is _ast.Del:
                out.add(node.id)
            continue
        if tp is _ast.ExceptHandler and node.name:
            out.add(node.name)
        for field in node._fields:
            v = getattr(node, field, None)
            if type(v) is list:
                todo.extend(x for x in v if isinstance(x, _ast.AST))
            elif isinstance(v, _ast.AST):
                todo.append(v)
    return out


def _noargs():
    return _ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[],
                          kw_defaults=[], kwarg=None, defaults=[])


def _capture_names(pat):
    out = []
    todo = [pat]
    while todo:
        p = todo.pop(0)
        tp = type(p)
        if tp is _ast.MatchAs:
            if p.pattern is not None:
                todo.append(p.pattern)
            if p.name:
                out.append(p.name)
        elif tp is _ast.MatchStar:
            if p.name:
                out.append(p.name)
        elif tp is _ast.MatchMapping:
            todo.extend(p.patterns)
            if p.rest:
                out.append(p.rest)
        elif tp is _ast.MatchSequence:
            todo.extend(p.patterns)
        elif tp is _ast.MatchClass:
            todo.extend(p.patterns)
            todo.extend(p.kwd_patterns)
        elif tp is _ast.MatchOr:
            todo.append(p.patterns[0])
    return out


def _fix_none_patterns(pat):
    """GraalPy cannot compile `case None:` from an AST: use a value pattern comparing
    equal only to None (`_rc.NONE`)."""
    if type(pat) is _ast.MatchSingleton and pat.value is None:
        new = _ast.MatchValue(value=_ast.Attribute(value=_name(RC), attr='NONE', ctx=_ast.Load()))
        _copy_loc(new, pat)
        _copy_loc_tree(new, pat)
        return new
    for f in pat._fields:
        v = getattr(pat, f, None)
        if isinstance(v, list):
            setattr(pat, f, [_fix_none_patterns(x) if isinstance(x, _ast.pattern) else x
                             for x in v])
        elif isinstance(v, _ast.pattern):
            setattr(pat, f, _fix_none_patterns(v))
    return pat


_LOC = ('lineno', 'col_offset', 'end_lineno', 'end_col_offset')


def _copy_loc(new, old):
    if 'lineno' in new._attributes and not hasattr(new, 'lineno'):
        for a in _LOC:
            v = getattr(old, a, None)
            if v is not None:
                setattr(new, a, v)


def fix_locations(tree):
    """Nodes the rewriter created take the location of their nearest located ancestor."""
    todo = [(tree, (1, 0, 1, 0))]
    while todo:
        n, loc = todo.pop()
        if 'lineno' in n._attributes:
            if hasattr(n, 'lineno') and getattr(n, 'lineno', None) is not None:
                loc = tuple(getattr(n, a, None) for a in _LOC)
                loc = tuple(loc[i] if loc[i] is not None else loc[i - 2] for i in range(4)) \
                    if None in loc else loc
            else:
                for a, v in zip(_LOC, loc):
                    setattr(n, a, v)
        for f in n._fields:
            v = getattr(n, f, None)
            if isinstance(v, list):
                for x in v:
                    if isinstance(x, _ast.AST):
                        todo.append((x, loc))
            elif isinstance(v, _ast.AST):
                todo.append((v, loc))


def _copy_loc_tree(node, src):
    """Give every node under `node` that has no location the location of `src`."""
    todo = [node]
    while todo:
        n = todo.pop()
        if not isinstance(n, _ast.AST):
            continue
        if 'lineno' in n._attributes and not hasattr(n, 'lineno'):
            for a in _LOC:
                v = getattr(src, a, None)
                if v is not None:
                    setattr(n, a, v)
                elif a in ('lineno', 'end_lineno'):
                    setattr(n, a, 1)
                else:
                    setattr(n, a, 0)
        for f in n._fields:
            v = getattr(n, f, None)
            if isinstance(v, list):
                todo.extend(v)
            elif isinstance(v, _ast.AST):
                todo.append(v)


def rewrite(tree, filename='<string>', builtins=True):
    """Instrument an `_ast.Module` in place and return it."""
    return Rewriter(filename, builtins=builtins).module(tree)


def compile_instrumented(source, filename='<string>', mode='exec', builtins=True):
    """Parse, instrument and compile source (str or bytes) to a code object
    (mode 'exec' or 'eval'). builtins=False: the code will run in a namespace without
    builtins (the instrumentation then reaches them through `_rc`)."""
    tree = compile(source, filename, mode, _ast.PyCF_ONLY_AST, dont_inherit=True)
    if mode == 'eval':
        tree = Rewriter(filename, builtins=builtins).expression(tree)
    else:
        tree = rewrite(tree, filename, builtins)
    return compile(tree, filename, mode, dont_inherit=True)
