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
ARCH="$(dpkg --print-architecture 2>/dev/null || true)"
case "$ARCH" in
  armhf|armel) APT_PKGS="$APT_PKGS libsdl2-2.0-0 libsdl2-image-2.0-0 libsdl2-mixer-2.0-0
    libsdl2-ttf-2.0-0 libportmidi0 libopenblas0-pthread|libopenblas0" ;;
esac
# GPIO switches: gpiozero drives a Pi 5's header only through lgpio. setup.cfg takes PyPI's
# wheel where there is one (64-bit, CPython 3.10-3.12); on an ARM Debian without one (32-bit
# armhf/armel, or Python 3.13+ as on trixie) Raspberry Pi OS's python3-lgpio is installed and
# linked into the venv below (plain Debian has no such package: then we only say so).
LGPIO_SYSTEM=""
case "$ARCH" in
  armhf|armel) LGPIO_SYSTEM=1 ;;
  arm64) python3 -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 12))' ||
    LGPIO_SYSTEM=1 ;;
esac
# Tests also decode an OGG clip that sox makes, drive `aac run` on a real X server, read
# the printable book back (pdftotext, pdfinfo from poppler-utils), and verify the kiosk unit
# (systemd-analyze, from systemd) and its autostart entry (desktop-file-validate).
if [ "${1:-}" = "test" ]; then
  APT_PKGS="$APT_PKGS sox xvfb xdotool poppler-utils systemd desktop-file-utils"
fi

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
    UPDATED=1
    pkgs=""
    for group in $missing; do pkgs="$pkgs $(first_available "$group")"; done
    say "installing system packages:$pkgs"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $pkgs
  fi
  if [ -n "$LGPIO_SYSTEM" ] && ! installed python3-lgpio; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    available python3-lgpio || [ -n "${UPDATED:-}" ] || $SUDO apt-get update -q
    if available python3-lgpio; then
      say "installing system packages: python3-lgpio"
      $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        python3-lgpio
    else
      say "no python3-lgpio in this system's apt sources (Raspberry Pi OS has it): GPIO" \
        "switches on a Pi 5 will not work; \`aac switch-test --input gpio:PIN\` says why"
    fi
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
# Make the system's lgpio (and only it) visible to the venv, before pip runs so that pip sees
# it installed: symlinks to the package's own top-level files (lgpio.py, _lgpio*.so, its
# .egg-info). Not --system-site-packages: that would let every apt-installed module (an older
# numpy, pygame or gpiozero) stand in for the versions pip installs and the tests ran with.
if [ -n "$LGPIO_SYSTEM" ] && installed python3-lgpio; then
  site="$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  for f in $(dpkg -L python3-lgpio | grep -E '^/usr/lib/python3/dist-packages/[^/]+$'); do
    ln -sfn "$f" "$site/${f##*/}"
  done
  .venv/bin/python -c 'import lgpio' 2>/dev/null ||
    say "python3-lgpio is installed but .venv cannot import it (made with another python3?)"
fi
if [ "${1:-}" = "test" ]; then
  .venv/bin/python -m pip install -q -e '.[test]'
else
  .venv/bin/python -m pip install -q -e .
fi
# the carer's texts: compile aac/locale/*/aac.po to .mo (aac.i18n also does it on first use)
.venv/bin/python -m aac.i18n >/dev/null || say "could not compile the translations; they are compiled on first use"
