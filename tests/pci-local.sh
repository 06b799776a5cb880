#!/bin/sh
# pci-local.sh - pci_scan of this machine's bus against `lspci -n -D`.
#
# Both lists are normalised to "ADDRESS CLASS VENDOR:DEVICE" (then with the
# revision) and must be equal.  On a machine without a visible PCI bus both
# must agree on that: no devices, or both failing.

tool=${top_builddir:-.}/tests/unit/pci-dump-tool
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pci-local.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

# ok COND-STATUS NAME: prints one TAP line.
ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=1
	fi
}

# same FILE1 FILE2 NAME: one TAP line, with the difference on failure.
same() {
	cmp -s "$1" "$2"
	st=$?
	ok $st "$3"
	[ $st -eq 0 ] || diff "$1" "$2" | sed 's/^/#   /'
}

lspci -n -D >"$tmp/lspci.raw" 2>"$tmp/lspci.err"
lspci_rc=$?
"$tool" >"$tmp/scan" 2>"$tmp/scan.err"
scan_rc=$?
"$tool" -r >"$tmp/scan-rev" 2>"$tmp/scan-rev.err"

# "0000:00:01.0 ffff: 1af4:1045 (rev 01)" -> "0000:00:01.0 ffff 1af4:1045"
sed -e 's/^\([^ ]*\) \([0-9a-f]*\): \([0-9a-f]*:[0-9a-f]*\).*/\1 \2 \3/' \
    "$tmp/lspci.raw" >"$tmp/lspci"
# ... and with " rev 01" (" rev 00" where lspci prints none)
sed -e 's/^\([^ ]*\) \([0-9a-f]*\): \([0-9a-f]*:[0-9a-f]*\)/\1 \2 \3/' \
    -e 's/ (rev \([0-9a-f][0-9a-f]\))$/ rev \1/' \
    -e '/ rev [0-9a-f][0-9a-f]$/!s/$/ rev 00/' \
    "$tmp/lspci.raw" >"$tmp/lspci-rev"

sysfs=0
if [ -d /sys/bus/pci/devices ]; then
	sysfs=$(ls /sys/bus/pci/devices | wc -l)
fi
echo "# /sys/bus/pci/devices: $sysfs entries; lspci exit $lspci_rc," \
    "pci_scan exit $scan_rc"

if [ "$sysfs" -eq 0 ]; then
	# No visible bus: both say there are no devices, or both fail.
	if [ $lspci_rc -eq 0 ]; then
		ok $scan_rc "pci_scan succeeds where lspci does"
		test ! -s "$tmp/lspci"
		ok $? "lspci lists no devices"
		test ! -s "$tmp/scan"
		ok $? "pci_scan lists no devices"
	else
		test $scan_rc -ne 0
		ok $? "pci_scan fails where lspci fails"
		test -s "$tmp/scan.err"
		ok $? "pci_scan says why: $(cat "$tmp/scan.err")"
		test ! -s "$tmp/scan"
		ok $? "pci_scan lists no devices"
	fi
else
	ok $lspci_rc "lspci -n -D succeeds"
	ok $scan_rc "pci_scan of the local bus succeeds"
	[ -s "$tmp/scan.err" ] && sed 's/^/#   /' "$tmp/scan.err"
	test "$(wc -l <"$tmp/scan")" -eq "$sysfs"
	ok $? "pci_scan lists as many devices as /sys/bus/pci/devices"
	same "$tmp/lspci" "$tmp/scan" \
	    "address, class and IDs are lspci -n -D's"
	same "$tmp/lspci-rev" "$tmp/scan-rev" "revisions are lspci's"
	ls /sys/bus/pci/devices | sort >"$tmp/sysfs"
	cut -d' ' -f1 "$tmp/scan" >"$tmp/addrs"
	same "$tmp/sysfs" "$tmp/addrs" \
	    "addresses are those in /sys/bus/pci/devices, in bus order"
fi

echo "1..$n"
exit $failed
