#!/bin/sh
# Set up a fresh Debian / Raspberry Pi OS machine for aac: system packages, then a venv in .venv.
#   sh scripts/bootstrap.sh          runtime only
#   sh scripts/bootstrap.sh test     runtime + test tools
# Safe to run again; it only installs what is missing.
set -eu
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
APT_PKGS="python3-venv python3-pip espeak-ng libespeak-ng1 fonts-dejavu-core"
missing=""
for p in $APT_PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $missing
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "${1:-}" = "test" ]; then
  .venv/bin/python -m pip install -q -e '.[test]'
else
  .venv/bin/python -m pip install -q -e .
fi
