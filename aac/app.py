"""Starting the communicator from a :class:`~aac.run_config.RunConfig` (``aac run`` and the
start-up bench both come here).

Does first only what the first frame of the home board needs (docs/architecture.md,
"Start-up"): pygame without numpy, the board set from its start-up cache when unchanged,
the audio device opened before the display (SDL's small buffer) but the speech service built
after the first frame (``aac.speech.deferred``; nothing said meanwhile is lost). Starts with
every board that loads (a typo in one board never silences the device; when the home board
itself fails, a built-in emergency board is shown), keeps the problems on the carer's line
and on stderr until a reload fixes them, and watches the board files so a teacher's edit
shows up without a restart.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import TYPE_CHECKING, Callable, Optional

from .boards.problems import LoadResult
from .boards.watch import BoardWatcher
from .core.board import BoardSet
from .core.view import View
from .loop import (
    BoardsReloaded,
    Frontend,
    PrerenderingSpeech,
    ProblemKind,
    Runtime,
    ScreenshotFrontend,
    SilentSpeech,
    SpeechOutput,
)
from .quiet import quiet_c_stderr
from .run_config import RunConfig
from .speech.deferred import DeferredSpeech

if TYPE_CHECKING:
    from .core.session import Session
    from .session_store import SessionSaver
    from .usage_log import UsageLog

PROG = "aac run"


class CarerReport:
    """Each carer message once on stderr (for whoever started us), in one place."""

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, text: str) -> None:
        with self._lock:
            if text in self._seen:
                return
            self._seen.add(text)
        print(f"{PROG}: {text}", file=sys.stderr, flush=True)

    def already_told(self, text: str) -> None:
        """``text`` is on stderr already (told before the runtime existed): not again."""
        with self._lock:
            self._seen.add(text)


def start(config: RunConfig, on_first_frame: Optional[Callable[[float], None]] = None) -> int:
    """Run until quit or ``config.exit_after``; the exit status. ``on_first_frame(flipped)``
    is an observer for the start-up bench (nothing in production passes one)."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from .memory_release import release_big_buffers
    from .pygame_import import complete_pygame, import_pygame

    release_big_buffers()  # an all-day process: freed speech buffers go back to the system

    import_pygame()  # only what the first frame needs (numpy etc. after it: complete_pygame)
    if not os.path.exists(config.boards):
        from .i18n import _  # no set yet: the locale's language

        print(f"{PROG}: {config.boards}: {_('no such board file or folder')}", file=sys.stderr)
        return 1
    from .boards.set_cache import cached_load
    from .i18n import _, set_language
    from .language import declared_language

    result = cached_load(config.boards)  # an unchanged set: no YAML read (aac.boards.set_cache)
    for problem in result.problems:
        print(str(problem), file=sys.stderr)
    language = result.boards.language if result.boards else declared_language(config.boards)
    set_language(language)  # the carer's texts (and the emergency board) follow the set
    boards, kind = starting_boards(result, language)
    if kind is not None:
        print(f"{PROG}: {config.boards}: {_start_note(result, kind)} "
              + _("(`aac lint {path}` shows what was understood)").format(path=config.boards),
              file=sys.stderr)

    from .core.events import Status
    from .core.session import Session
    from .inputs import start_for_runtime
    log: Optional[UsageLog] = None
    if config.log is not None:  # the usage log's modules only when there is one
        from .usage_log import UsageLog, UsageLogError

        try:  # before anything starts: a log that cannot be written stops us with the reason
            log = UsageLog(config.log)
        except UsageLogError as exc:
            print(f"{PROG}: {exc}", file=sys.stderr)
            return 1

    report = CarerReport()
    runtime: Optional[Runtime] = None
    early_status: list[str] = []

    def on_status(text: str) -> None:  # speech and input problems, from any thread
        report(text)
        if runtime is None:
            early_status.append(text)
        else:
            runtime.post(Status(text, time.monotonic()))

    from .cache_dirs import report_problems_to

    def on_early_problem(text: str) -> None:  # on stderr already: for the carer's line
        report.already_told(text)
        early_status.append(text)

    # a cache that cannot be written: told once, on the line; one that failed before this
    # (the board-set cache, opened above) is replayed there too
    report_problems_to(on_status, replay=on_early_problem)
    from .speech.languages import speech_for_set

    if config.volume is not None:  # the profile's volume, on speech and clips alike
        from .speech.player import set_master_volume

        set_master_volume(config.volume / 100)
    engine_go = threading.Event()  # the synthesiser process starts after the first frame
    deferred: list[DeferredSpeech] = []

    def make_speech(voice: Optional[str], status: Callable[[str], None]) -> SpeechOutput:
        def build() -> SpeechOutput:  # after the first frame, on its own thread
            complete_pygame()  # pygame.sndarray (numpy) for the player
            return create_speech(voice, status, start_after=engine_go)

        deferred.append(DeferredSpeech(build))
        return deferred[-1]

    from .speech.switch import SpeechSwitch  # the carer menu can change the voice

    speech: SpeechOutput = SpeechSwitch(speech_for_set(boards.language, config.voice,
                                                       on_status, make_speech))
    from .speech import init_mixer

    init_mixer()  # before the display, so SDL keeps our small audio buffer
    frontend = open_frontend(config)
    from .ui.frontend_setup import configure_frontend  # touch rules, joysticks, terminal

    configure_frontend(frontend, config.touch, config.switches, config.scan, on_status)
    first = True
    shot_ok = True
    prerender = speech if isinstance(speech, PrerenderingSpeech) else None

    # scanning draws the board alone first, then its first item at once, when the scan's clock
    # starts (aac.loop.runtime): the screenshot and what waits for "the first frame" take
    # that second frame - at most one frame is passed over
    pass_over = 1 if config.scan is not None and config.scan.start != "on-press" else 0

    def on_frame(view: View, flipped: float) -> None:
        nonlocal first, shot_ok, pass_over
        if not first:
            return
        from .start_gc import release

        release()  # the collector was off since the start (aac.start_gc); at the first frame
        if pass_over and view.highlight is None:  # drawn, even one passed over here
            pass_over -= 1
            return
        first = False
        if config.screenshot:
            shot_ok = save_screenshot(frontend, view, config.screenshot, config.window)
        if on_first_frame is not None:
            on_first_frame(flipped)
        engine_go.set()
        from .dataclass_code import save

        threading.Thread(target=save, name="aac-code-cache", daemon=True).start()  # kiosk: no exit
        for later in deferred:  # the speech service's imports wait for the first frame
            later.start()
        if prerender is not None:  # after the first frame, not competing with it for the CPU
            prerender.prerender_boards(boards)  # queues only: rendering runs on the speech side

    if log is not None:
        log.on_problem = on_status  # a full disk is told on the carer's line
    session = Session(boards, config.clear_after_speak)
    saver = start_session_saver(config, session, on_status)
    from .cpu_priority import LOOP_NICE  # the loop ahead of other work, where permitted

    runtime = Runtime(session, frontend, speech,
                      on_frame=on_frame, scan=config.scan,
                      observers=[] if log is None else [log], on_carer_message=report,
                      recording=log is not None, loop_nice=LOOP_NICE,
                      freeze_start_up=True)
    saver_hook = saver.watch(session)
    runtime.step_hooks.append(saver_hook)
    runtime.on_carer_change = carer_saver(config.profile_path, on_status)
    carer = getattr(frontend, "carer", None)
    if carer is not None and config.volume is not None:
        carer.volume = config.volume
    renderer = getattr(frontend, "renderer", None)
    if renderer is not None:  # the linked boards' pictures are made ahead (issue 10.5)
        renderer.board_source = lambda: session.boards
    if kind is not None:
        runtime.show_board_problems(result.problems, kind)
    for text in early_status:
        runtime.post(Status(text, time.monotonic()))

    def on_reload(res: LoadResult) -> None:  # watcher thread
        if not res.ok:
            for problem in res.problems:
                print(str(problem), file=sys.stderr, flush=True)
        usable = res.boards if res.ok else res.usable
        if prerender is not None and usable is not None:
            prerender.prerender_boards(usable)
        runtime.post(BoardsReloaded(res, time.monotonic()))

    hub = start_for_runtime(list(config.inputs), runtime.post, on_status)
    def make_menu_speech(voice: Optional[str], status: Callable[[str], None]) -> SpeechOutput:
        complete_pygame()  # the carer chose a voice: long after the first frame
        return create_speech(voice, status)

    from .carer_menu_setup import attach_carer_menu
    from .loop.carer_apply import WatcherSlot

    watcher = WatcherSlot(start_watcher(config, on_reload, initial=result))
    carer_menu = attach_carer_menu(
        config, runtime, frontend, speech,
        lambda voice, lang: speech_for_set(lang, voice, on_status, make_menu_speech),
        watcher, on_reload, runtime.on_carer_change or (lambda _k, _v: None), on_status,
        saver=saver)
    try:
        runtime.run(exit_after=config.exit_after)
    except KeyboardInterrupt:
        pass
    finally:
        engine_go.set()  # never leave the speech thread waiting
        if hub is not None:
            hub.close()
        watcher.stop()
        if carer_menu is not None:
            carer_menu.close()  # its last saves
        saver_hook()  # a change in the last step is saved too
        saver.close()
        runtime.close()
    return exit_status(shot_ok, runtime.quit_from_menu)


