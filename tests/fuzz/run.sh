#!/bin/sh
# tests/fuzz/run.sh [SECONDS] - builds the libFuzzer targets of tests/fuzz
# against the sources (clang, -fsanitize=fuzzer,address,undefined, in a
# scratch folder) and runs each for SECONDS (default 15) on a copy of its
# seed corpus, tests/fuzz/corpus/TARGET.  Prints TAP: one point per
# target (no crash, no leak, no undefined behaviour, no timeout), with the
# number of executions in a comment.  A failing input is kept, and named,
# under the scratch folder ($FUZZ_WORK, else a new folder in /tmp, kept
# when something fails).  Not part of 'make check'.
#
# Environment: CC (default clang; clang-14 is used if clang is missing),
# FUZZ_WORK, FUZZ_TARGETS (a subset, e.g. "tok ini"), FUZZ_SEED (default
# 1, so that CI explores the same inputs every run; set another to
# explore further).
set -u
secs=${1:-15}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
targets=${FUZZ_TARGETS:-"tok nodeset state ini script yfast rootpath value etcdscan"}
work=${FUZZ_WORK:-$(mktemp -d /tmp/ocmsh-fuzz.XXXXXX)}
cc=${CC:-clang}
command -v "$cc" >/dev/null 2>&1 || cc=clang-14
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
cflags="-g -O1 -fno-omit-frame-pointer $san"

fail() {
	echo "1..0 # $*"
	echo "Bail out! $*"
	exit 1
}

mkdir -p "$work/build" || fail "cannot create $work"
# the library, instrumented for the fuzzer
if [ ! -f "$top/configure" ]; then
	(cd "$top" && autoreconf -fi) >"$work/autoreconf.log" 2>&1 ||
	    fail "autoreconf failed, see $work/autoreconf.log"
fi
(
	cd "$work/build" &&
	"$top/configure" -q CC="$cc" \
	    CFLAGS="$cflags -fsanitize=fuzzer-no-link" &&
	make -j2 nova/filtersrc.c state/example.c &&
	make -j2 libocmsh.a
) >"$work/build.log" 2>&1 || fail "building libocmsh.a failed, see $work/build.log"
libs=$(pkg-config --libs yaml-0.1 jansson libpci libcurl) ||
    fail "pkg-config cannot find libyaml, jansson, libpci or libcurl"
incs="-I$top -I$work/build"

n=0
nfail=0
for t in $targets; do
	n=$((n + 1))
	bin="$work/fuzz_$t"
	if ! $cc $cflags -fsanitize=fuzzer -D_GNU_SOURCE $incs \
	    -include "$work/build/config.h" "$here/fuzz_$t.c" \
	    "$work/build/libocmsh.a" $libs -o "$bin" \
	    >"$work/$t.build.log" 2>&1; then
		echo "not ok $n - $t: does not build"
		sed 's/^/# /' "$work/$t.build.log" | head -20
		nfail=$((nfail + 1))
		continue
	fi
	rm -rf "$work/corpus-$t"
	mkdir -p "$work/corpus-$t"
	cp "$here/corpus/$t/"* "$work/corpus-$t/"
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	"$bin" -seed="${FUZZ_SEED:-1}" -max_total_time="$secs" -timeout=20 \
	    -rss_limit_mb=2560 \
	    -max_len=4096 -print_final_stats=1 \
	    -artifact_prefix="$work/crash-$t-" "$work/corpus-$t" \
	    >"$work/$t.log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' \
	    "$work/$t.log" | tail -1)
	if [ $rc -eq 0 ]; then
		echo "ok $n - $t: no crash in ${secs} s # ${execs:-?} executions"
	else
		echo "not ok $n - $t: failed after ${execs:-?} executions" \
		    "(exit $rc; log $work/$t.log)"
		grep -E "ERROR|SUMMARY|runtime error|Test unit written" \
		    "$work/$t.log" | head -8 | sed 's/^/# /'
		nfail=$((nfail + 1))
	fi
	echo "# $t: ${execs:-?} executions"
done
echo "1..$n"
if [ $nfail -eq 0 ] && [ -z "${FUZZ_WORK:-}" ]; then
	rm -rf "$work"
fi
[ $nfail -eq 0 ]
