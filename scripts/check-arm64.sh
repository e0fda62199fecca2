#!/bin/sh
# The README's two commands on a fresh 64-bit ARM Debian (what Raspberry Pi OS 64-bit is
# underneath), emulated with qemu-user through binfmt_misc, from a clean clone of this commit.
#   sudo sh scripts/check-arm64.sh                   Cortex-A72 (Pi 4), the host's Debian release
#   sudo sh scripts/check-arm64.sh --cpu cortex-a76  Pi 5
#   options: --suite NAME (e.g. trixie)  --work DIR (default /var/tmp/aac-check-arm64)  --keep
# Needs root on a Debian-like host with network to its apt mirror and PyPI. Not part of CI:
# run it before resolving an issue that touches installing. On a shared machine run it as
# `nice -n 19 ionice -c3 sh scripts/check-arm64.sh`: everything in the root inherits that.
# Prints each step's time (also when it fails) and PASS/FAIL. On a 2-core x86 machine at
# load 1-2 (the last PASS): the root 4.6 min, command 1 3.2 min, the GPIO checks seconds,
# command 2 11 min (the whole suite emulated on two workers, 3-5 times slower than natively:
# 8 min), 19 min in all; busier (load 4-9), the root takes 8-12 min and command 2 about 19.
set -eu

CPU=cortex-a72
SUITE=""
WORK=/var/tmp/aac-check-arm64
KEEP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --cpu) CPU="$2"; shift 2 ;;
    --suite) SUITE="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    *) echo "usage: $0 [--cpu cortex-a72|cortex-a76] [--suite NAME] [--work DIR] [--keep]" >&2
       exit 2 ;;
  esac
done

say() { printf 'check-arm64: %s\n' "$*" >&2; }
die() {
  say "FAIL: $*"
  [ -z "${TIMES:-}" ] || printf 'check-arm64: times of the steps that ended:%s\n' "$TIMES" >&2
  exit 1
}
[ "$(id -u)" -eq 0 ] || die "run as root (it installs packages, mounts and chroots)"
REPO="$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)"
COMMIT="$(git -C "$REPO" rev-parse HEAD)"
[ -z "$(git -C "$REPO" status --porcelain)" ] ||
  say "note: uncommitted changes in $REPO are not checked (the clone is of $COMMIT)"
ROOT="$WORK/root"
USERNAME=pi
T0=$(date +%s)
LAST=$T0
TIMES=""
lap() {  # record how long the step that just ended took
  now=$(date +%s)
  TIMES="$TIMES
  $(printf '%-44s %4d s' "$1" $((now - LAST)))"
  LAST=$now
}

# -- the host: qemu-user, binfmt_misc, debootstrap ---------------------------------------------
need=""
for p in qemu-user-static binfmt-support debootstrap git; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
    need="$need $p"
done
if [ -n "$need" ]; then
  say "installing on the host:$need"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $need
fi
if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
  say "mounting binfmt_misc"
  mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
fi
if [ -e /proc/sys/fs/binfmt_misc/aac-check-aarch64 ]; then  # left by a run that was killed
  echo -1 >/proc/sys/fs/binfmt_misc/aac-check-aarch64
  echo 1 >/proc/sys/fs/binfmt_misc/qemu-aarch64
fi
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || update-binfmts --enable qemu-aarch64 ||
  update-binfmts --import qemu-aarch64
grep -q '^enabled' /proc/sys/fs/binfmt_misc/qemu-aarch64 ||
  die "qemu-aarch64 is not registered in binfmt_misc"