def exit_status(shot_ok: bool, quit_from_menu: bool) -> int:
    """0, 1 when a screenshot asked for failed, or - under the kiosk service - ``STAY_QUIT``
    when the carer chose Quit on the menu, so systemd leaves the desktop to the carer."""
    if not shot_ok:
        return 1
    from .kiosk import KIOSK_ENV, STAY_QUIT

    return STAY_QUIT if quit_from_menu and os.environ.get(KIOSK_ENV) else 0


def start_session_saver(config: RunConfig, session: Session,
                        report: Callable[[str], None]) -> SessionSaver:
    """Restore the saved message and boards into ``session`` (a corrupt file: one notice,
    ignored) and start the thread that saves every change (``aac.session_store``)."""
    from .session_store import SessionSaver, restore_session, session_path

    path = session_path(config.boards, config.profile)
    for note in restore_session(session, path, config.boards):
        report(note)
    return SessionSaver(path, report, boards=config.boards, profile=config.profile)


def starting_boards(result: LoadResult, language: Optional[str] = None,
                    ) -> tuple[BoardSet, Optional[ProblemKind]]:
    """The set to start with, and what the carer must be told (None: nothing wrong).

    Every board that loads is used; only a failed home board brings up the emergency board.
    """
    if result.ok and result.boards is not None:
        return result.boards, None
    if result.usable is not None:
        return result.usable, "partial"
    from .fallback_board import fallback_boards

    return fallback_boards(language), "fallback"  # in the set's language


