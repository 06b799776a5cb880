#!/usr/bin/env bash
# Usage: tools/deb.sh OUTDIR
# Builds the Debian package of ocmsh into OUTDIR.  Installs the build
# dependencies of debian/control when missing (apt-get, as root or through
# sudo), then runs dpkg-buildpackage on a clean copy of the tree in a
# temporary folder, so build folders and in-tree builds never leak into
# the package.  Prints the path of each .deb it leaves.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 1 ] || { echo "usage: tools/deb.sh OUTDIR" >&2; exit 2; }
out=$1
mkdir -p "$out"
out=$(cd "$out" && pwd)

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
if ! command -v dpkg-checkbuilddeps >/dev/null ||
    ! (cd "$top" && dpkg-checkbuilddeps) 2>/dev/null; then
	$SUDO apt-get update -qq
	$SUDO apt-get install -y -qq --no-install-recommends dpkg-dev >/dev/null
	$SUDO apt-get build-dep -y -qq "$top" >/dev/null
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src=$tmp/ocmsh
mkdir "$src"
# A git checkout: its tracked and untracked-but-not-ignored files, as they
# are in the work tree.  Otherwise (an unpacked tarball) everything but
# build folders, and an in-tree build in it is cleaned.
if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	(cd "$top" && git ls-files -z -co --exclude-standard |
	    while IFS= read -r -d '' f; do
		[ -e "$f" ] && printf '%s\0' "$f"
	    done | tar -c --null -T - -f -) | tar -x -C "$src"
else
	(cd "$top" && tar -c --exclude=./.git --exclude='./build*' \
	    --exclude=./autom4te.cache --exclude=./debian/ocmsh \
	    --exclude=./debian/.debhelper --exclude=./debian/tmp -f - .) |
	    tar -x -C "$src"
	if [ -f "$src/config.status" ]; then
		make -s -C "$src" distclean >/dev/null
	fi
fi

(cd "$src" && dpkg-buildpackage -us -uc -b -Jauto) >"$tmp/build.log" 2>&1 || {
	tail -40 "$tmp/build.log" >&2
	echo "deb.sh: dpkg-buildpackage failed" >&2
	exit 1
}
for f in "$tmp"/*.deb; do
	cp "$f" "$out/"
	echo "$out/$(basename "$f")"
done
