"""What ``aac run`` was asked to do, built once from the command line and the child's
profile file (``--settings``), then passed - never mutated - to the start path.

Precedence: ``--input``/``--voice`` over the profile's ``inputs``/``voice``; any switch input
(or a profile) turns scanning on, with the runtime's defaults for keys the file does not
give (``ScanSettings.with_runtime_defaults``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from .core.scan_settings import ScanSettings
from .errors import BadSettings
from .paths import default_boards

if TYPE_CHECKING:
    from .core.carer_lock import LockSettings
    from .core.touch import TouchSettings
    from .inputs.registry import FrontendConfig
    from .inputs.spec import InputSpec
    from .ui.theme import Theme


class RunConfigError(Exception):
    """The command line or profile cannot be used: ``str`` is the message to print as it
    is, ``code`` the exit status (2: a bad ``--input``; 1: a bad settings file)."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class RunConfig:
    """Everything ``aac run`` needs to start, typed and frozen."""

    boards: Path
    window: Optional[tuple[int, int]] = None  # None: full screen
    screenshot: Optional[str] = None
    exit_after: Optional[float] = None
    terminal: bool = False
    scan: Optional[ScanSettings] = None  # None: touch
    voice: Optional[str] = None
    inputs: tuple[InputSpec, ...] = ()
    #: pygame key code -> switch, when an input names keys; None keeps the front end's default
    keymap: Optional[Mapping[int, int]] = None
    #: joysticks and mouse buttons as switches, when an input names them (else None)
    switches: Optional[FrontendConfig] = None
    theme: Optional[Theme] = None
    log: Optional[str] = None
    touch: Optional[TouchSettings] = None  # the child's touch rules (aac.core.touch)
    clear_after_speak: bool = False  # speaking the message bar also clears it
    volume: Optional[int] = None  # the profile's volume: percent, speech and clips
    profile: Optional[str] = None  # the child's profile name: names the saved session
    profile_path: Optional[str] = None  # where the carer menu saves its changes
    carer_lock: Optional[LockSettings] = None  # the profile's carer: section (None: default)
    #: the folder of sets (``boards/``) the carer menu chooses among; None: one set only
    sets_root: Optional[Path] = None


def build_run_config(
    *,
    boards: Optional[str] = None,
    window: Optional[tuple[int, int]] = None,
    screenshot: Optional[str] = None,
    exit_after: Optional[float] = None,
    terminal: bool = False,
    scan: bool = False,
    settings: Optional[str] = None,
    voice: Optional[str] = None,
    inputs: Optional[Sequence[str]] = None,
    log: Optional[str] = None,
    language: Optional[str] = None,
    profile: Optional[str] = None,
    theme_name: Optional[str] = None,
) -> RunConfig:
    """The run configuration, or :class:`RunConfigError` with the exact words to print."""
    from .inputs import frontend_config, needs_scanning, parse_inputs

    try:
        specs = tuple(parse_inputs(inputs))
        keymap = frontend_config(specs).key_codes() if inputs else None
    except BadSettings as exc:
        raise RunConfigError(f"aac run: {exc}", 2) from None
    if profile is not None:  # a child's profile by name (aac.profiles)
        from .profiles import resolve_profile

        if settings:
            raise RunConfigError("aac run: give --profile NAME or --settings FILE, not both", 2)
        try:
            settings = str(resolve_profile(profile))
        except BadSettings as exc:
            raise RunConfigError(f"aac run: {exc}", 1) from None
    scan_settings: Optional[ScanSettings] = None
    theme = touch = None
    clear_after_speak = False
    volume: Optional[int] = None
    profile_language: Optional[str] = None
    carer_lock = None
    if settings:
        from .profile import load_profile  # YAML: only when there is a profile to read
        from .profile_touch import TOUCH_KEYS, TOUCH_ONLY_KEYS

        try:
            loaded = load_profile(settings)
        except BadSettings as exc:
            raise RunConfigError(str(exc), 1) from None
        touch_only = loaded.keys & TOUCH_KEYS and loaded.keys <= TOUCH_ONLY_KEYS
        if scan or needs_scanning(list(specs)) or not touch_only:  # else a touch user's
            # profile (touch:, voice, theme): no scanning
            scan_settings = loaded.scan.with_runtime_defaults()
        theme, touch = loaded.theme, loaded.touch
        clear_after_speak = loaded.clear_after_speak
        volume = loaded.volume
        carer_lock = loaded.carer
        profile_language = loaded.language
        if boards is None and loaded.boards is not None:  # the profile's own board set
            boards = loaded.boards
        if log is None and loaded.logging:  # opt-in usage log, kept in the XDG state folder
            from .profiles import usage_log_path

            name = profile or os.path.splitext(os.path.basename(settings))[0]
            log = str(usage_log_path(name))
        voice = voice if voice is not None else loaded.voice
        if not inputs and loaded.inputs:
            specs = tuple(parse_inputs(list(loaded.inputs)))  # checked by load_profile
            try:
                keymap = frontend_config(specs).key_codes()
            except BadSettings as exc:
                raise RunConfigError(f"aac run: {settings}: {exc}", 2) from None
    elif scan or needs_scanning(list(specs)):
        scan_settings = ScanSettings().with_runtime_defaults()
    from .language import UnknownLanguage, resolve_set

    if theme_name is not None:  # --theme NAME: the named theme instead of the profile's
        from .ui.themes import UnknownTheme, theme_named

        try:
            theme = theme_named(theme_name, source="--theme")
        except UnknownTheme as exc:
            raise RunConfigError(f"aac run: {exc}", 2) from None
    root = Path(boards) if boards else default_boards()
    try:  # issue 11: --language TAG, else the profile, else the system locale, else en;
        # a folder of sets (``boards/``) gives the set of that language
        board_path = resolve_set(root, language, profile=profile_language)
    except UnknownLanguage as exc:
        raise RunConfigError(f"aac run: {exc}", 2) from None
    if board_path.suffix.lower() in (".obf", ".obz"):  # aac.obf only for a package
        from .obf.cache import for_run

        board_path = for_run(board_path)  # FILE.obz/.obf: imported into the cache (issue 14)
    return RunConfig(
        boards=board_path,
        window=window, screenshot=screenshot, exit_after=exit_after, terminal=terminal,
        scan=scan_settings, voice=voice, inputs=specs, keymap=keymap,
        switches=frontend_config(specs) if keymap is not None else None, theme=theme,
        log=log, touch=touch, clear_after_speak=clear_after_speak, volume=volume,
        carer_lock=carer_lock, sets_root=sets_root_of(root, board_path),
        profile=profile or (os.path.splitext(os.path.basename(settings))[0] if settings else None),
        profile_path=settings or None,
    )


def sets_root_of(given: Path, chosen: Path) -> Optional[Path]:
    """The folder of sets the carer menu offers: the one given (``boards/``), or the parent
    of a set given directly when that parent is a folder of sets; None otherwise."""
    from .language import is_sets_root

    for candidate in (given, chosen.parent):
        if candidate != chosen and is_sets_root(candidate):
            return candidate
    return None
