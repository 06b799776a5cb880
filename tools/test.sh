#!/usr/bin/env bash
# Installs what is needed, builds ocmsh twice (plain, and with
# AddressSanitizer + UndefinedBehaviorSanitizer, leak checking on), runs
# the whole test suite on both, a short libFuzzer run of every target,
# the Debian package test (build, lintian, install, purge) and make
# distcheck.  Ends with one line "N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
"$top/tools/deps.sh" || { echo "0 passed, 1 failed"; exit 1; }
passed=0 failed=0 skipped=0

# Adds the counts of an automake test-suite.log.
count_log() {
	local log=$1 p f e x s
	p=$(sed -n 's/^# PASS: *//p' "$log"); f=$(sed -n 's/^# FAIL: *//p' "$log")
	e=$(sed -n 's/^# ERROR: *//p' "$log"); x=$(sed -n 's/^# XPASS: *//p' "$log")
	s=$(sed -n 's/^# SKIP: *//p' "$log")
	passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0} + ${x:-0}))
	skipped=$((skipped + ${s:-0}))
}

# Runs one whole-build step that counts as one test.
step() {
	local name=$1; shift
	echo "== $name"
	if "$@"; then passed=$((passed + 1)); else echo "FAIL: $name"; failed=$((failed + 1)); fi
}

autoreconf -fi >/dev/null 2>&1 || { echo "autoreconf failed"; echo "0 passed, 1 failed"; exit 1; }
for variant in plain sanitizers; do
	dir=$top/build-test-$variant
	rm -rf "$dir"; mkdir -p "$dir"; cd "$dir"
	opts=""
	[ $variant = sanitizers ] && opts="--enable-sanitizers"
	echo "== configure and build ($variant)"
	if ! { "$top/configure" -q $opts && make -j"$(nproc)" >/dev/null; }; then
		echo "FAIL: build ($variant)"; failed=$((failed + 1)); cd "$top"; continue
	fi
	echo "== make check ($variant)"
	make -j"$(nproc)" check >check.out 2>&1 || true
	grep -E '^(FAIL|ERROR|XPASS)' check.out | head -50
	if [ -f test-suite.log ]; then count_log test-suite.log; grep -A30 '^FAIL\|^ERROR' test-suite.log | head -80; else failed=$((failed + 1)); fi
	cd "$top"
done

echo "== fuzz (libFuzzer, ASan+UBSan, 15 s per target)"
out=$(sh "$top/tests/fuzz/run.sh" 15 2>&1); frc=$?
echo "$out" | grep -E '^(ok|not ok|#|Bail)' | tail -20
fok=$(echo "$out" | grep -c '^ok ')
fnot=$(echo "$out" | grep -c '^not ok ')
passed=$((passed + fok)); failed=$((failed + fnot))
if [ $frc -ne 0 ] && [ "$fnot" -eq 0 ] || [ "$fok" -eq 0 ]; then
	echo "FAIL: fuzz run (exit $frc)"; failed=$((failed + 1))
fi

echo "== Debian package (tools/deb.sh, lintian, install and purge)"
out=$(bash "$top/tests/deb/test_deb.sh" 2>&1); drc=$?
echo "$out" | grep -E '^(ok|not ok|#|Bail)'
dok=$(echo "$out" | grep -c '^ok ')
dnot=$(echo "$out" | grep -c '^not ok ')
passed=$((passed + dok)); failed=$((failed + dnot))
if [ $drc -ne 0 ] && [ "$dnot" -eq 0 ] || [ "$dok" -eq 0 ]; then
	echo "FAIL: Debian package test (exit $drc)"; failed=$((failed + 1))
fi

quiet() { "$@" >distcheck.out 2>&1 || { tail -30 distcheck.out; return 1; }; }
cd "$top/build-test-plain" && step "make distcheck" quiet make -j"$(nproc)" distcheck
# The layer rule is a gate; the longest files and functions a report.
cd "$top/build-test-plain" && step "make check-layers" make -s check-layers
echo "== report: files over 800 lines, functions over 80 (not a gate)"
sh "$top/tools/funclen.sh" "$top" 10
cd "$top"
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
