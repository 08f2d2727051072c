#!/usr/bin/env bash
# Installs the Debian packages the tests, benchmarks and demo need (list: tools/debian-packages.txt).
# Safe to re-run; uses sudo when not root.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
mapfile -t packages < <(grep -v '^\s*#' tools/debian-packages.txt | grep -v '^\s*$')
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "Debian packages: all ${#packages[@]} present"
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
