"""Recording a voice for a cell from the carer menu, on a headless pygame screen with a fake
microphone: pick the cell by touching it, record (on another thread: the loop keeps going),
hear it back, keep it - the WAV beside the board and the cell's ``sound:`` set, as ``aac
record`` does - or discard it; no microphone or only silence: a message, nothing changed."""

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

from aac.boards.loader import load_board_set
from aac.carer_menu_setup import record_flow
from aac.core.events import Status
from aac.core.session import Session
from aac.i18n import set_language
from aac.loop import Runtime
from aac.speech.microphone import NoMicrophone
from aac.speech.switch import SpeechSwitch
from aac.testing import FakeSpeech
from aac.ui.carer_record import RecordFlow
from aac.ui.pygame_frontend import PygameFrontend

BOARDS = Path(__file__).resolve().parent.parent / "boards" / "en"
RATE = 16000


def signal() -> np.ndarray:
    t = np.arange(int(0.5 * RATE)) / RATE
    tone = (0.1 * 32767 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)
    quiet = np.zeros(int(0.6 * RATE), dtype=np.int16)
    return np.concatenate([quiet, tone, quiet])


@dataclass
class Rig:
    fe: PygameFrontend
    rt: Runtime
    speech: FakeSpeech
    boards: Path
    release: threading.Event
    threads: list[str]

    @property
    def flow(self) -> RecordFlow:
        assert self.fe.carer is not None and self.fe.carer.flow is not None
        return self.fe.carer.flow

    def pump(self, until: Callable[[], bool], timeout: float = 10.0) -> None:
        end = time.monotonic() + timeout
        while not until() and time.monotonic() < end:
            self.rt.step(0.02)
        assert until()

    def click(self, x: int, y: int) -> None:
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(x, y), button=1,
                                             touch=False))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(x, y), button=1,
                                             touch=False))
        self.rt.step(0)

    def tap(self, action: str) -> None:
        found = dict(self.flow.buttons())
        assert action in found, (action, self.flow.state, list(found))
        self.click(*found[action].center)

    def menu_tap(self, action: str) -> None:
        assert self.fe.carer is not None
        self.click(*{i.action: i.rect for i in self.fe.carer.menu_items()}[action].center)


def make_rig(tmp_path: Path, capture: Callable[..., np.ndarray]) -> Rig:
    boards = tmp_path / "en"
    shutil.copytree(BOARDS, boards)
    set_language("en")
    fe = PygameFrontend((800, 480), fullscreen=False, carer_lock=True)
    result = load_board_set(boards)
    assert result.boards is not None
    inner = FakeSpeech()
    speech = SpeechSwitch(inner)
    rt = Runtime(Session(result.boards), fe, speech)

    def play(path: str) -> None:
        from aac.core.outputs import Speak, Utterance

        speech.speak(Speak((Utterance("", path),)))

    assert fe.carer is not None
    fe.carer.make_recorder = lambda: record_flow(fe.cell_at, play, fe.wake, capture)
    rt.redraw()
    pygame.event.clear()
    for ch in "carer":
        k = getattr(pygame, f"K_{ch}")
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=ch,
                                             scancode=0))
    rt.step(0)
    return Rig(fe, rt, inner, boards, threading.Event(), [])


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    holder: list[Rig] = []

    def capture(seconds: float, on_chunk: Callable[[np.ndarray], None],
                stop: threading.Event) -> np.ndarray:
        r = holder[0]
        r.threads.append(threading.current_thread().name)
        assert r.release.wait(10)  # held until the test has seen the loop keep going
        sig = signal()
        for chunk in np.array_split(sig, 10):
            on_chunk(chunk)
        return sig

    r = make_rig(tmp_path, capture)
    holder.append(r)
    yield r
    r.release.set()
    r.fe.close()
    set_language(None)


def cell_centre(r: Rig, row: int, col: int) -> tuple[int, int]:
    layout = r.fe.renderer.layout
    assert layout is not None
    return layout.cells[(row, col)].center


def test_record_keep_sets_the_cells_sound_beside_the_board(rig: Rig) -> None:
    r = rig
    r.menu_tap("record")
    assert r.flow.state == "pick"
    assert tuple(r.fe.screen.get_at((5, 5)))[:3] == (255, 221, 0)  # the banner, board below
    r.click(*cell_centre(r, 0, 1))  # "want"
    assert r.flow.state == "recording" and r.flow.target is not None
    assert r.flow.target.label == "want"
    r.pump(lambda: bool(r.threads))
    # the capture is still running: the loop goes on (the scan would keep its timing)
    r.rt.post(Status("still here", time.monotonic()))
    r.rt.step(0.01)
    assert "still here" in r.rt.status and r.flow.state == "recording"
    assert r.threads == ["aac-carer-record"]
    r.release.set()
    r.pump(lambda: r.flow.state == "review")
    take = r.flow.take
    assert take is not None and Path(take).exists()
    assert [p.sound for q in r.speech.requests for p in q.parts] == [take]  # heard back
    r.rt.step(0)
    r.tap("play")
    assert len(r.speech.requests) == 2
    before = (r.boards / "home.yaml").read_text(encoding="utf-8").splitlines()
    r.tap("keep")
    r.pump(lambda: r.flow.state == "message")
    wav = r.boards / "home-want.wav"
    assert wav.exists() and not Path(take).exists()
    assert "home-want.wav" in r.flow.message
    after = (r.boards / "home.yaml").read_text(encoding="utf-8").splitlines()
    assert sum(a != b for a, b in zip(before, after)) == 1 and len(after) == len(before)
    assert (r.boards / "home.yaml.bak").exists()
    result = load_board_set(r.boards)
    assert result.boards is not None
    cell = result.boards["home"].cell(0, 1)
    assert cell is not None and cell.sound_file == str(wav)
    r.rt.step(0)
    r.tap("ok")
    assert r.fe.carer is not None and r.fe.carer.flow is None and r.fe.carer.showing


def test_discard_changes_nothing(rig: Rig) -> None:
    r = rig
    r.release.set()
    r.menu_tap("record")
    r.click(*cell_centre(r, 0, 1))
    r.pump(lambda: r.flow.state == "review")
    take = r.flow.take
    r.rt.step(0)
    r.tap("discard")
    assert take is not None and not Path(take).exists()
    assert not (r.boards / "home-want.wav").exists()
    assert not (r.boards / "home.yaml.bak").exists()


@pytest.mark.parametrize("problem,words", [
    (NoMicrophone("no microphone found (SDL sees no audio capture device)"), "No microphone"),
    (None, "Only silence"),
])
def test_no_microphone_or_silence_is_a_message_and_nothing_changes(
        tmp_path: Path, problem: Exception, words: str) -> None:
    def capture(seconds: float, on_chunk: Callable[[np.ndarray], None],
                stop: threading.Event) -> np.ndarray:
        if problem is not None:
            raise problem
        return np.zeros(RATE, dtype=np.int16)

    r = make_rig(tmp_path, capture)
    try:
        before = (r.boards / "home.yaml").read_text(encoding="utf-8")
        r.menu_tap("record")
        r.click(*cell_centre(r, 0, 1))
        r.pump(lambda: r.flow.state == "message")
        assert words in r.flow.message
        assert (r.boards / "home.yaml").read_text(encoding="utf-8") == before
        assert list(r.boards.glob("*.wav")) == []
        assert r.speech.requests == []
    finally:
        r.fe.close()
        set_language(None)
