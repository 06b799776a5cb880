#!/usr/bin/env bash
# Installs what is needed, builds ocmsh, and runs the seed procedure
# (examples/seed.ocmsh) on the built-in example cluster in a scratch
# folder, showing every command with its prompt and the resulting files.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/tools/deps.sh"
"$top/tools/build.sh"
work=${OCMSH_DEMO_DIR:-$(mktemp -d /tmp/ocmsh-demo.XXXXXX)}
mkdir -p "$work"
ocmsh=$top/build/ocmsh
echo "== running examples/seed.ocmsh in $work"
"$ocmsh" -n -x --example -s "$work/cluster.yaml" -R "$work/root" \
    < "$top/examples/seed.ocmsh"
conf=$work/root/cm/images/default-image/etc/nova/nova.conf
echo
echo "== $conf"
cat "$conf"
echo
echo "== installed filter module"
find "$work/root" -path '*ocmsh_filters*' -type f
echo
echo "== state: $work/cluster.yaml (revision $(sed -n 's/^revision: //p' "$work/cluster.yaml"))"
echo "Explore it:  $ocmsh -s $work/cluster.yaml -R $work/root"
