#!/bin/sh
# funclen.sh [TOP] [N] - a report, not a gate: the source files over 800
# lines and the functions over 80 lines of the C sources (kernel style: a
# function's name starts a line at column 0, its body runs from a "{" to
# a "}" alone at column 0), longest first, and the N longest functions
# (default 15).  Tables (a "{" that opens an initializer) are not
# functions and are left out.
set -u
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
most=${2:-15}
cd "$top" || exit 2
files=$(ls lib/*.[ch] model/*.[ch] nova/*.[ch] state/*.[ch] modules/*.[ch] \
    shell/*.[ch] 2>/dev/null)
echo "# files over 800 lines"
wc -l $files | awk '$2 != "total" && $1 > 800 { printf "%6d %s\n", $1, $2 }' |
    sort -rn
awk '
FNR == 1 { name = ""; start = 0 }
/^[A-Za-z_][A-Za-z0-9_]*[ \t]*\(/ && prev !~ /=[ \t]*$/ {
	name = $0; sub(/\(.*/, "", name); cand = FNR
}
/^\{/ { if (name != "" && FNR - cand <= 3) { start = FNR; fn = name } }
/^\}/ { if (start) { printf "%d %s:%d %s\n", FNR - start + 1, FILENAME, start, fn; start = 0; name = "" } }
{ prev = $0 }
' $files | sort -rn > "${TMPDIR:-/tmp}/funclen.$$"
echo "# functions over 80 lines"
awk '$1 > 80 { printf "%6d %s %s\n", $1, $2, $3 }' "${TMPDIR:-/tmp}/funclen.$$"
echo "# the $most longest functions"
head -n "$most" "${TMPDIR:-/tmp}/funclen.$$" | awk '{ printf "%6d %s %s\n", $1, $2, $3 }'
rm -f "${TMPDIR:-/tmp}/funclen.$$"
