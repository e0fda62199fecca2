"""Use the carer menu as a carer would, on a private Xvfb: hold the corner, confirm, open
"Language and boards", page to Serbian, choose it, close, then quit from the menu; a
screenshot after each step (``OUT/*.png``), then the profile and its ``.bak`` are printed.

    .venv/bin/python scripts/carer_walkthrough.py 800 480 /tmp/shots
    .venv/bin/python scripts/carer_walkthrough.py record 800 480 /tmp/shots

The second records a voice for "want" from the menu, SDL's ``disk`` capture driver playing
the microphone (a generated tone), and keeps it.

Needs Xvfb and xdotool. A demonstration, not a test: it waits with sleeps as a person would.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


class _XImage(ctypes.Structure):
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
                ("format", ctypes.c_int), ("data", ctypes.POINTER(ctypes.c_ubyte)),
                ("byte_order", ctypes.c_int), ("bitmap_unit", ctypes.c_int),
                ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int),
                ("depth", ctypes.c_int), ("bytes_per_line", ctypes.c_int),
                ("bits_per_pixel", ctypes.c_int)]


def shot(display: str, path: Path) -> None:
    """The X root window as a PNG (XGetImage; no ImageMagick or xwd needed)."""
    x = ctypes.CDLL("libX11.so.6")
    x.XOpenDisplay.restype = ctypes.c_void_p
    x.XDefaultRootWindow.restype = ctypes.c_ulong
    x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x.XGetImage.restype = ctypes.POINTER(_XImage)
    x.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                            ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
    d = x.XOpenDisplay(display.encode())
    w = x.XDisplayWidth(ctypes.c_void_p(d), 0)
    h = x.XDisplayHeight(ctypes.c_void_p(d), 0)
    img = x.XGetImage(d, x.XDefaultRootWindow(d), 0, 0, w, h, 0xFFFFFFFF, 2).contents
    raw = ctypes.string_at(img.data, img.bytes_per_line * h)
    x.XCloseDisplay(ctypes.c_void_p(d))
    import pygame

    pygame.image.save(pygame.image.frombuffer(raw, (w, h), "BGRA"), str(path))


def main(w: int, h: int, out: Path) -> None:
    from aac.ui.xvfb import xvfb

    out.mkdir(parents=True, exist_ok=True)
    run = out / "run"
    shutil.rmtree(run, ignore_errors=True)
    run.mkdir()
    shutil.copytree(REPO / "boards", run / "boards")
    prof = run / "sam.yaml"
    prof.write_text("# Sam's tablet\nvolume: 80  # loud classroom\nvoice: girl\n"
                    "clear_after_speak: false\ncarer:\n  corner: top-left\n  hold_s: 3\n",
                    encoding="utf-8")

    def items(page: str = "main", index: int = 0, language: str = "en"
              ) -> dict[str, tuple[int, int]]:
        """Where the menu's buttons are (the menu's own layout code, same screen size)."""
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        from aac.carer_choices import CarerChoices
        from aac.i18n import set_language
        from aac.ui.carer import CarerGate

        set_language(language)
        g = CarerGate((w, h))
        g.choices = CarerChoices(run / "boards", "en", "en", "girl")
        g.make_recorder = lambda: None  # type: ignore[assignment,return-value]
        g.page, g.page_index = page, index
        return {i.action: i.rect.center for i in g.menu_items()}

    def xdo(*args: object) -> None:
        subprocess.run(["xdotool", *map(str, args)], check=True)

    def tap(pos: tuple[int, int], wait: float = 0.5) -> None:
        xdo("mousemove", *pos)
        xdo("click", 1)
        time.sleep(wait)

    def hold_corner() -> None:
        xdo("mousemove", 5, 5)
        xdo("mousedown", 1)
        time.sleep(3.4)

    with xvfb((w, h)) as display:
        assert display is not None, "Xvfb did not start"
        env = dict(os.environ, DISPLAY=display, SDL_AUDIODRIVER="dummy")
        env.pop("SDL_VIDEODRIVER", None)
        os.environ["DISPLAY"] = display
        with open(out / "stderr.txt", "w", encoding="utf-8") as err:
            proc = subprocess.Popen([sys.executable, "-m", "aac", "run", str(run / "boards"),
                                     "--settings", str(prof)], env=env, stderr=err)
            time.sleep(6)
            shot(display, out / "0-board.png")
            hold_corner()
            shot(display, out / "1-confirm.png")
            xdo("mouseup", 1)
            tap((w // 2, h // 2))
            shot(display, out / "2-menu.png")
            tap(items()["set"])
            shot(display, out / "3-sets-page1.png")
            page = 0
            while "set:sr" not in items("sets", page):
                tap(items("sets", page)["next"])
                page += 1
            shot(display, out / "4-sets-page-with-sr.png")
            tap(items("sets", page)["set:sr"], wait=3)
            shot(display, out / "5-menu-after-sr.png")
            tap(items(language="sr")["close"], wait=1)
            shot(display, out / "6-board-sr.png")
            hold_corner()
            xdo("mouseup", 1)
            tap((w // 2, h // 2))
            tap(items(language="sr")["quit"], wait=0)
            try:
                print("exit status", proc.wait(timeout=10))
            except subprocess.TimeoutExpired:
                proc.terminate()
                print("did not quit; terminated")
    print("--- profile now:\n" + prof.read_text(encoding="utf-8"))
    bak = run / "sam.yaml.bak"
    print("--- .bak:\n" + (bak.read_text(encoding="utf-8") if bak.exists() else "(none)"))
    print("--- stderr:\n" + (out / "stderr.txt").read_text(encoding="utf-8"))


def record(w: int, h: int, out: Path) -> None:
    """Record a voice for "want" from the menu, the microphone being SDL's ``disk`` capture
    driver reading a generated 440 Hz tone in silence; Keep; show the board file's change."""
    import numpy as np

    from aac.boards.loader import load_board_set
    from aac.core.view import View
    from aac.ui.render import Renderer
    from aac.ui.xvfb import xvfb

    out.mkdir(parents=True, exist_ok=True)
    run = out / "run-record"
    shutil.rmtree(run, ignore_errors=True)
    shutil.copytree(REPO / "boards" / "en", run / "en")
    rate = 16000
    t = np.arange(rate // 2) / rate
    tone = (0.2 * 32767 * np.sin(2 * np.pi * 440 * t)).astype("<i2")
    quiet = np.zeros(rate, dtype="<i2")
    (run / "mic.raw").write_bytes(np.concatenate([quiet, tone, quiet] * 4).tobytes())
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    import pygame

    pygame.font.init()
    boards = load_board_set(run / "en").boards
    assert boards is not None
    want = Renderer().layout_for(View(boards["home"]), (w, h)).cells[(0, 1)].center

    def xdo(*args: object) -> None:
        subprocess.run(["xdotool", *map(str, args)], check=True)

    def tap(pos: tuple[int, int], wait: float = 0.5) -> None:
        xdo("mousemove", *pos)
        xdo("click", 1)
        time.sleep(wait)

    with xvfb((w, h)) as display:
        assert display is not None, "Xvfb did not start"
        env = dict(os.environ, DISPLAY=display, SDL_AUDIODRIVER="disk",
                   SDL_DISKAUDIOFILEIN=str(run / "mic.raw"),
                   SDL_DISKAUDIOFILE=str(run / "speaker.raw"))
        env.pop("SDL_VIDEODRIVER", None)
        os.environ["DISPLAY"] = display
        with open(out / "stderr-record.txt", "w", encoding="utf-8") as err:
            proc = subprocess.Popen([sys.executable, "-m", "aac", "run", str(run / "en")],
                                    env=env, stderr=err)
            time.sleep(6)
            xdo("mousemove", 5, 5)
            xdo("mousedown", 1)
            time.sleep(3.4)
            xdo("mouseup", 1)
            tap((w // 2, h // 2))
            from aac.ui.carer import CarerGate

            gate = CarerGate((w, h))
            gate.make_recorder = lambda: None  # type: ignore[assignment,return-value]
            tap({i.action: i.rect.center for i in gate.menu_items()}["record"])
            shot(display, out / "r1-pick-a-cell.png")
            tap(want, wait=1.5)
            shot(display, out / "r2-recording.png")
            time.sleep(3)
            shot(display, out / "r3-review.png")
            from aac.ui.carer_record import RecordFlow

            flow = RecordFlow(lambda x, y: None, lambda p: None, lambda: None)
            flow.state = "review"
            flow._area, flow._screen = gate.panel(), (w, h)
            tap(dict(flow.buttons())["keep"].center, wait=2)
            shot(display, out / "r4-kept.png")
            proc.terminate()
            proc.wait(timeout=10)
    print("--- the board file's changed line:")
    old = (run / "en" / "home.yaml.bak").read_text(encoding="utf-8").splitlines()
    new = (run / "en" / "home.yaml").read_text(encoding="utf-8").splitlines()
    print("\n".join(f"- {a}\n+ {b}" for a, b in zip(old, new) if a != b))
    print("WAVs:", sorted(p.name for p in (run / "en").glob("*.wav")))
    print("--- stderr:\n" + (out / "stderr-record.txt").read_text(encoding="utf-8"))


if __name__ == "__main__":
    if sys.argv[1:2] == ["record"]:
        record(int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]))
    else:
        main(int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))
