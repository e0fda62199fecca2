"""Connecting the carer menu to a running communicator (``aac run``), in one place.

Gives the screen's carer gate the profile's lock gesture, the sets and voices to offer, and
the record-a-voice flow; and puts a :class:`~aac.loop.carer_apply.CarerApplier` between the
menu's changes and the runtime (set and voice applied at once, every change saved).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional

from .boards.problems import LoadResult
from .carer_choices import CarerChoices, set_tag
from .core.outputs import Speak, Utterance
from .loop.carer_apply import CarerApplier, MakeSpeech, WatcherSlot
from .loop.runtime import Runtime
from .run_config import RunConfig

if TYPE_CHECKING:
    from .session_store import SessionSaver


def attach_carer_menu(config: RunConfig, runtime: Runtime, frontend: Any, speech: Any,
                      make_speech: MakeSpeech, watcher: WatcherSlot,
                      on_reload: Callable[[LoadResult], None],
                      save_other: Callable[[str, object], None],
                      on_status: Callable[[str], None],
                      saver: Optional[SessionSaver] = None) -> Optional[CarerApplier]:
    """Wire it all; None when the front end has no carer gate (a window, the terminal).
    ``saver``: the session saver, which follows a set change (``SessionSaver.use_set``)."""
    gate = getattr(frontend, "carer", None)
    if gate is None:
        runtime.on_carer_change = save_other
        return None
    if config.carer_lock is not None:
        gate.use_settings(config.carer_lock)
    runtime.hold_switches = lambda: gate.lock.state == "open"  # the carer is using it
    current = set_tag(Path(config.boards), config.sets_root)
    choices = CarerChoices(config.sets_root, current,
                           runtime.session.boards.language or current, config.voice)
    gate.choices = choices

    def on_set(path: Path, result: LoadResult) -> None:
        from .boards.watch import BoardWatcher

        watcher.use(BoardWatcher(path, on_reload, interval=0.5, initial=result))
        if saver is not None:  # the saved session belongs to the set shown
            saver.use_set(path)

    def play(path: str) -> None:
        speech.speak(Speak((Utterance("", path),)))

    cell_at = getattr(frontend, "cell_at", None)
    if cell_at is not None:
        gate.make_recorder = lambda: record_flow(cell_at, play, frontend.wake,
                                                 cells=getattr(frontend, "cell_rects", None))
    return CarerApplier(runtime, choices, config.profile_path, save_other, on_status,
                        speech=speech, make_speech=make_speech, on_set=on_set)


def record_flow(cell_at: Callable[[float, float], Any], play: Callable[[str], None],
                wake: Callable[[], None], capture: Any = None, cells: Any = None) -> Any:
    """The record-a-voice flow on this screen (``capture``: a test's fake microphone;
    ``cells``: where the cells are drawn, for picking one with the keyboard)."""
    from .ui.carer_record import CellTarget, RecordFlow, microphone_capture

    def target(x: float, y: float) -> Optional[CellTarget]:
        found = cell_at(x, y)
        if found is None:
            return None
        board, row, col = found
        cell = board.cell(row, col)
        if cell is None:
            return None
        return CellTarget(board.id, board.path, row, col, cell.label)

    return RecordFlow(target, play, wake, capture or microphone_capture, cells=cells)
