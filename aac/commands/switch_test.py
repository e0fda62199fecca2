"""``aac switch-test``: watch switch presses as the scan engine will see them.

For therapists tuning acceptance/debounce times and technicians checking a box or a cable:
every press with how long it was held, the time since the previous one, the contact bounces
the filter merged, the raw bytes a serial box sent, and "switch disconnected" when a cable
is pulled. ``--json`` prints one JSON object per press, then ``{"summary": {...}}`` at exit
(status lines such as "switch connected/disconnected" go to stderr). Times (``down``,
``up``) are seconds since the test started.

Settings come from ``--settings FILE`` (the scan settings YAML: ``acceptance_ms``,
``debounce_ms``, ``bounce_ms``, ``release_ms``, ``hold_ms``, ``mode``...; an optional
``inputs:`` list gives the default inputs). ``keyboard`` is read from the terminal (presses
only: a terminal shows no releases); ``joystick[:N]`` and ``mouse?mode=switch`` through
pygame; ``serial:`` and ``gpio:`` through their drivers, as in ``aac run``.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import signal
import sys
import time
from pathlib import Path
from typing import Any, Callable, Optional

from ._args import positive_seconds

HELP = "show switch presses, durations and bounces for tuning"
LATE_MARGIN = 0.005  # let events read just before "now" arrive before confirming releases
POLL_SLICE = 0.01  # with pygame inputs: longest wait before serial/GPIO events are looked at
CONNECT_WAIT = 2.0  # how long to wait for serial boxes to open before showing presses


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--input", action="append", dest="inputs", metavar="SPEC",
                   help="an input to watch (repeatable), e.g. serial:/dev/ttyACM0?profile=line,"
                        " serial:auto?vid=2341&pid=0043, gpio:17,27, keyboard (default)")
    p.add_argument("--json", action="store_true",
                   help="one JSON object per press, and a summary object at exit")
    p.add_argument("--exit-after", metavar="S", type=positive_seconds,
                   help="stop after S seconds and print the summary")
    p.add_argument("--settings", metavar="FILE",
                   help="scan settings YAML whose switch timings to apply")
    p.add_argument("--ports", action="store_true",
                   help="list serial ports with their USB ids and the --input to use, then exit")
    p.add_argument("--devices", metavar="DIR", help=argparse.SUPPRESS)  # profiles dir (tests)


def load_settings(path: Optional[str]) -> tuple[Any, list[str]]:
    """(ScanSettings, inputs listed in the file) of a child's profile (``aac.profile``);
    raises BadSettings naming file, line and column."""
    from ..core.scan_settings import ScanSettings
    from ..profile import load_profile

    if not path:
        return ScanSettings(), []
    profile = load_profile(path)
    return profile.scan, list(profile.inputs)


def main(args: argparse.Namespace) -> int:
    from ..errors import AACError
    from ..inputs import frontend_config, open_inputs, parse_input_spec
    from ..inputs.profiles import DEFAULT_DIR
    from ..inputs.terminal_keys import SOURCE as TERMINAL
    from ..inputs.terminal_keys import TerminalKeys
    from ..inputs.tester import SwitchTester, human_line, human_summary

    if args.ports:
        return list_ports(Path(args.devices) if args.devices else DEFAULT_DIR)
    try:
        settings, file_inputs = load_settings(args.settings)
        specs = [parse_input_spec(s) for s in (args.inputs or file_inputs or ["keyboard"])]
    except AACError as exc:
        print(f"aac switch-test: {exc}", file=sys.stderr)
        return 2

    def emit(record: dict[str, Any]) -> None:
        if args.json and "status" in record:  # stdout keeps only press objects and the summary
            print(f"aac switch-test: {record['status']}", file=sys.stderr, flush=True)
            return
        print(json.dumps(record) if args.json else human_line(record), flush=True)

    inbox: queue.SimpleQueue[object] = queue.SimpleQueue()
    start = time.monotonic()
    tester = SwitchTester(settings.filter_settings, emit, start, press_only=[TERMINAL])
    profiles = Path(args.devices) if args.devices else DEFAULT_DIR
    keys: Optional[TerminalKeys] = None
    buttons: Any = None
    try:
        hub = open_inputs([s for s in specs if s.threaded], inbox.put, profiles_dir=profiles,
                          diagnostics=True)
    except AACError as exc:
        print(f"aac switch-test: {exc}", file=sys.stderr)
        return 1
    try:
        if any(s.kind == "keyboard" for s in specs):
            keymap = frontend_config(specs).keymap
            if os.isatty(sys.stdin.fileno()):
                press_s = settings.filter_settings(1).acceptance_ms / 1000.0
                keys = TerminalKeys(sys.stdin.fileno(), keymap, inbox.put, press_s)
                keys.start()
                if press_s > 0:
                    print(f"aac switch-test: keyboard: the terminal shows no key releases: each "
                          f"key counts as a press held exactly acceptance_ms "
                          f"({press_s * 1000:.0f} ms)", file=sys.stderr)
            else:
                print("aac switch-test: keyboard: stdin is not a terminal; no keys are read",
                      file=sys.stderr)
        config = frontend_config(specs)
        if config.joysticks or config.mouse_buttons:
            from ..inputs.pygame_switches import PygameSwitches

            buttons = PygameSwitches(config, inbox.put)
            buttons.start()
        for spec in specs:
            if spec.kind == "touch" or (spec.kind == "mouse" and not config.mouse_buttons):
                print(f"aac switch-test: {spec.name}: pointer input is not a switch; "
                      "use mouse?mode=switch", file=sys.stderr)
        _wait_for_boxes(hub.drivers, inbox, tester)
        if not args.json:
            names = ", ".join(s.name for s in specs)
            print(f"Watching {names}. Press the switches; Ctrl-C to stop.", flush=True)
        _watch(inbox, tester, None if args.exit_after is None else start + args.exit_after,
               None if buttons is None else buttons.poll)
    except KeyboardInterrupt:
        pass  # Ctrl-C while boxes were still being looked for: stop as usual, with a summary
    except AACError as exc:
        print(f"aac switch-test: {exc}", file=sys.stderr)
        return 1
    finally:
        hub.close()
        if keys is not None:
            keys.close()
        if buttons is not None:
            buttons.close()
    _drain(inbox, tester)
    tester.advance(float("inf"))  # releases still inside their bounce window
    summary = tester.summary(time.monotonic() - start)
    if args.json:
        print(json.dumps(summary), flush=True)
    else:
        print("\n".join(human_summary(summary)), flush=True)
    return 0


def _watch(
    inbox: queue.SimpleQueue[object],
    tester: Any,
    end: Optional[float],
    poll: Optional[Callable[[float], None]] = None,
) -> None:
    """Feed the tester until ``end``/Ctrl-C/SIGTERM. ``poll`` (pygame) must run on this
    thread, so with it the wait is split into short slices that also check the inbox."""
    stop = False

    def on_term(signum: int, frame: object) -> None:
        nonlocal stop
        stop = True

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        while not stop:
            now = time.monotonic()
            if end is not None and now >= end:
                break
            timeout = 0.25
            due = tester.next_deadline()
            if due is not None:
                timeout = min(timeout, max(0.0, due + LATE_MARGIN - now))
            if end is not None:
                timeout = min(timeout, max(0.0, end - now))
            if poll is not None:
                poll(min(timeout, POLL_SLICE))
            else:
                try:
                    tester.feed(inbox.get(timeout=timeout))
                except queue.Empty:
                    pass
            _drain(inbox, tester)
            tester.advance(time.monotonic() - LATE_MARGIN)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


def _wait_for_boxes(drivers: Any, inbox: queue.SimpleQueue[object], tester: Any) -> None:
    """Up to CONNECT_WAIT in all for the boxes to open, so "Watching" means ready; what the
    drivers report meanwhile (a box not found, and why) is shown at once."""
    flags = [d.connected for d in drivers if getattr(d, "connected", None) is not None]
    ready_by = time.monotonic() + CONNECT_WAIT
    while not all(f.is_set() for f in flags):
        left = ready_by - time.monotonic()
        if left <= 0:
            break
        try:
            tester.feed(inbox.get(timeout=min(left, 0.05)))
        except queue.Empty:
            pass
    _drain(inbox, tester)


def _drain(inbox: queue.SimpleQueue[object], tester: Any) -> None:
    while True:
        try:
            tester.feed(inbox.get_nowait())
        except queue.Empty:
            return


def list_ports(profiles_dir: Path) -> int:
    import serial.tools.list_ports

    from ..errors import AACError
    from ..inputs.ports import describe_ports
    from ..inputs.profiles import available, load_profile

    profiles = []
    for name in available(profiles_dir):
        try:
            profiles.append(load_profile(name, profiles_dir))
        except AACError as exc:  # one broken profile must not hide the ports
            print(f"aac switch-test: {exc}", file=sys.stderr)
    for line in describe_ports(serial.tools.list_ports.comports(), profiles):
        print(line)
    return 0
