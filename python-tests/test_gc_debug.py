"""gc.callbacks and their info dicts, gc.get_stats, the DEBUG_* flags' output,
gc.garbage and DEBUG_SAVEALL, as on CPython 3.12."""

import gc
import re
import unittest

from refgc_support import GcTestCase, Tracer, capture_stderr, catch_unraisable


### Support code
###############################################################################

def make_list_cycle():
    l = []
    l.append(l)


def make_instance_cycle(tracer, name):
    o = tracer.obj(name)
    o.me = o


class Recorder:
    """A gc callback that keeps copies of what it was called with."""

    def __init__(self, name="cb", log=None):
        self.name = name
        self.calls = [] if log is None else log

    def __call__(self, phase, info):
        self.calls.append((self.name, phase, dict(info)))


STATS_RE = (r"gc: collecting generation {gen}\.\.\.\n"
            r"gc: objects in each generation: \d+ \d+ \d+\n"
            r"gc: objects in permanent generation: \d+\n"
            r"gc: done, {unreachable} unreachable, {uncollectable} uncollectable, "
            r"\d+\.\d{{4}}s elapsed\n")


### Tests
###############################################################################

class CallbackTests(GcTestCase):

    def test_start_and_stop_info(self):
        rec = Recorder()
        gc.callbacks.append(rec)
        make_list_cycle()
        self.assertEqual(gc.collect(), 1)
        self.assertEqual(rec.calls, [
            ("cb", "start", {"generation": 2, "collected": 0, "uncollectable": 0}),
            ("cb", "stop", {"generation": 2, "collected": 1, "uncollectable": 0}),
        ])

    def test_info_keys_order(self):
        seen = []
        gc.callbacks.append(lambda phase, info: seen.append(list(info)))
        gc.collect()
        self.assertEqual(seen, [["generation", "collected", "uncollectable"]] * 2)

    def test_generation_reported(self):
        rec = Recorder()
        gc.callbacks.append(rec)
        gc.collect(0)
        gc.collect(1)
        self.assertEqual([(p, i["generation"]) for _, p, i in rec.calls],
                         [("start", 0), ("stop", 0), ("start", 1), ("stop", 1)])

    def test_callbacks_called_in_list_order(self):
        log = []
        gc.callbacks.append(Recorder("first", log))
        gc.callbacks.append(Recorder("second", log))
        gc.collect()
        self.assertEqual([(n, p) for n, p, _ in log], [
            ("first", "start"), ("second", "start"),
            ("first", "stop"), ("second", "stop")])

    def test_info_is_a_dict(self):
        kinds = []
        gc.callbacks.append(lambda phase, info: kinds.append(type(info)))
        gc.collect()
        self.assertEqual(kinds, [dict, dict])

    def test_collected_counts_finalized_instances(self):
        tracer = Tracer()
        rec = Recorder()
        gc.callbacks.append(rec)
        make_instance_cycle(tracer, "a")
        make_instance_cycle(tracer, "b")
        gc.collect()
        self.assertEqual(rec.calls[-1][2]["collected"], 2)
        self.assertEqual(tracer.take(), ["del a", "del b"])

    def test_callback_exception_is_unraisable(self):
        def bad(phase, info):
            raise RuntimeError("callback failed " + phase)
        gc.callbacks.append(bad)
        with catch_unraisable() as reports:
            self.assertEqual(gc.collect(), 0)
        self.assertEqual([(r.exc_type, r.message) for r in reports], [
            (RuntimeError, "callback failed start"),
            (RuntimeError, "callback failed stop")])

    def test_no_callbacks_for_automatic_disabled(self):
        rec = Recorder()
        gc.callbacks.append(rec)
        for _ in range(2000):
            make_list_cycle()
        self.assertEqual(rec.calls, [])

    def test_callbacks_is_a_list(self):
        self.assertIs(type(gc.callbacks), list)
        self.assertIs(gc.callbacks, gc.callbacks)


class StatsTests(GcTestCase):

    def stats(self):
        return [(s["collections"], s["collected"], s["uncollectable"])
                for s in gc.get_stats()]

    def test_stats_shape(self):
        stats = gc.get_stats()
        self.assertEqual(len(stats), 3)
        for s in stats:
            self.assertEqual(list(s), ["collections", "collected", "uncollectable"])

    def test_gen0_collection_counted_in_gen0(self):
        before = self.stats()
        gc.collect(0)
        after = self.stats()
        self.assertEqual(after[0][0] - before[0][0], 1)
        self.assertEqual(after[1], before[1])
        self.assertEqual(after[2], before[2])

    def test_full_collection_counted_in_gen2_only(self):
        before = self.stats()
        gc.collect()
        after = self.stats()
        self.assertEqual(after[0], before[0])
        self.assertEqual(after[1], before[1])
        self.assertEqual(after[2][0] - before[2][0], 1)

    def test_collected_objects_counted(self):
        before = self.stats()
        make_list_cycle()
        make_list_cycle()
        gc.collect(1)
        after = self.stats()
        self.assertEqual((after[1][0] - before[1][0], after[1][1] - before[1][1]), (1, 2))

    def test_get_stats_returns_new_list(self):
        self.assertIsNot(gc.get_stats(), gc.get_stats())


