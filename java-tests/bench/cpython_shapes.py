#!/usr/bin/env python3
"""CPython side of core-vs-cpython.sh: the benchmark shapes, timed on this interpreter.

Each shape is built exactly as org.refgc.bench.Shapes builds it on core, with
plain lists as the container objects (a list is one GC-tracked object holding counted
references, like core's ready-made int[] type):

  linked_list      head = [next]; N nodes, the head held by a local
  binary_tree      complete binary tree of [left, right] nodes, N nodes, the root held
  garbage_2cycles  N/2 pairs a=[b], b=[a], all dropped before collecting
  random_graph4    N nodes of out-degree 4: edge 0 goes to node i+1 (so every node is
                   reachable from node 0, which is held), edges 1-3 to random nodes
  list_of_lists    one list holding N lists [0, 1]

For each shape and size, the graph is built with the collector disabled, the
interpreter's own objects having been frozen first (gc.freeze()), so gc.collect()
sees only the shape. The time of one full gc.collect() is divided by N; the median
over several fresh builds is printed.

Also measured: `del head` of a 10^6 chain (the trashcan path), and a young-generation
churn loop allocating N lists kept alive under the default thresholds (700, 10, 10).

Output, one line per measurement:  shape N ns_per_object
Usage: cpython_shapes.py [--sizes 10000,100000,1000000] [--runs 5] [--shapes a,b]
"""
import argparse
import gc
import random
import statistics
import sys
import time

SEED = 20241124


def build_linked_list(n):
    head = None
    for _ in range(n):
        head = [head]
    return head, n


def build_binary_tree(n):
    nodes = [[None, None] for _ in range(n)]
    for i in range(n):
        left, right = 2 * i + 1, 2 * i + 2
        node = nodes[i]
        if left < n:
            node[0] = nodes[left]
        if right < n:
            node[1] = nodes[right]
    root = nodes[0]
    del nodes
    return root, n


def build_garbage_2cycles(n):
    for _ in range(n // 2):
        a = [None]
        b = [a]
        a[0] = b
    return None, (n // 2) * 2


def build_random_graph4(n):
    rnd = random.Random(SEED)
    nodes = [[None, None, None, None] for _ in range(n)]
    for i in range(n):
        node = nodes[i]
        node[0] = nodes[(i + 1) % n]
        node[1] = nodes[rnd.randrange(n)]
        node[2] = nodes[rnd.randrange(n)]
        node[3] = nodes[rnd.randrange(n)]
    root = nodes[0]
    del nodes
    return root, n


def build_list_of_lists(n):
    return [[0, 1] for _ in range(n)], n


SHAPES = {
    "linked_list": build_linked_list,
    "binary_tree": build_binary_tree,
    "garbage_2cycles": build_garbage_2cycles,
    "random_graph4": build_random_graph4,
    "list_of_lists": build_list_of_lists,
}


def time_full_collection(build, n):
    """One fresh build, then one timed full collection; returns (ns, objects)."""
    gc.disable()
    gc.collect()
    gc.freeze()
    try:
        root, objects = build(n)
        t0 = time.perf_counter_ns()
        gc.collect()
        t1 = time.perf_counter_ns()
        del root
    finally:
        gc.unfreeze()
        gc.enable()
    gc.collect()
    return t1 - t0, objects


def time_dealloc_chain(n):
    """`del head` of a chain of n lists: refcounting frees it through the trashcan."""
    gc.disable()
    try:
        head, _ = build_linked_list(n)
        t0 = time.perf_counter_ns()
        del head
        t1 = time.perf_counter_ns()
    finally:
        gc.enable()
    return t1 - t0, n


def time_churn(n, enabled=True):
    """Allocate n lists kept alive by one holder, the collector running as usual."""
    gc.collect()
    gc.freeze()
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    if enabled:
        gc.enable()
    else:
        gc.disable()
    try:
        keep = [None] * n
        t0 = time.perf_counter_ns()
        for i in range(n):
            keep[i] = []
        t1 = time.perf_counter_ns()
        del keep
    finally:
        gc.enable()
        gc.set_threshold(*saved)
        gc.unfreeze()
    gc.collect()
    return t1 - t0, n


def median_ns_per_object(fn, runs):
    samples = []
    for _ in range(runs):
        ns, objects = fn()
        samples.append(ns / objects)
    return statistics.median(samples)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--shapes", default=",".join(SHAPES) + ",dealloc_chain,churn,churn_nogc")
    ap.add_argument("--chain", type=int, default=1_000_000, help="dealloc chain and churn length")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    wanted = [s for s in args.shapes.split(",") if s]
    # Deep chains are freed iteratively by the trashcan, but building them is fine too.
    sys.setrecursionlimit(10000)
    for shape in wanted:
        if shape in SHAPES:
            for n in sizes:
                v = median_ns_per_object(lambda: time_full_collection(SHAPES[shape], n), args.runs)
                print(f"{shape} {n} {v:.2f}", flush=True)
        elif shape == "dealloc_chain":
            v = median_ns_per_object(lambda: time_dealloc_chain(args.chain), args.runs)
            print(f"dealloc_chain {args.chain} {v:.2f}", flush=True)
        elif shape == "churn":
            v = median_ns_per_object(lambda: time_churn(args.chain, True), args.runs)
            print(f"churn {args.chain} {v:.2f}", flush=True)
        elif shape == "churn_nogc":
            v = median_ns_per_object(lambda: time_churn(args.chain, False), args.runs)
            print(f"churn_nogc {args.chain} {v:.2f}", flush=True)
        else:
            sys.exit(f"unknown shape {shape!r}; known: {', '.join(SHAPES)}, dealloc_chain, churn, churn_nogc")


if __name__ == "__main__":
    main()
