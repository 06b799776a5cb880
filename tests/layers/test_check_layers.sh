#!/bin/sh
# The layer check (tools/check-layers.sh, `make check-layers`) passes on
# the tree, and fails, naming the file and line, on each kind of planted
# violation.  TAP.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
work=$(mktemp -d "${TMPDIR:-/tmp}/ocmsh-layers.XXXXXX")
trap 'rm -rf "$work"' EXIT
n=0 failed=0

ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}

# fresh copy of the sources
fresh() {
	rm -rf "$work/t"; mkdir -p "$work/t"
	for d in lib model nova state modules shell; do cp -r "$top/$d" "$work/t/$d"; done
}

fresh
out=$(sh "$top/tools/check-layers.sh" "$work/t" 2>&1); rc=$?
[ $rc -ne 0 ] && printf '%s\n' "$out" | sed 's/^/# /'
ok $rc "the tree passes"

# plant FILE LINE-TO-ADD EXPECTED-TEXT NAME
plant() {
	fresh
	printf '%s\n' "$2" >> "$work/t/$1"
	out=$(sh "$top/tools/check-layers.sh" "$work/t" 2>&1); rc=$?
	want=$(wc -l < "$work/t/$1" | tr -d ' ')
	if [ $rc -eq 1 ] && printf '%s\n' "$out" | grep -q "^$1:$want: .*$3"; then
		ok 0 "$4"
	else
		printf '%s\n' "rc=$rc" "$out" | sed 's/^/# /'
		ok 1 "$4"
	fi
}

plant shell/repl.c '#include "modules/pci.h"' 'may not include' \
    "shell/ including a modules/ header fails"
plant shell/cmd.c '#include "nova/novaopts.h"' 'may not include' \
    "shell/ including a nova/ header fails"
plant lib/sbuf.c '#include "model/schema.h"' 'may not include' \
    "lib/ including an ocmsh header fails"
plant model/schema.c '#include "state/store.h"' 'may not include' \
    "model/ including a state/ header fails"
plant nova/ini.c '#include "state/store.h"' 'may not include' \
    "nova/ including a state/ header fails"
plant state/store.c '#include "modules/modules.h"' 'may not include' \
    "state/ including a modules/ header fails"
plant modules/flavors.c '#include "shell/complete.h"' 'may not include' \
    "modules/ including more than the command API fails"
plant lib/diag.c '#include "sbuf.h"' 'does not name its folder' \
    "an include without its folder fails"
plant shell/repl.c 'static const char *x = "flavor";' 'domain word' \
    "a domain word in shell/ code fails"

fresh
before=$(sh "$top/tools/check-layers.sh" "$work/t" 2>&1)
printf '%s\n' '/* a flavor in a comment is fine */' '// so is nova here' \
    >> "$work/t/shell/repl.c"
after=$(sh "$top/tools/check-layers.sh" "$work/t" 2>&1)
[ "$before" = "$after" ]
ok $? "a domain word in a comment is no violation"

echo "1..$n"
[ $failed -eq 0 ]
