"""``aac run [BOARDS]``: start the communicator on a board set.

Picks the front end (a full-screen pygame window; the terminal when there is no display),
starts speech before the display (the audio device must be opened first), watches the
board files so a teacher's edit shows up without a restart, and exits with every problem
listed - never a traceback - when the board set cannot be used.
"""

from __future__ import annotations

import argparse
import inspect
import os
import sys
import time
from pathlib import Path
from typing import Any, Optional

from ..quiet import quiet_c_stderr
from ._args import positive_seconds
from ._boards import load_or_report

HELP = "start the communicator (default: the boards/ set)"

#: Hidden hook for ``aac bench startup``: the monotonic time of the first flipped frame is
#: written to this file (CLOCK_MONOTONIC is system-wide, so the parent can compare).
FIRST_FRAME_ENV = "AAC_FIRST_FRAME_FILE"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("boards", nargs="?", metavar="BOARDS",
                   help="board folder or file (default: the boards/ set)")
    p.add_argument("--window", metavar="WxH", type=window_size,
                   help="a window of this size instead of full screen, e.g. 800x480")
    p.add_argument("--screenshot", metavar="FILE", help="write the first full frame as PNG")
    p.add_argument("--exit-after", metavar="SECONDS", type=positive_seconds,
                   help="quit cleanly after this many seconds (previews, smoke tests)")
    p.add_argument("--terminal", action="store_true",
                   help="use the text front end even when there is a display")
    p.add_argument("--scan", action="store_true", help="switch scanning instead of touch")
    p.add_argument("--settings", metavar="FILE",
                   help="the child's settings (YAML); implies --scan unless only touch settings")
    p.add_argument("--voice", metavar="NAME", help="voice profile name or file")
    p.add_argument("--language", metavar="TAG", help="run boards/TAG, e.g. sr, sr-Latn, mn "
                   "(default: the system locale, else en)")
    p.add_argument("--input", action="append", dest="inputs", metavar="SPEC",
                   help="switch input, repeatable: keyboard, touch, mouse, joystick[:N], "
                        "serial:PORT?profile=NAME, serial:auto?vid=2341&pid=0043, gpio:PIN[,PIN] "
                        "(default: keyboard and touch; a switch input implies --scan)")
    p.add_argument("--log", metavar="FILE",
                   help="append a usage log for therapists (JSON Lines, docs/usage-log.md)")


def window_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected WIDTHxHEIGHT like 800x480, got {text!r}") from None
    if w < 160 or h < 120:
        raise argparse.ArgumentTypeError(f"window {text} is too small (at least 160x120)")
    return (w, h)


def default_boards() -> Path:
    """The repository's ``boards/`` next to the package, else ``./boards``."""
    import aac

    bundled = Path(aac.__file__).resolve().parent.parent / "boards"
    return bundled if bundled.exists() else Path.cwd() / "boards"