def _start_note(result: LoadResult, kind: ProblemKind) -> str:
    """In the set's language (set before this is called); English as it always was."""
    from .carer_texts import error_count
    from .i18n import _

    errors = error_count(len(result.errors))
    if kind == "partial":
        return _("{errors}; starting with every board that loads").format(errors=errors)
    return _("{errors}; the home board cannot load: showing the emergency board").format(
        errors=errors)


# -- pieces ---------------------------------------------------------------------------------------
def carer_saver(path: Optional[str], on_status: Callable[[str], None]
                ) -> Callable[[str, object], None]:
    """What to do with a carer-menu change: save it to the child's profile file (atomically,
    the previous file kept as .bak; comments kept), or say it lasts only this session."""
    def save(key: str, value: object) -> None:
        if path is None:
            on_status(f"{key} changed for this session (no profile file to save it to)")
            return
        from .yaml_edit import set_profile_keys

        try:
            set_profile_keys(path, {key: value})
        except (OSError, ValueError) as exc:
            on_status(f"{key} changed, but not saved to {path}: {exc}")
    return save


def create_speech(voice: Optional[str], on_status: Callable[[str], None],
                  start_after: Optional[threading.Event] = None) -> SpeechOutput:
    """``start_after``: when set, the synthesiser process starts (``aac.speech.service``)."""
    from .speech.messages import speech_unavailable

    try:
        from .speech import create_speech as make
    except ImportError as exc:  # pragma: no cover - a speech dependency failed to import
        on_status(speech_unavailable(exc))
        return SilentSpeech()
    return make(voice=voice, on_status=on_status, start_after=start_after)


