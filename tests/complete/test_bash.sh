#!/bin/sh
# The bash completion of ocmsh's options (completions/ocmsh.bash): sourced
# in bash, its function is called as bash would call it.  The option list
# must be exactly the options `ocmsh --help` prints.
set -u
: "${top_srcdir:?}" "${OCMSH:?}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
w=$tmp/w
mkdir -p "$w/dir one" "$w/dir2" && : > "$w/state.yaml" &&
    : > "$w/script.ocmsh" || exit 1

"$OCMSH" --help | grep -oE '^ +(-[a-zA-Z], )?--[a-z-]+' |
    sed 's/,//' | tr -s ' ' '\n' | sed '/^$/d' | sort > "$tmp/help.txt"

cd "$w" || exit 1
exec bash --norc --noprofile -c '
. "$top_srcdir/completions/ocmsh.bash"
n=0 failed=0
# comp WORD...: runs _ocmsh with the last word being completed
comp() {
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_ocmsh ocmsh "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
	printf "%s\n" "${COMPREPLY[@]}" | sed "/^\$/d" | sort | tr "\n" " " |
	    sed "s/ \$//"
}
check() {
	n=$((n + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		echo "#   got:  [$2]"
		echo "#   want: [$3]"
		failed=1
	fi
}
check "the function is registered for ocmsh" \
    "$(complete -p ocmsh)" "complete -F _ocmsh ocmsh"
check "every option of ocmsh --help, and no other" \
    "$(comp ocmsh - | tr " " "\n" | sort | tr "\n" " " | sed "s/ \$//")" \
    "$(tr "\n" " " < ../help.txt | sed "s/ \$//")"
check "--st completes to --state" "$(comp ocmsh --st)" "--state"
check "--no completes to the --no options" "$(comp ocmsh --no)" \
    "--noconnect --noquitconfirmation --norc --noredirect"
check "-s offers files" "$(comp ocmsh -s s)" "script.ocmsh state.yaml"
check "--state offers files and folders" "$(comp ocmsh --state "")" \
    "dir one dir2 script.ocmsh state.yaml"
check "--state=FILE (bash splits at =)" "$(comp ocmsh --state = st)" \
    "state.yaml"
check "-f offers files" "$(comp ocmsh -x -f sc)" "script.ocmsh"
check "-R offers folders only" "$(comp ocmsh -R "")" "dir one dir2"
check "--root=DIR" "$(comp ocmsh --root = dir)" "dir one dir2"
check "-c takes free text" "$(comp ocmsh -c "")" ""
check "a plain word completes nothing" "$(comp ocmsh x)" ""
check "options after other options" "$(comp ocmsh -n -s state.yaml --ro)" \
    "--root"
check "-k (--key of cmsh) offers files" "$(comp ocmsh -k st)" "state.yaml"
check "--certificate offers files" "$(comp ocmsh --certificate sc)" \
    "script.ocmsh"
check "--spool offers folders only" "$(comp ocmsh --spool "")" "dir one dir2"
check "--color offers yes and no" "$(comp ocmsh --color "")" "no yes"
check "--color=VALUE" "$(comp ocmsh --color = y)" "yes"
check "--dis completes the two --disable options" "$(comp ocmsh --dis)" \
    "--disable-events --disablemultiline"
echo "1..$n"
exit $failed
'
