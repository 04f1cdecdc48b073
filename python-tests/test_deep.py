"""Deep structures: 10**5-deep chains and nesting are freed and collected
without overflowing any stack, with CPython 3.12's counts and order."""

import gc
import sys
import unittest
import weakref

from refgc_support import GcTestCase, Plain

DEPTH = 10 ** 5


### Support code
###############################################################################

class Link:
    """A chain node whose finalizer counts into a shared list."""

    log = []

    def __init__(self, index, next_link):
        self.index = index
        self.next = next_link

    def __del__(self):
        Link.log.append(self.index)


def list_chain(depth):
    node = None
    for _ in range(depth):
        node = [node]
    return node


### Tests
###############################################################################

class DeepDeallocationTests(GcTestCase):

    def setUp(self):
        super().setUp()
        Link.log.clear()

    def test_nested_lists_freed_by_refcount(self):
        head = list_chain(DEPTH)
        tail = head
        for _ in range(DEPTH - 1):
            tail = tail[0]
        probe = Plain()
        tail.append(probe)
        r = weakref.ref(probe)
        del probe, tail
        del head
        self.assertIsNone(r())

    def test_nested_tuples_freed(self):
        probe = Plain()
        r = weakref.ref(probe)
        t = (probe,)
        for _ in range(DEPTH):
            t = (t,)
        del probe
        del t
        self.assertIsNone(r())

    def test_nested_dicts_freed(self):
        probe = Plain()
        r = weakref.ref(probe)
        d = {"probe": probe}
        for _ in range(DEPTH):
            d = {"k": d}
        del probe
        del d
        self.assertIsNone(r())

    def test_instance_chain_finalized_head_first(self):
        node = None
        for i in range(DEPTH):
            node = Link(i, node)
        del node
        self.assertEqual(len(Link.log), DEPTH)
        self.assertEqual(Link.log[:3], [DEPTH - 1, DEPTH - 2, DEPTH - 3])
        self.assertEqual(Link.log[-1], 0)

    def test_chain_of_plain_instances(self):
        first = node = Plain()
        for _ in range(DEPTH):
            nxt = Plain()
            node.next = nxt
            node = nxt
        r = weakref.ref(node)
        del node, nxt
        self.assertIsNotNone(r())
        del first
        self.assertIsNone(r())

    def test_refcount_of_deep_tail(self):
        head = list_chain(DEPTH)
        tail = head
        for _ in range(DEPTH - 1):
            tail = tail[0]
        self.assertEqual(sys.getrefcount(tail), 3)


class DeepCollectionTests(GcTestCase):

    def setUp(self):
        super().setUp()
        Link.log.clear()

    def test_deep_list_ring_collected(self):
        head = []
        node = head
        for _ in range(DEPTH - 1):
            nxt = []
            node.append(nxt)
            node = nxt
        node.append(head)
        del head, node, nxt
        self.assertEqual(gc.collect(), DEPTH)

    def test_deep_instance_ring_with_finalizers(self):
        first = node = Link(0, None)
        for i in range(1, DEPTH):
            node = Link(i, node)
        first.next = node
        del first, node
        self.assertEqual(gc.collect(), DEPTH)
        self.assertEqual(len(Link.log), DEPTH)
        self.assertEqual(Link.log[:2], [0, 1])

    def test_deep_chain_hanging_off_a_cycle(self):
        l = []
        l.append(l)
        l.append(list_chain(DEPTH))
        del l
        self.assertEqual(gc.collect(), DEPTH + 1)

    def test_deep_reachable_chain_survives(self):
        keep = list_chain(DEPTH)
        self.assertEqual(gc.collect(), 0)
        self.assertEqual(len(keep), 1)

    def test_deep_chain_moves_to_old_generation(self):
        keep = list_chain(DEPTH)
        gc.collect(0)
        self.assertTrue(any(o is keep for o in gc.get_objects(1)))

    def test_deep_nested_dict_cycle(self):
        outer = d = {}
        for _ in range(DEPTH - 1):
            inner = {}
            d["k"] = inner
            d = inner
        d["k"] = outer
        del outer, d, inner
        self.assertEqual(gc.collect(), DEPTH)


if __name__ == "__main__":
    unittest.main()
