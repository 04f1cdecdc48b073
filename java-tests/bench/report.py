#!/usr/bin/env python3
"""Joins core's JMH results and the CPython measurements into the comparison table.

Usage: report.py CPYTHON_OUT JMH_JSON [JMH_JSON ...]

CPYTHON_OUT holds cpython_shapes.py's lines `shape N ns_per_object`. Each JMH JSON file is
JMH's `-rf json` output. Core's figure is the median single-shot time divided by n
(shape benchmarks), or the average time per operation (incref/decref).
Prints `shape N core_ns_per_object cpython_ns_per_object speedup` per shape and size,
the geometric-mean speedup of the full collections, then the other measurements.
"""
import json
import math
import sys

FULL_SHAPES = ["linked_list", "binary_tree", "garbage_2cycles", "random_graph4", "list_of_lists"]


def ns_per_op(metric):
    """Median of the measured iterations, in ns."""
    unit = metric["scoreUnit"]
    scale = {"ns/op": 1.0, "us/op": 1e3, "ms/op": 1e6, "s/op": 1e9}[unit]
    pct = metric.get("scorePercentiles", {})
    value = pct.get("50.0", metric["score"])
    return value * scale


def load_core(paths):
    core = {}
    for path in paths:
        with open(path) as f:
            for r in json.load(f):
                name = r["benchmark"].rsplit(".", 2)
                cls, method = name[-2], name[-1]
                p = r.get("params", {})
                t = ns_per_op(r["primaryMetric"])
                if cls == "FullCollectionBenchmark":
                    n = int(p["n"])
                    core[(p["shape"], n)] = t / n
                elif cls == "DeallocChainBenchmark":
                    n = int(p["n"])
                    core[("dealloc_chain", n)] = t / n
                elif cls == "YoungChurnBenchmark":
                    n = int(p["n"])
                    core[("churn" if p["gc"] == "true" else "churn_nogc", n)] = t / n
                elif cls == "RefcountBenchmark":
                    core[("incref_decref", int(p["heapSize"]))] = t
    return core


def load_cpython(path):
    out = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                out[(parts[0], int(parts[1]))] = float(parts[2])
    return out


def fmt(v):
    return "-" if v is None else f"{v:.2f}"


def main():
    cpy = load_cpython(sys.argv[1])
    core = load_core(sys.argv[2:])
    print("shape N core_ns_per_object cpython_ns_per_object speedup")
    logs = []
    sizes = sorted({n for (s, n) in core if s in FULL_SHAPES} | {n for (s, n) in cpy if s in FULL_SHAPES})
    for shape in FULL_SHAPES:
        for n in sizes:
            c, p = core.get((shape, n)), cpy.get((shape, n))
            sp = p / c if c and p else None
            if sp:
                logs.append(math.log(sp))
            print(f"{shape} {n} {fmt(c)} {fmt(p)} {fmt(sp)}")
    if logs:
        print(f"geomean_speedup_full_collection {math.exp(sum(logs) / len(logs)):.2f} ({len(logs)} shape/size pairs)")
    print()
    print("# other measurements: name N core_ns_per_object cpython_ns_per_object speedup [totals]")
    for key in ["dealloc_chain", "churn", "churn_nogc"]:
        for (s, n) in sorted(k for k in set(core) | set(cpy) if k[0] == key):
            c, p = core.get((s, n)), cpy.get((s, n))
            sp = p / c if c and p else None
            extra = ""
            if c and p:
                extra = f"  (core {c * n / 1e6:.2f} ms, cpython {p * n / 1e6:.2f} ms total)"
            print(f"{s} {n} {fmt(c)} {fmt(p)} {fmt(sp)}{extra}")
    for (s, n) in sorted(k for k in core if k[0] == "incref_decref"):
        print(f"incref_decref heap={n} {fmt(core[(s, n)])} - -  (ns per pair)")


if __name__ == "__main__":
    main()
