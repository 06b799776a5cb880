#!/usr/bin/env bash
# The Debian package (debian/, tools/deb.sh): builds it (or takes
# $OCMSH_DEB), lints it, installs it with dpkg into a throw-away root
# (its own dpkg database, holding only the libraries ocmsh depends on,
# copied from this machine's), checks what an admin gets, and purges it.
# Not part of make check: tools/test.sh runs it once.  TAP output; the
# lintian report is printed as "# lintian:" lines.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0

# check DESCRIPTION GOT WANT: one TAP line
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

# bail MESSAGE: the rest cannot run
bail() {
	echo "Bail out! $1"
	exit 1
}

version=$(sed -n 's/^AC_INIT(\[ocmsh\], \[\([^]]*\)\].*/\1/p' "$top/configure.ac")
[ -n "$version" ] || bail "no version in AC_INIT of configure.ac"
command -v lintian >/dev/null || bail "lintian is not installed (tools/deps.sh)"
command -v man >/dev/null || bail "man is not installed (tools/deps.sh)"

deb=${OCMSH_DEB:-}
if [ -z "$deb" ]; then
	if ! bash "$top/tools/deb.sh" "$tmp/out" >"$tmp/deb.log" 2>&1; then
		sed 's/^/# /' "$tmp/deb.log" | tail -40
		bail "tools/deb.sh failed"
	fi
	deb=$(ls "$tmp"/out/ocmsh_*.deb 2>/dev/null | head -1)
fi
[ -f "$deb" ] || bail "no package '$deb'"
echo "# package: $(basename "$deb")"

check "the package's version is configure.ac's" \
    "$(dpkg-deb -f "$deb" Version)" "$version"
check "debian/changelog's version is configure.ac's" \
    "$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)" "$version"

# lintian: no error and no warning (overrides, in
# debian/ocmsh.lintian-overrides, are shown as O: and then make lintian
# exit 2 too, so the verdict is read from the tags)
lintian -I --pedantic --show-overrides "$deb" >"$tmp/lintian.out" 2>&1
lrc=$?
grep -v '^running with root privileges' "$tmp/lintian.out" |
    sed 's/^/# lintian: /'
check "lintian runs (exit 0, or 2 for tags)" "$lrc" \
    "$([ $lrc -eq 2 ] && echo 2 || echo 0)"
check "lintian: no errors, no warnings" \
    "$(grep -E '^[EW]: ' "$tmp/lintian.out" | tr '\n' ' ')" ""

# the dependencies come from the libraries the binary links (shlibs)
depends=$(dpkg-deb -f "$deb" Depends)
libs=
for p in libc6 libcurl4 libjansson4 libpci3 libreadline8 libyaml-0-2; do
	case ", $depends" in *", $p "* | *", $p,"* | *", $p") libs="$libs $p" ;; esac
done
check "Depends names the six libraries" "$libs" \
    " libc6 libcurl4 libjansson4 libpci3 libreadline8 libyaml-0-2"
check "python3-nova is only suggested" \
    "$(dpkg-deb -f "$deb" Suggests)|$(echo "$depends" | grep -c nova)" \
    "python3-nova|0"
check "no conffiles (nothing in /etc)" \
    "$(dpkg-deb -c "$deb" | grep -c ' \./etc/')" 0

# A throw-away root whose dpkg database holds the packages ocmsh depends
# on as this machine has them, so dpkg checks the dependencies for real.
root=$tmp/root
admin=$root/var/lib/dpkg
mkdir -p "$admin/info" "$admin/updates" "$admin/triggers" || exit 1
for p in $libs; do
	dpkg-query -s "$p" >>"$admin/status" 2>/dev/null && echo >>"$admin/status"
	: >"$admin/info/$(dpkg-query -W -f='${binary:Package}' "$p").list"
done
dpkg-query -s $libs >/dev/null 2>&1 || echo "# warning: a dependency is not installed here"
listing() {
	(cd "$root" && find . -path ./var/lib/dpkg -prune -o -print | sort)
}
listing >"$tmp/before"

dpkg --root="$root" -i "$deb" >"$tmp/install.log" 2>&1
irc=$?
sed 's/^/# dpkg: /' "$tmp/install.log"
check "dpkg installs it (dependencies satisfied)" "$irc" 0
check "it is installed" \
    "$(dpkg --root="$root" -s ocmsh 2>/dev/null | sed -n 's/^Status: //p')" \
    "install ok installed"

check "ocmsh --version prints configure.ac's version" \
    "$("$root/usr/bin/ocmsh" --version 2>&1)" "ocmsh $version"
check "the installed ocmsh runs a command" \
    "$("$root/usr/bin/ocmsh" -n --example -s "$tmp/state.yaml" -R "$tmp/r" \
        -c 'device; list' 2>&1 | grep -c '^PhysicalNode *hyper01 ')" 1
check "man -w ocmsh finds the page" \
    "$(man -M "$root/usr/share/man" -w ocmsh 2>&1)" \
    "$root/usr/share/man/man1/ocmsh.1.gz"
check "man -w 5 ocmsh-state finds the page" \
    "$(man -M "$root/usr/share/man" -w 5 ocmsh-state 2>&1)" \
    "$root/usr/share/man/man5/ocmsh-state.5.gz"
comp=$root/usr/share/bash-completion/completions/ocmsh
check "the bash completion is in bash-completion's folder" \
    "$([ -f "$comp" ] && echo yes)" yes
check "the completion registers _ocmsh" \
    "$(bash --norc --noprofile -c ". '$comp' && complete -p ocmsh" 2>&1)" \
    "complete -F _ocmsh ocmsh"
check "/var/lib/ocmsh is a folder, root's, mode 0750" \
    "$(stat -c '%F %U:%G %a' "$root/var/lib/ocmsh" 2>&1)" \
    "directory root:root 750"
for f in __init__.py reserve_ram_filter.py; do
	check "the filter source $f is in /usr/share/ocmsh/ocmsh_filters" \
	    "$(cmp "$top/nova/ocmsh_filters/$f" \
	        "$root/usr/share/ocmsh/ocmsh_filters/$f" 2>&1 && echo same)" same
done

dpkg --root="$root" --purge ocmsh >"$tmp/purge.log" 2>&1
prc=$?
sed 's/^/# dpkg: /' "$tmp/purge.log"
check "dpkg purges it" "$prc" 0
check "purge leaves nothing (no /var/lib/ocmsh, nothing in /etc)" \
    "$(listing | diff "$tmp/before" - | sed -n 's/^> //p' | tr '\n' ' ')" ""
check "it is no longer known to dpkg" \
    "$(dpkg --root="$root" -s ocmsh 2>/dev/null | grep -c '^Status: install')" 0

# The admins' cluster state is theirs: purge leaves a state folder that
# holds anything, as dpkg does for every folder it does not own alone.
dpkg --root="$root" -i "$deb" >/dev/null 2>&1
echo 'devices: []' >"$root/var/lib/ocmsh/cluster.yaml"
dpkg --root="$root" --purge ocmsh >"$tmp/purge2.log" 2>&1
check "purge keeps a cluster state someone wrote" \
    "$(cat "$root/var/lib/ocmsh/cluster.yaml" 2>&1)" "devices: []"
check "and says so" \
    "$(grep -c "directory '/var/lib/ocmsh' not empty" "$tmp/purge2.log")" 1

echo "1..$n"
exit $failed
