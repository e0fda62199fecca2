"""Recording a voice for a cell without a pointer: on a keyboard-only set-up (and the carer of
a switch user, whose device scans) the arrows move a visible frame over the cells, Enter
records for the framed cell, Esc goes back. Real pygame key events on a headless screen."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pygame
import pytest
from helpers import NoWatcher

from aac.boards.loader import load_board_set
from aac.carer_menu_setup import attach_carer_menu
from aac.core.scan_settings import ScanSettings
from aac.core.session import Session
from aac.i18n import set_language
from aac.loop import Runtime
from aac.loop.carer_apply import CarerApplier, WatcherSlot
from aac.run_config import RunConfig
from aac.speech.switch import SpeechSwitch
from aac.testing import FakeSpeech
from aac.ui.carer import FOCUS, CarerGate
from aac.ui.carer_record import RecordFlow
from aac.ui.pygame_frontend import PygameFrontend

BOARDS = Path(__file__).resolve().parent.parent / "boards" / "en"


@dataclass
class Rig:
    fe: PygameFrontend
    rt: Runtime
    menu: CarerApplier
    stop: threading.Event

    @property
    def gate(self) -> CarerGate:
        assert self.fe.carer is not None
        return self.fe.carer

    @property
    def flow(self) -> RecordFlow:
        assert self.gate.flow is not None
        return self.gate.flow

    def press(self, key: int, ch: str = "") -> None:
        for kind in (pygame.KEYDOWN, pygame.KEYUP):
            pygame.event.post(pygame.event.Event(kind, key=key, mod=0, unicode=ch, scancode=0))
        self.rt.step(0)

    def open_record_by_keys(self) -> None:
        for _step in range(30):
            buttons = self.gate._buttons()
            if self.gate.focus is not None and buttons[self.gate.focus][0] == "record":
                self.press(pygame.K_RETURN, "\r")
                return
            self.press(pygame.K_DOWN)
        raise AssertionError("the focus never reached the record button")

    def pixel(self, x: int, y: int) -> tuple[int, ...]:
        return tuple(self.fe.screen.get_at((x, y)))[:3]


@pytest.fixture(params=[False, True], ids=["keyboard", "scanning"])
def rig(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Rig]:
    scan: bool = request.param
    boards = tmp_path / "en"
    shutil.copytree(BOARDS, boards)
    set_language("en")
    fe = PygameFrontend((800, 480), fullscreen=False, carer_lock=True, scan=scan)
    result = load_board_set(boards)
    assert result.boards is not None
    rt = Runtime(Session(result.boards), fe, SpeechSwitch(FakeSpeech()),
                 scan=ScanSettings(interval_ms=250) if scan else None)
    menu = attach_carer_menu(RunConfig(boards=boards), rt, fe, rt.speech,
                             lambda v, lang: FakeSpeech(), WatcherSlot(NoWatcher()),
                             lambda r: None, lambda k, v: None, lambda t: None)
    assert menu is not None
    rt.redraw()
    pygame.event.clear()
    r = Rig(fe, rt, menu, threading.Event())
    for ch in "carer":
        r.press(getattr(pygame, f"K_{ch}"), ch)
    assert r.gate.lock.state == "open"
    yield r
    r.stop.set()
    menu.close()
    fe.close()
    set_language(None)


def held_capture(stop_too: threading.Event) -> Callable[..., np.ndarray]:
    """A microphone that records until the flow (or the test) stops it."""
    def capture(seconds: float, on_chunk: Callable[[np.ndarray], None],
                stop: threading.Event) -> np.ndarray:
        end = time.monotonic() + 10
        while not (stop.is_set() or stop_too.is_set()) and time.monotonic() < end:
            stop.wait(0.01)
        return np.zeros(1600, dtype=np.int16)
    return capture


def test_arrows_move_a_frame_over_the_cells_and_enter_records_for_it(rig: Rig) -> None:
    r = rig
    r.open_record_by_keys()
    assert r.flow.state == "pick"
    r.flow.capture = held_capture(r.stop)
    cells = r.fe.cell_rects()
    first = min(cells)
    assert r.flow.cursor == first  # chosen from the keyboard: the frame is there at once
    rect = cells[first]
    assert r.pixel(rect.x + 1, rect.center[1]) == FOCUS  # and it is drawn
    r.press(pygame.K_RIGHT)
    r.press(pygame.K_RIGHT)
    r.press(pygame.K_DOWN)
    want = (first[0] + 1, first[1] + 2)
    assert r.flow.cursor == want
    rect = cells[want]
    assert r.pixel(rect.x + 1, rect.center[1]) == FOCUS
    assert r.pixel(cells[first].x + 1, cells[first].center[1]) != FOCUS  # moved, not added
    r.press(pygame.K_RETURN, "\r")
    assert r.flow.state == "recording" and r.flow.target is not None
    cell = r.rt.session.board.cell(*want)
    assert cell is not None and r.flow.target.label == cell.label
    assert (r.flow.target.row, r.flow.target.col) == want
    r.press(pygame.K_ESCAPE)  # stops and goes back to the menu, nothing saved
    assert r.gate.flow is None and r.gate.showing
    assert r.rt.session.message == ()  # no key reached the board as a press or a selection


def test_esc_while_picking_goes_back_to_the_menu(rig: Rig) -> None:
    r = rig
    r.open_record_by_keys()
    r.press(pygame.K_TAB)
    assert r.flow.cursor is not None and r.flow.state == "pick"
    r.press(pygame.K_ESCAPE)
    assert r.gate.flow is None and r.gate.page == "main" and r.gate.showing
    assert r.rt.session.message == ()
