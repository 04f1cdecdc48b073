"""A `_rc` runtime whose heap does nothing: instrumented code run with it costs the
protocol alone (the rewriter's calls), which bench_overhead.py and inproc_overhead.py
compare with plain code and with the shadow heap."""
import os
import sys

sys.path.insert(0, os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                 '..', '..', '..', 'main', 'resources', 'org',
                                                 'refgc', 'bridge', 'python')))
from refgc_compiler.runtime import Runtime      # noqa: E402


class Null(Runtime):
    def _track(self, o, n, r=None): pass
    def inc(self, o): pass
    def dec(self, o): pass
    def dec_deferred(self, o): pass
    def count(self, o): return None
    def tracked(self, o): return False
    def inc_if_tracked(self, o): return False
    def adopt(self, o): pass
    def pin(self, o): pass
    def flush(self): pass
    def escape_deferred(self): pass
    def recycle(self, t): pass
    def _set_parts(self, owner, parts, mode): pass
    def _set_part(self, owner, i, part, mode): pass
    def _get_part(self, owner, i): return None
    def _dict_materialized(self, o, d): pass
    def transfer_to_frame(self, gen, held): pass