class DebugFlagTests(GcTestCase):

    def test_constants(self):
        self.assertEqual((gc.DEBUG_STATS, gc.DEBUG_COLLECTABLE, gc.DEBUG_UNCOLLECTABLE,
                          gc.DEBUG_SAVEALL, gc.DEBUG_LEAK), (1, 2, 4, 32, 38))

    def test_leak_is_the_union(self):
        self.assertEqual(gc.DEBUG_LEAK,
                         gc.DEBUG_COLLECTABLE | gc.DEBUG_UNCOLLECTABLE | gc.DEBUG_SAVEALL)

    def test_set_and_get_debug(self):
        gc.set_debug(gc.DEBUG_STATS | gc.DEBUG_SAVEALL)
        self.assertEqual(gc.get_debug(), 33)
        gc.set_debug(0)
        self.assertEqual(gc.get_debug(), 0)

    def test_debug_stats_output(self):
        make_list_cycle()
        with capture_stderr() as err:
            gc.set_debug(gc.DEBUG_STATS)
            gc.collect()
            gc.set_debug(0)
        self.assertRegex(err.getvalue(), "^" + STATS_RE.format(
            gen=2, unreachable=1, uncollectable=0) + "$")

    def test_debug_stats_generation_0(self):
        with capture_stderr() as err:
            gc.set_debug(gc.DEBUG_STATS)
            gc.collect(0)
            gc.set_debug(0)
        self.assertRegex(err.getvalue(), "^" + STATS_RE.format(
            gen=0, unreachable=0, uncollectable=0) + "$")

    def test_debug_stats_counts_young_objects(self):
        keep = [[] for _ in range(5)]
        gc.collect(0)
        with capture_stderr() as err:
            gc.set_debug(gc.DEBUG_STATS)
            gc.collect(1)
            gc.set_debug(0)
        m = re.search(r"objects in each generation: (\d+) (\d+) (\d+)", err.getvalue())
        self.assertGreaterEqual(int(m.group(2)), 6)

    def test_debug_collectable_output(self):
        make_list_cycle()
        with capture_stderr() as err:
            gc.set_debug(gc.DEBUG_COLLECTABLE)
            gc.collect()
            gc.set_debug(0)
        self.assertRegex(err.getvalue(), r"^gc: collectable <list 0x[0-9a-f]+>\n$")

    def test_debug_collectable_names_instance_type(self):
        tracer = Tracer()
        make_instance_cycle(tracer, "x")
        with capture_stderr() as err:
            gc.set_debug(gc.DEBUG_COLLECTABLE)
            gc.collect()
            gc.set_debug(0)
        self.assertRegex(err.getvalue(), r"^gc: collectable <Finalizable 0x[0-9a-f]+>\n$")

    def test_debug_collectable_one_line_per_object(self):
        t = ([],)
        t[0].append(t)
        del t
        with capture_stderr() as err:
            gc.set_debug(gc.DEBUG_COLLECTABLE)
            gc.collect()
            gc.set_debug(0)
        lines = err.getvalue().splitlines()
        self.assertEqual(sorted(re.sub(" 0x[0-9a-f]+", "", l) for l in lines),
                         ["gc: collectable <list>", "gc: collectable <tuple>"])

    def test_debug_uncollectable_silent_without_legacy_finalizers(self):
        make_list_cycle()
        with capture_stderr() as err:
            gc.set_debug(gc.DEBUG_UNCOLLECTABLE)
            self.assertEqual(gc.collect(), 1)
            gc.set_debug(0)
        self.assertEqual(err.getvalue(), "")

    def test_no_output_without_flags(self):
        make_list_cycle()
        with capture_stderr() as err:
            gc.collect()
        self.assertEqual(err.getvalue(), "")


class GarbageTests(GcTestCase):

    def test_garbage_is_empty_list(self):
        self.assertEqual(gc.garbage, [])
        self.assertIs(type(gc.garbage), list)

    def test_finalizer_cycles_are_not_garbage(self):
        tracer = Tracer()
        make_instance_cycle(tracer, "x")
        self.assertEqual(gc.collect(), 1)
        self.assertEqual(gc.garbage, [])

    def test_saveall_keeps_collected_objects(self):
        make_list_cycle()
        gc.set_debug(gc.DEBUG_SAVEALL)
        self.assertEqual(gc.collect(), 1)
        gc.set_debug(0)
        self.assertEqual(len(gc.garbage), 1)
        l = gc.garbage[0]
        self.assertIs(l[0], l)

    def test_saveall_still_runs_finalizers(self):
        tracer = Tracer()
        make_instance_cycle(tracer, "x")
        gc.set_debug(gc.DEBUG_SAVEALL)
        self.assertEqual(gc.collect(), 1)
        gc.set_debug(0)
        self.assertEqual(tracer.take(), ["del x"])
        self.assertEqual([o.name for o in gc.garbage], ["x"])

    def test_saved_objects_collected_again_after_clearing_garbage(self):
        make_list_cycle()
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        gc.set_debug(0)
        gc.garbage.clear()
        self.assertEqual(gc.collect(), 1)

    def test_debug_leak_saves_and_prints(self):
        make_list_cycle()
        with capture_stderr() as err:
            gc.set_debug(gc.DEBUG_LEAK)
            self.assertEqual(gc.collect(), 1)
            gc.set_debug(0)
        self.assertEqual(len(gc.garbage), 1)
        self.assertRegex(err.getvalue(), r"^gc: collectable <list 0x[0-9a-f]+>\n$")

    def test_saveall_keeps_objects_in_cycle_order(self):
        t = ([],)
        t[0].append(t)
        del t
        gc.set_debug(gc.DEBUG_SAVEALL)
        self.assertEqual(gc.collect(), 2)
        gc.set_debug(0)
        self.assertEqual(sorted(type(o).__name__ for o in gc.garbage), ["list", "tuple"])

    def test_collector_appends_to_the_module_list(self):
        # The collector appends to the module's own list object.
        saved = gc.garbage
        make_list_cycle()
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        gc.set_debug(0)
        self.assertIs(gc.garbage, saved)
        self.assertEqual(len(saved), 1)


if __name__ == "__main__":
    unittest.main()
