#!/usr/bin/env bash
# Start-up cost of refgc: wall time of `./refgc -c pass` against `./refgc --stock -c pass`,
# alternating the two, N runs each (default 9), and the median of each; also the median of the
# "refgc install" phase that REFGC_TIMING=1 reports, and of the CPU time (user+sys, less sensitive
# to other load than wall time). The machine should be otherwise idle.
# usage: polyglot-bridge/launcher/measure-startup.sh [N]
set -u
root=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
n=${1:-9}
"$root/refgc" -c pass || exit 1   # build if needed, outside the measurement
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() { # NAME ARGS...: wall ms to $tmp/NAME, user+sys CPU ms to $tmp/NAME.cpu, timing lines to $tmp/timing
    local name=$1
    shift
    REFGC_TIMING=1 /usr/bin/time -f "%e %U %S" -o "$tmp/t" "$@" 2>>"$tmp/timing" >/dev/null
    awk '{printf "%d\n", $1 * 1000}' "$tmp/t" >>"$tmp/$name"
    awk '{printf "%d\n", ($2 + $3) * 1000}' "$tmp/t" >>"$tmp/$name.cpu"
}
for ((i = 0; i < n; i++)); do
    run refgc "$root/refgc" -c pass
    run stock "$root/refgc" --stock -c pass
done
median() { sort -n "$1" | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : int((v[NR/2]+v[NR/2+1])/2)}'; }
grep 'refgc install' "$tmp/timing" | awk '{print $(NF-1)}' >"$tmp/install"
echo "runs: $n each; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "./refgc -c pass          median $(median "$tmp/refgc") ms  (all: $(sort -n "$tmp/refgc" | tr '\n' ' '))"
echo "./refgc --stock -c pass  median $(median "$tmp/stock") ms  (all: $(sort -n "$tmp/stock" | tr '\n' ' '))"
echo "CPU (user+sys): refgc median $(median "$tmp/refgc.cpu") ms, stock median $(median "$tmp/stock.cpu") ms"
echo "refgc install phase      median $(median "$tmp/install") ms  (all: $(sort -n "$tmp/install" | tr '\n' ' '))"