MOUNTS=""
cleanup() {
  restore_binfmt
  for p in /proc/[0-9]*; do  # what still runs inside the root (an interrupted pytest)
    [ "$(readlink "$p/root" 2>/dev/null)" = "$ROOT" ] && kill -9 "${p#/proc/}" 2>/dev/null
  done
  for m in $MOUNTS; do umount -R "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
  if grep -q " $ROOT/" /proc/mounts; then
    say "mounts under $ROOT are still there: not deleting it"
  elif [ -z "$KEEP" ]; then
    rm -rf "$ROOT"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# sudo in the root needs setuid to work for emulated programs: binfmt_misc's C flag
# ("credentials"), which Debian's qemu-aarch64 entry lacks ("sudo: effective uid is not 0").
# For this run only, that entry is disabled and a copy with flags POCF takes its place; both
# are put back at exit.
BINFMT=/proc/sys/fs/binfmt_misc
OURS=aac-check-aarch64
DISABLED=""
hexesc() { echo "$1" | sed 's/../\\x&/g'; }
field() { sed -n "s/^$1 //p" "$BINFMT/qemu-aarch64"; }
restore_binfmt() {
  [ ! -e "$BINFMT/$OURS" ] || echo -1 >"$BINFMT/$OURS"
  [ -z "$DISABLED" ] || echo 1 >"$BINFMT/qemu-aarch64"
}
printf ':%s:M:%s:%s:%s:%s:POCF\n' "$OURS" "$(field offset)" "$(hexesc "$(field magic)")" \
  "$(hexesc "$(field mask)")" "$(field interpreter)" >"$BINFMT/register"
echo 0 >"$BINFMT/qemu-aarch64"
DISABLED=1
grep -q '^flags: POCF' "$BINFMT/$OURS" || die "could not register $OURS with flags POCF"
qemu-aarch64-static -cpu help | grep -qw "$CPU" ||
  die "this qemu ($(qemu-aarch64-static --version | head -1)) has no CPU model $CPU"

# The mirror and release from the host's own apt sources: one-line (sources.list) or deb822
# (sources.list.d/*.sources). The first Debian archive URI wins (not -security/-updates).
mirror_and_suite() {
  {
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [ -f "$f" ] || continue
      sed -n 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\([^[:space:]]\{1,\}\)[[:space:]]\{1,\}\([^[:space:]]\{1,\}\).*/\2 \3/p' "$f"
    done
    for f in /etc/apt/sources.list.d/*.sources; do
      [ -f "$f" ] || continue
      awk 'BEGIN { RS = ""; FS = "\n" }
           { uri = ""; suite = ""; deb = 0; on = 1
             for (i = 1; i <= NF; i++) {
               if ($i ~ /^Types:.*(^|[ \t])deb([ \t]|$)/) deb = 1
               if ($i ~ /^Enabled:[ \t]*no/) on = 0
               if ($i ~ /^URIs:/) { split($i, a, /[ \t]+/); uri = a[2] }
               if ($i ~ /^Suites:/) { split($i, a, /[ \t]+/); suite = a[2] } }
             if (deb && on && uri != "" && suite != "") print uri, suite }' "$f"
    done
  } | grep -v -e '-security' -e '-updates' -e '-backports' -e raspberrypi | grep -i debian |
    head -1
}
set -- $(mirror_and_suite)
[ $# -eq 2 ] || die "no Debian mirror found in /etc/apt/sources.list{,.d}"
MIRROR="$1"
[ -n "$SUITE" ] || SUITE="$2"
say "arm64 Debian $SUITE from $MIRROR, QEMU_CPU=$CPU, commit $COMMIT"
lap "host: qemu-user-static, binfmt_misc"

# -- the arm64 root ----------------------------------------------------------------------------
if grep -q " $ROOT/" /proc/mounts; then die "$ROOT still has mounts from an earlier run"; fi
rm -rf "$ROOT"
mkdir -p "$ROOT"
say "debootstrap (minbase + python3, git, sudo) into $ROOT"
debootstrap --arch=arm64 --variant=minbase --include=ca-certificates,python3,git,sudo \
  "$SUITE" "$ROOT" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 ||
  { tail -20 "$WORK/debootstrap.log" >&2; die "debootstrap failed (log: $WORK/debootstrap.log)"; }
lap "debootstrap arm64 $SUITE"

mount -t proc proc "$ROOT/proc"; MOUNTS="$ROOT/proc $MOUNTS"
for d in sys dev; do
  mount --rbind "/$d" "$ROOT/$d"; mount --make-rslave "$ROOT/$d"; MOUNTS="$ROOT/$d $MOUNTS"
done
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
# A machine whose pip trusts an extra CA (PIP_CERT or cert= in pip.conf, e.g. behind a
# TLS-inspecting proxy) needs the same in the root, or pip there cannot reach PyPI.
HOST_CERT="${PIP_CERT:-$(sed -n 's/^cert[[:space:]]*=[[:space:]]*//p' /etc/pip.conf \
  /etc/xdg/pip/pip.conf 2>/dev/null | head -1)}"
if [ -n "$HOST_CERT" ] && [ -f "$HOST_CERT" ]; then
  cp -L "$HOST_CERT" "$ROOT/etc/ssl/certs/host-pip-ca.crt"
  printf '[global]\ncert = /etc/ssl/certs/host-pip-ca.crt\n' >"$ROOT/etc/pip.conf"
  say "pip in the root trusts the host's CA bundle ($HOST_CERT)"
fi
in_root() { QEMU_CPU="$CPU" chroot "$ROOT" "$@"; }
[ "$(in_root uname -m)" = aarch64 ] || die "the root does not run as aarch64"
in_root useradd -m -s /bin/bash "$USERNAME"
printf '%s ALL=(ALL) NOPASSWD:ALL\nDefaults env_keep += "QEMU_CPU"\n' "$USERNAME" \
  >"$ROOT/etc/sudoers.d/$USERNAME"
chmod 0440 "$ROOT/etc/sudoers.d/$USERNAME"
git clone -q --no-checkout "$REPO" "$ROOT/home/$USERNAME/aac"
git -C "$ROOT/home/$USERNAME/aac" checkout -q --detach "$COMMIT"
in_root chown -R "$USERNAME:$USERNAME" "/home/$USERNAME/aac"
lap "user $USERNAME (sudo), clean clone"

# As the user, in a login-like environment: no display, no sound card, no terminal on stdin.
as_user() {
  QEMU_CPU="$CPU" chroot --userspec="$USERNAME:$USERNAME" --groups="$USERNAME" "$ROOT" \
    /usr/bin/env -i HOME="/home/$USERNAME" USER="$USERNAME" LOGNAME="$USERNAME" \
    PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 QEMU_CPU="$CPU" \
    sh -c "cd ~/aac && $1" </dev/null
}
as_user 'LD_SHOW_AUXV=1 /bin/true | grep -m1 "^AT_HWCAP:"; python3 --version' >&2 || true

say "README command 1: sh scripts/bootstrap.sh && .venv/bin/aac run"
as_user 'sh scripts/bootstrap.sh && .venv/bin/aac run' >"$WORK/command1.log" 2>&1 ||
  { tail -30 "$WORK/command1.log" >&2; die "command 1 failed (log: $WORK/command1.log)"; }
grep -q 'Core words' "$WORK/command1.log" || die "aac run showed no board (log: $WORK/command1.log)"
lap "command 1 (bootstrap + aac run)"

# -- GPIO: lgpio in the venv command 1 made, and gpiozero choosing it ----------------------------
# No /dev/gpiochip* can exist here: that needs a real Pi, or a kernel with GPIO support and
# gpio-sim or gpio-mockup (a CUSE device cannot stand in: lgpio needs the kernel's GPIO ioctls).
# So the checks stop where hardware is needed. First as the emulated arm64 machine is (no Pi);
# then with /proc/cpuinfo describing a Raspberry Pi 5 (a file bind-mounted over it for this
# step only: the tests must see a machine that is no Pi), where lgpio must be the library
# gpiozero and aac try first and fail only at opening the chip.
say "GPIO: import lgpio, gpiozero's choice of pin factory, aac switch-test --input gpio:17"
{ ls /dev/gpiochip* 2>/dev/null || echo "host: no /dev/gpiochip*"
  [ ! -r /proc/config.gz ] ||
    zgrep -E '^(# )?CONFIG_(GPIOLIB|GPIO_SIM|GPIO_MOCKUP|CUSE)[ =]' /proc/config.gz |
    sed 's/^/host kernel: /'
} >"$WORK/gpio.log" 2>&1
GPIO_CHECK='set -e
.venv/bin/python - <<EOF
import platform, warnings
import lgpio
print("import lgpio:", lgpio.__file__, platform.machine())
from importlib.metadata import entry_points
ep = [e for e in entry_points(group="gpiozero_pin_factories") if e.name == "lgpio"][0]
from gpiozero.pins.lgpio import LGPIOFactory
assert ep.load() is LGPIOFactory
print("GPIOZERO_PIN_FACTORY=lgpio selects", ep.value)
from gpiozero import Device
with warnings.catch_warnings(record=True) as tried:
    warnings.simplefilter("always")
    try:
        print("gpiozero default pin factory:", type(Device.ensure_pin_factory()).__name__)
    except Exception as exc:
        print("gpiozero default pin factory:", type(exc).__name__, exc)
for w in tried:
    print("  ", w.category.__name__, w.message)
first = str(tried[0].message) if tried else ""
assert first.startswith("Falling back from lgpio:"), first  # lgpio is tried first
EOF
.venv/bin/aac switch-test --input gpio:17 --exit-after 1 2>&1 || echo "(exit status $?)"'
printf '\n-- this emulated arm64 machine, which is no Raspberry Pi:\n' >>"$WORK/gpio.log"
as_user "$GPIO_CHECK" >>"$WORK/gpio.log" 2>&1 || { cat "$WORK/gpio.log" >&2; die "GPIO check failed"; }
printf 'Revision\t: d04170\nModel\t\t: Raspberry Pi 5 Model B Rev 1.0\n' >"$WORK/cpuinfo-pi5"
mount --bind "$WORK/cpuinfo-pi5" "$ROOT/proc/cpuinfo"; MOUNTS="$ROOT/proc/cpuinfo $MOUNTS"
printf '\n-- with /proc/cpuinfo describing a Raspberry Pi 5 (Revision d04170):\n' >>"$WORK/gpio.log"
as_user "$GPIO_CHECK" >>"$WORK/gpio.log" 2>&1 || { cat "$WORK/gpio.log" >&2; die "GPIO check failed"; }
umount "$ROOT/proc/cpuinfo"; MOUNTS="${MOUNTS#"$ROOT/proc/cpuinfo "}"
grep -q "Falling back from lgpio: 'can not open gpiochip'" "$WORK/gpio.log" &&
  grep -q "gpio:17: .*Raspberry Pi 5.*lgpio: .can not open gpiochip" "$WORK/gpio.log" ||
  { cat "$WORK/gpio.log" >&2; die "on a Pi 5 lgpio should be tried first and stop at the chip"; }
cat "$WORK/gpio.log" >&2
lap "GPIO checks"

say "README command 2: sh scripts/bootstrap.sh test && .venv/bin/python -m pytest"
# The command as the README has it; PYTEST_ADDOPTS only adds reports: the 40 slowest tests
# (in the log) and every test's time (junit XML), to say why a slow run is slow.
as_user 'export PYTEST_ADDOPTS="--durations=40 --junitxml=$HOME/command2-junit.xml"
  sh scripts/bootstrap.sh test && .venv/bin/python -m pytest' \
  >"$WORK/command2.log" 2>&1 || {
  cp "$ROOT/home/$USERNAME/command2-junit.xml" "$WORK/" 2>/dev/null || true
  tail -80 "$WORK/command2.log" >&2; die "command 2 failed (log: $WORK/command2.log)"; }
cp "$ROOT/home/$USERNAME/command2-junit.xml" "$WORK/" 2>/dev/null || true
RESULT="$(grep -E '[0-9]+ passed' "$WORK/command2.log" | tail -1)"
lap "command 2 (bootstrap test + pytest)"


echo "check-arm64: PASS  arm64 Debian $SUITE, QEMU_CPU=$CPU, commit $COMMIT"
echo "  pytest: $RESULT"
echo "  times:$TIMES"
echo "  total                                        $(( $(date +%s) - T0 )) s"