def main(args: argparse.Namespace) -> int:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from ..language import UnknownLanguage, language_boards  # issue 11: --language TAG

    try:
        path = Path(args.boards) if args.boards else language_boards(
            getattr(args, "language", None), default_boards())
    except UnknownLanguage as exc:
        print(f"aac run: {exc}", file=sys.stderr)
        return 2
    result = load_or_report(path, "aac run")
    if result is None:
        return 1
    from ..errors import BadSettings
    from ..inputs import frontend_config, needs_scanning, parse_inputs, start_for_runtime

    try:
        inputs = parse_inputs(getattr(args, "inputs", None))
        keymap = frontend_config(inputs).key_codes() if getattr(args, "inputs", None) else None
    except BadSettings as exc:
        print(f"aac run: {exc}", file=sys.stderr)
        return 2
    if needs_scanning(inputs):
        args.scan = True
    scan = load_scan_settings(args)
    if scan is False:
        return 1
    if not getattr(args, "inputs", None) and getattr(args, "file_inputs", None):
        inputs = parse_inputs(args.file_inputs)  # already checked with the settings file
        try:
            keymap = frontend_config(inputs).key_codes()
        except BadSettings as exc:
            print(f"aac run: {args.settings}: {exc}", file=sys.stderr)
            return 2

    from ..core.events import Status
    from ..core.session import Session
    from ..loop import BoardsReloaded, Runtime

    runtime: Optional[Runtime] = None
    early_status: list[str] = []
    reported: set[str] = set()

    def on_status(text: str) -> None:
        """Speech problems: once on stderr for whoever started us, always on the carer line."""
        if text not in reported:
            reported.add(text)
            print(f"aac run: {text}", file=sys.stderr, flush=True)
        if runtime is None:
            early_status.append(text)
        else:
            runtime.post(Status(text, time.monotonic()))

    from ..i18n import set_language
    from ..speech.languages import speech_for_set

    language = getattr(result.boards, "language", None)
    set_language(language)  # the carer's texts follow the set
    speech = speech_for_set(language, args.voice, on_status, create_speech)  # before the display
    frontend = open_frontend(args, scan_mode=scan is not None)
    if keymap is not None and hasattr(frontend, "keymap"):
        frontend.keymap = keymap  # which keys are which switch (--input keyboard?1=space&2=tab)
    from ..ui.frontend_setup import configure_frontend  # touch rules, joysticks, terminal

    configure_frontend(frontend, getattr(args, "touch", None),
                       frontend_config(inputs) if keymap is not None else None, scan, on_status)

    first = True
    shot_ok = True

    def on_frame(_view: object, flipped: float) -> None:
        nonlocal first, shot_ok
        if not first:
            return
        first = False
        if args.screenshot:
            shot_ok = save_screenshot(frontend, _view, args.screenshot, args.window)
        marker = os.environ.get(FIRST_FRAME_ENV)
        if marker:
            Path(marker).write_text(f"{flipped!r}\n", encoding="ascii")

    kwargs: dict[str, Any] = {"on_frame": on_frame, "usage_log": args.log}
    if scan is not None:
        if "scan" in inspect.signature(Runtime.__init__).parameters:
            kwargs["scan"] = scan
        else:
            print("aac run: scanning is not available in this version; using touch",
                  file=sys.stderr)
    session = Session(result.boards, getattr(args, "clear_after_speak", False))
    runtime = Runtime(session, frontend, speech, **kwargs)
    for text in early_status:
        runtime.post(Status(text, time.monotonic()))

    prerender = getattr(speech, "prerender_boards", None)  # absent on the text stand-in
    if prerender is not None:
        prerender(result.boards)  # queues only: rendering runs on the speech side

    def on_reload(res: Any) -> None:  # watcher thread
        if prerender is not None and getattr(res, "ok", False):
            prerender(res.boards)
        runtime.post(BoardsReloaded(res, time.monotonic()))

    hub = start_for_runtime(inputs, runtime.post, on_status)
    watcher = start_watcher(path, on_reload, initial=result)
    try:
        runtime.run(exit_after=args.exit_after)
    except KeyboardInterrupt:
        pass
    finally:
        if hub is not None:
            hub.close()
        if watcher is not None:
            watcher.stop()
        runtime.close()
    return 0 if shot_ok else 1


# -- pieces ---------------------------------------------------------------------------------------
def load_scan_settings(args: argparse.Namespace) -> Any:
    """ScanSettings for --scan/--settings, None for touch, False after printing an error.

    A ``--settings`` file is the child's profile (``aac.profile``): its ``inputs`` and
    ``voice`` apply too, unless ``--input``/``--voice`` say otherwise.
    """
    if not args.scan and not args.settings:
        return None
    from ..core.scan_settings import ScanSettings
    from ..errors import BadSettings
    from ..profile import load_profile
    from ..profile_touch import TOUCH_KEYS, TOUCH_ONLY_KEYS

    if not args.settings:
        return ScanSettings().with_runtime_defaults()
    try:
        profile = load_profile(args.settings)
    except BadSettings as exc:
        print(str(exc), file=sys.stderr)
        return False
    args.file_inputs = list(profile.inputs)
    args.theme = profile.theme
    args.touch, args.clear_after_speak = profile.touch, profile.clear_after_speak
    if args.voice is None:
        args.voice = profile.voice
    if not args.scan and profile.keys & TOUCH_KEYS and profile.keys <= TOUCH_ONLY_KEYS:
        return None  # a touch user's profile (touch:, voice, theme): no scanning
    return profile.scan.with_runtime_defaults()


