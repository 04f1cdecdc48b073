#!/usr/bin/env bash
# Runs the collector benchmarks on core (JMH) and, in the same run, the same shapes on
# CPython 3.12, and prints one line per shape and size:
#   shape N core_ns_per_object cpython_ns_per_object speedup
# then the geometric-mean speedup of full collection, dealloc of a 10^6 chain, the young-
# generation churn, incref/decref, and core's bytes per tracked object.
#
# Usage: java-tests/bench/core-vs-cpython.sh [--quick] [--rebuild] [--sizes 10000,100000,1000000]
#   --quick    fewer iterations (about 2-3 minutes instead of 6-8)
#   --smoke    one iteration of each, to check that everything runs (figures meaningless)
#   --rebuild  rebuild java-tests/target/benchmarks.jar even if it exists
# Environment: JAVA_HOME (used if it is a JDK 21+; otherwise /usr/lib/jvm/* is searched),
#   PYTHON312 (the CPython 3.12 to compare with).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAR="$ROOT/java-tests/target/benchmarks.jar"
QUICK=0
REBUILD=0
SIZES="10000,100000,1000000"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --smoke) QUICK=2 ;;
    --rebuild) REBUILD=1 ;;
    --sizes) SIZES="$2"; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# ---- a JDK 21+ -----------------------------------------------------------------------------
java_major() {  # prints the major version of the java binary $1, or 0
  local v
  v="$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version =/ {print $2; exit}')"
  case "$v" in ''|*[!0-9.]*) echo 0 ;; 1.*) echo "${v#1.}" | cut -d. -f1 ;; *) echo "${v%%.*}" ;; esac
}
find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
    echo "$JAVA_HOME"; return
  fi
  local best="" best_v=0 d v
  for d in /usr/lib/jvm/*; do
    [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ] || continue
    v="$(java_major "$d/bin/java")"
    if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  [ -n "$best" ] || { echo "no JDK 21+ found (set JAVA_HOME)" >&2; exit 1; }
  echo "$best"
}
export JAVA_HOME="$(find_jdk)"
JAVA="$JAVA_HOME/bin/java"

# ---- CPython 3.12 ---------------------------------------------------------------------------
PY="${PYTHON312:-}"
if [ -z "$PY" ]; then
  if [ -x /root/.pyenv/versions/3.12.1/bin/python3.12 ]; then PY=/root/.pyenv/versions/3.12.1/bin/python3.12
  elif command -v python3.12 >/dev/null 2>&1; then PY="$(command -v python3.12)"
  else echo "CPython 3.12 not found (set PYTHON312)" >&2; exit 1; fi
fi
"$PY" -c 'import sys; assert sys.version_info[:2] == (3, 12), sys.version' \
  || { echo "$PY is not CPython 3.12" >&2; exit 1; }

# ---- the benchmark jar ----------------------------------------------------------------------
if [ ! -f "$JAR" ] || [ "$REBUILD" = 1 ]; then
  echo "# building $JAR" >&2
  BUILD_LOG="$(mktemp "${TMPDIR:-/tmp}/core-vs-cpython-build.XXXXXX")"
  if ! (cd "$ROOT" && mvn -B -o -q -pl java-tests -am package -DskipTests) >"$BUILD_LOG" 2>&1 || [ ! -f "$JAR" ]; then
    cat "$BUILD_LOG" >&2; rm -f "$BUILD_LOG"
    echo "building the benchmark jar failed" >&2; exit 1
  fi
  rm -f "$BUILD_LOG"
fi

if [ "$QUICK" = 2 ]; then
  JMH_IT=(-wi 1 -i 2); PY_RUNS=1; RC_IT=(-wi 1 -i 1 -w 1 -r 1)
elif [ "$QUICK" = 1 ]; then
  JMH_IT=(-wi 10 -i 8); PY_RUNS=3; RC_IT=(-wi 2 -i 3 -w 1 -r 1)
else
  JMH_IT=(-wi 20 -i 20); PY_RUNS=7; RC_IT=(-wi 4 -i 5 -w 1 -r 1)
fi

OUT="$(mktemp -d "${TMPDIR:-/tmp}/core-vs-cpython.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT
LOG="$OUT/jmh.log"

echo "# core: $("$JAVA" -version 2>&1 | head -1), $(nproc) cores; CPython: $("$PY" -VV | head -1)"
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); sizes $SIZES; $(case $QUICK in 0) echo full;; 1) echo quick;; *) echo smoke;; esac) run; load average $(cut -d' ' -f1-3 /proc/loadavg)"

run_jmh() {  # name, result file, JMH args...
  local name="$1" file="$2"; shift 2
  echo "# core: $name ..." >&2
  if ! "$JAVA" -jar "$JAR" "$@" -f 1 -foe true -rf json -rff "$file" >>"$LOG" 2>&1; then
    tail -40 "$LOG" >&2
    echo "JMH run failed: $name (log above)" >&2
    exit 1
  fi
}

run_jmh "full collection" "$OUT/full.json" 'FullCollectionBenchmark' -p n="$SIZES" "${JMH_IT[@]}"
run_jmh "dealloc chain" "$OUT/dealloc.json" 'DeallocChainBenchmark' -p n=1000000 "${JMH_IT[@]}"
run_jmh "young churn" "$OUT/churn.json" 'YoungChurnBenchmark' -p n=1000000 "${JMH_IT[@]}"
run_jmh "incref/decref" "$OUT/refcount.json" 'RefcountBenchmark' "${RC_IT[@]}"

echo "# cpython: shapes ..." >&2
"$PY" "$HERE/cpython_shapes.py" --sizes "$SIZES" --runs "$PY_RUNS" > "$OUT/cpython.txt"

echo
"$PY" "$HERE/report.py" "$OUT/cpython.txt" "$OUT"/full.json "$OUT"/dealloc.json "$OUT"/churn.json "$OUT"/refcount.json

echo
echo "# memory per tracked object (core):"
"$JAVA" -XX:+UseSerialGC -Xms1g -Xmx1g -cp "$JAR" org.refgc.bench.Footprint 1000000 | sed 's/^/# /'
