#!/bin/sh
# run.sh - runs the ocmsh benchmark; `make bench` calls it from
# the build folder, with top_srcdir, top_builddir and PYTHON3 set.
# BENCH_SIZES and BENCH_RUNS are passed on to run.py (see there).
set -e
: "${top_builddir:=.}"
: "${top_srcdir:=$(dirname "$0")/..}"
: "${PYTHON3:=/usr/bin/python3}"
b=$(cd "$top_builddir" && pwd)
OCMSH="$b/ocmsh"
FLOOR_TRIVIAL="$b/bench/floor-trivial"
FLOOR_YAML="$b/bench/floor-yaml"
TIMEIT="$b/bench/timeit"
BENCH_GEN="$top_srcdir/bench/gen-state.py"
BENCH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ocmsh-bench.XXXXXX")
export OCMSH FLOOR_TRIVIAL FLOOR_YAML TIMEIT BENCH_GEN BENCH_DIR
SIM_TOOL="$b/tests/unit/sim-tool"
SIM_GEN="$top_srcdir/bench/gen-sim.py"
SIM_NOVA="$top_srcdir/bench/sim-nova.py"
export SIM_TOOL SIM_GEN SIM_NOVA
trap 'rm -rf "$BENCH_DIR"' EXIT INT TERM
echo "ocmsh benchmark: $(uname -m), $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ)"
"$PYTHON3" "$top_srcdir/bench/run.py"
echo
echo "== completion inside one process (an object name among 100,000 devices, target < 20 ms)"
"$b/bench/complete-bench" -n 100000 -r 40 'device; use hyper0' \
    'device; use hyper09999' 'device use hyper05' 'device; use hyper000001; set '

echo
echo "== applying flavor changes to nova's API (target: at least 50x a loop of openstack flavor create)"
if "$PYTHON3" -c 'import nova' 2>/dev/null && command -v openstack >/dev/null; then
	"$PYTHON3" "$top_srcdir/bench/cloud.py"
else
	echo "skipped: python3-nova or python3-openstackclient is not installed"
fi
