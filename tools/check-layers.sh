#!/bin/sh
# check-layers.sh [TOP] - fails when a source file includes a header of a
# layer above its own, or when shell/ code names a word of the domain.
#
# The layers, each allowed to include only itself and those before it:
#   lib -> model -> nova -> state -> modules -> shell
# with two exceptions: shell/ never includes nova/ or modules/ headers (it
# gets every domain word from the tables in modules/), and modules/ may
# include the command API of shell/ (cmd.h, session.h, out.h, mode.h,
# repl.h), as tmux's cmd-*.c files include cmd.h.
#
# Prints one line per violation, FILE:LINE: what, and exits 1 if any.
set -u
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top" || exit 2
bad=0

# allowed FOLDER: the folders FOLDER may include from
allowed() {
	case $1 in
	lib) echo "lib" ;;
	model) echo "lib model" ;;
	nova) echo "lib model nova" ;;
	state) echo "lib model nova state" ;;
	modules) echo "lib model nova state modules shell-api" ;;
	shell) echo "lib model state shell" ;;
	esac
}

for dir in lib model nova state modules shell; do
	ok=$(allowed $dir)
	for f in "$dir"/*.c "$dir"/*.h; do
		[ -f "$f" ] || continue
		# every project include: "folder/name.h"
		grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
		while IFS= read -r line; do
			n=${line%%:*}
			inc=$(printf '%s\n' "$line" | sed 's/.*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/')
			case $inc in
			config.h) continue ;;
			*/*) ;;
			*) echo "$f:$n: include \"$inc\" does not name its folder"; echo x >&3; continue ;;
			esac
			folder=${inc%%/*}
			hit=0
			for a in $ok; do
				if [ "$a" = "$folder" ]; then hit=1; fi
				if [ "$a" = shell-api ] && [ "$folder" = shell ]; then
					case ${inc#shell/} in
					cmd.h|session.h|out.h|mode.h|repl.h) hit=1 ;;
					esac
				fi
			done
			if [ $hit -eq 0 ]; then
				echo "$f:$n: $dir/ may not include \"$inc\""
				echo x >&3
			fi
		done
	done
done 3>"${TMPDIR:-/tmp}/check-layers.$$"
[ -s "${TMPDIR:-/tmp}/check-layers.$$" ] && bad=1
rm -f "${TMPDIR:-/tmp}/check-layers.$$"

# The engine knows no word of the domain: shell/*.c and shell/*.h,
# comments left out.  main.c is left out too: its --help text says what
# the program is for.
words='device|flavou?r|aggregate|pcialias|pci_|\bpci\b|nova|openstack|hypervisor|softwareimage|extraspec|whitelist|hostname|kernelparam'
for f in shell/*.c shell/*.h; do
	[ -f "$f" ] || continue
	[ "$f" = shell/main.c ] && continue
	# drop /* */ and // comments, keep line numbers
	out=$(awk '
	{
		line = $0; res = "";
		while (length(line) > 0) {
			if (inc) {
				i = index(line, "*/");
				if (i == 0) { line = ""; break }
				line = substr(line, i + 2); inc = 0; continue
			}
			i = index(line, "/*"); j = index(line, "//");
			if (j > 0 && (i == 0 || j < i)) { res = res substr(line, 1, j - 1); line = ""; break }
			if (i == 0) { res = res line; line = ""; break }
			res = res substr(line, 1, i - 1); line = substr(line, i + 2); inc = 1
		}
		print FNR ": " res
	}' "$f" | grep -Ei "$words")
	if [ -n "$out" ]; then
		printf '%s\n' "$out" | sed "s|^|$f:|; s|: |: domain word in the engine: |"
		bad=1
	fi
done
exit $bad
