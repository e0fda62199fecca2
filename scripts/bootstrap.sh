#!/bin/sh
# Set up a fresh Debian / Raspberry Pi OS machine for aac: system packages, then a venv in .venv.
#   sh scripts/bootstrap.sh          runtime only
#   sh scripts/bootstrap.sh test     runtime + test tools
# Needs only python3 and (when not root) sudo. Safe to run again; it installs only what is missing.
set -eu
cd "$(dirname "$0")/.."

say() { printf 'bootstrap: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# System packages. python3-venv brings ensurepip (Debian splits it out of python3; without it
# `python3 -m venv` fails). No python3-pip: the venv has its own pip, and Debian's python3-pip
# recommends a whole compiler tool chain. libespeak-ng1 is the library pyttsx3 loads
# (libespeak-ng.so.1); espeak-ng is the command and its voice data. DejaVu is the label font.
# pygame's wheel bundles SDL but its mixer needs the system's GLib (libgthread-2.0.so.0), which a
# minimal install lacks; Debian 13 renamed that package (A|B: the first one apt knows).
APT_PKGS="python3-venv espeak-ng libespeak-ng1 fonts-dejavu-core libglib2.0-0t64|libglib2.0-0"
# 32-bit Raspberry Pi OS gets pygame and numpy from piwheels, built against the system's SDL2
# and OpenBLAS rather than bundling them (64-bit and x86 wheels bundle them).
case "$(dpkg --print-architecture 2>/dev/null || true)" in
  armhf|armel) APT_PKGS="$APT_PKGS libsdl2-2.0-0 libsdl2-image-2.0-0 libsdl2-mixer-2.0-0
    libsdl2-ttf-2.0-0 libportmidi0 libopenblas0-pthread|libopenblas0" ;;
esac
# Tests also decode an OGG clip that sox makes, drive `aac run` on a real X server, and read
# the printable book back (pdftotext, pdfinfo from poppler-utils).
if [ "${1:-}" = "test" ]; then APT_PKGS="$APT_PKGS sox xvfb xdotool poppler-utils"; fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
any_installed() {
  for p in $(echo "$1" | tr '|' ' '); do installed "$p" && return 0; done
  return 1
}
available() { apt-cache policy "$1" 2>/dev/null | grep -q 'Candidate: [^(]'; }
first_available() {
  for p in $(echo "$1" | tr '|' ' '); do available "$p" && { echo "$p"; return 0; }; done
  echo "$1" | cut -d'|' -f1  # let apt-get say what is wrong with it
}

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=""
  for group in $APT_PKGS; do any_installed "$group" || missing="$missing $group"; done
  if [ -n "$missing" ]; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
      command -v sudo >/dev/null 2>&1 || die "need root or sudo to install:$missing"
      SUDO="sudo"
    fi
    $SUDO apt-get update -q
    pkgs=""
    for group in $missing; do pkgs="$pkgs $(first_available "$group")"; done
    say "installing system packages:$pkgs"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $pkgs
  fi
else
  say "not a Debian-like system: install python3 venv support, espeak-ng and DejaVu fonts yourself"
fi

# A venv left half-made by an interrupted run (no pip in it) is made again.
if ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  rm -rf .venv
  python3 -m venv .venv || die "python3 -m venv failed: install python3-venv"
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
if [ "${1:-}" = "test" ]; then
  .venv/bin/python -m pip install -q -e '.[test]'
else
  .venv/bin/python -m pip install -q -e .
fi
# the carer's texts: compile aac/locale/*/aac.po to .mo (aac.i18n also does it on first use)
.venv/bin/python -m aac.i18n >/dev/null || say "could not compile the translations; they are compiled on first use"