def create_speech(voice: Optional[str], on_status: Any) -> Any:
    try:
        from ..speech import create_speech as make
    except ImportError as exc:  # pragma: no cover - a speech dependency failed to import
        on_status(f"speech unavailable ({exc}): showing text only")
        from ..loop import SilentSpeech

        return SilentSpeech()
    return make(voice=voice, on_status=on_status)


def open_frontend(args: argparse.Namespace, scan_mode: bool) -> Any:
    """pygame when there is a real display (or a screenshot is wanted), else the terminal."""
    from ..ui.terminal import TerminalFrontend

    if args.terminal:
        return TerminalFrontend(scan=scan_mode)
    try:
        import pygame

        from ..ui.pygame_frontend import PygameFrontend
    except ImportError as exc:  # pragma: no cover - pygame is a dependency
        print(f"aac run: pygame unavailable ({exc}); using the terminal", file=sys.stderr)
        return TerminalFrontend(scan=scan_mode)
    reason = _no_display_reason(pygame)
    if reason is None:
        try:
            return PygameFrontend(size=args.window, fullscreen=args.window is None,
                                  scan=scan_mode, theme=_theme(args))
        except pygame.error as exc:
            reason = str(exc) or "the display could not be opened"
            pygame.display.quit()
    if args.screenshot:  # still draw the frame, off screen, so the PNG is written
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        return PygameFrontend(size=args.window or (800, 480), fullscreen=False, scan=scan_mode,
                              theme=_theme(args))
    print(f"aac run: no display ({reason}); using the terminal front end", file=sys.stderr)
    return TerminalFrontend(scan=scan_mode)


def _theme(args: argparse.Namespace) -> Any:
    from ..ui.theme import DEFAULT_THEME

    return getattr(args, "theme", None) or DEFAULT_THEME


def _no_display_reason(pygame: Any) -> Optional[str]:
    """Why there is no usable screen, or None. SDL's own off-screen drivers count as none
    unless asked for explicitly (SDL_VIDEODRIVER=dummy, as in tests and benchmarks)."""
    try:
        with quiet_c_stderr():  # e.g. libwayland's "XDG_RUNTIME_DIR is invalid" on a console
            pygame.display.init()
    except pygame.error as exc:
        return str(exc) or "no video device"
    driver = pygame.display.get_driver()
    if driver in ("offscreen", "dummy") and os.environ.get("SDL_VIDEODRIVER") != driver:
        pygame.display.quit()
        return f"only SDL's {driver} driver is available"
    return None


def save_screenshot(frontend: Any, view: Any, path: str, size: Optional[tuple[int, int]]) -> bool:
    """The frame on screen; the terminal front end gets the same frame drawn off screen."""
    saver = getattr(frontend, "save", None)
    try:
        if saver is not None:
            saver(path)
            return True
        import pygame

        from ..ui.render import Renderer

        surface = pygame.Surface(size or (800, 480))
        Renderer().draw(surface, view)
        pygame.image.save(surface, path)
        return True
    except Exception as exc:  # a bad path must not stop the communicator (exit 1 later)
        print(f"aac run: {path}: cannot write screenshot: {exc}", file=sys.stderr)
        return False


def start_watcher(path: Path, on_change: Any, initial: Any = None) -> Any:
    try:
        from ..boards.watch import BoardWatcher
    except ImportError:  # pragma: no cover - only while the watcher is missing
        return None
    watcher = BoardWatcher(path, on_change, interval=0.5, initial=initial)
    watcher.start()
    return watcher
