#!/usr/bin/env bash
# Installs ocmsh's build and test dependencies from Debian 12 packages.
set -euo pipefail
pkgs=(
	build-essential autoconf automake libtool pkg-config   # the toolchain
	libreadline-dev libyaml-dev libjansson-dev libpci-dev  # the libraries
	libcurl4-openssl-dev                                   # nova's API (HTTPS)
	pciutils pci.ids                                       # lspci and the ID database
	python3 python3-nova python3-yaml                      # nova interop tests
	python3-openstackclient openssl                        # cloud tests
	tmux                                                   # real terminal tests
	clang libclang-rt-14-dev                               # libFuzzer targets
	bash-completion                                        # completion test
	dpkg-dev debhelper lintian man-db                      # the Debian package
)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