def open_frontend(config: RunConfig) -> Frontend:
    """pygame when there is a real display (or a screenshot is wanted), else the terminal."""
    scan_mode = config.scan is not None
    if config.terminal:
        from .ui.terminal import TerminalFrontend

        return TerminalFrontend(scan=scan_mode)
    try:
        import pygame

        from .ui.pygame_frontend import PygameFrontend
        from .ui.theme import DEFAULT_THEME
    except ImportError as exc:  # pragma: no cover - pygame is a dependency
        from .ui.terminal import TerminalFrontend

        print(f"{PROG}: pygame unavailable ({exc}); using the terminal", file=sys.stderr)
        return TerminalFrontend(scan=scan_mode)

    def pygame_frontend(size: Optional[tuple[int, int]], fullscreen: bool) -> Frontend:
        return PygameFrontend(size=size, fullscreen=fullscreen, scan=scan_mode,
                              keymap=config.keymap, theme=config.theme or DEFAULT_THEME)

    from .ui.display_env import prefer_wayland

    prefer_wayland()  # Raspberry Pi OS's labwc: SDL's own Wayland driver, else XWayland
    reason = _no_display_reason(pygame)
    if reason is None:
        try:
            return pygame_frontend(config.window, config.window is None)
        except pygame.error as exc:
            reason = str(exc) or "the display could not be opened"
            pygame.display.quit()
    if config.screenshot:  # still draw the frame, off screen, so the PNG is written
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        return pygame_frontend(config.window or (800, 480), False)
    from .ui.terminal import TerminalFrontend  # only when it is used

    print(f"{PROG}: no display ({reason}); using the terminal front end", file=sys.stderr)
    return TerminalFrontend(scan=scan_mode)


def _no_display_reason(pygame: object) -> Optional[str]:
    """Why there is no usable screen, or None. SDL's own off-screen drivers count as none
    unless asked for explicitly (SDL_VIDEODRIVER=dummy, as in tests and benchmarks)."""
    import pygame as pg

    try:
        with quiet_c_stderr():  # e.g. libwayland's "XDG_RUNTIME_DIR is invalid" on a console
            pg.display.init()
    except pg.error as exc:
        return str(exc) or "no video device"
    driver = pg.display.get_driver()
    if driver in ("offscreen", "dummy") and os.environ.get("SDL_VIDEODRIVER") != driver:
        pg.display.quit()
        return f"only SDL's {driver} driver is available"
    return None


def save_screenshot(frontend: Frontend, view: View, path: str,
                    size: Optional[tuple[int, int]]) -> bool:
    """The frame on screen; the terminal front end gets the same frame drawn off screen."""
    try:
        if isinstance(frontend, ScreenshotFrontend):
            frontend.save(path)
            return True
        import pygame

        from .ui.render import Renderer

        surface = pygame.Surface(size or (800, 480))
        Renderer().draw(surface, view)
        pygame.image.save(surface, path)
        return True
    except Exception as exc:  # a bad path must not stop the communicator (exit 1 later)
        print(f"{PROG}: {path}: cannot write screenshot: {exc}", file=sys.stderr)
        return False


def start_watcher(config: RunConfig, on_change: Callable[[LoadResult], None],
                  initial: LoadResult) -> BoardWatcher:
    watcher = BoardWatcher(config.boards, on_change, interval=0.5, initial=initial)
    watcher.start()
    return watcher
