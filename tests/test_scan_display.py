"""Scanning display (issue 16.8), rendered headless and checked by pixels: the escape item is
its own labelled button in the board's language, a stopped scan says a press restarts it,
and the default highlight keeps the colour key (a green verb stays green)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame
import pytest
from helpers import replay_records

from aac.core.board import Board, BoardSet, Cell
from aac.core.clock import FakeClock
from aac.core.replay import outputs, press_edges, replay
from aac.core.scan import Highlighted, Prompt, ScanEngine
from aac.core.scan_settings import ScanSettings
from aac.core.scan_words import scan_words
from aac.core.session import Session
from aac.core.view import Highlight, ScanDisplay, View
from aac.loop import Runtime
from aac.testing import FakeFrontend, FakeSpeech
from aac.ui.render import Renderer
from aac.ui.theme import DEFAULT_THEME as T

SIZE = (800, 480)
GREEN = (0, 160, 0)


def board(locale: str = "en") -> Board:
    return Board("home", ((Cell("I", color="#FFEB3B"), Cell("want", color="#00A000")),
                          (Cell("eat", color="#00A000"), Cell("more"))), locale=locale)


def boards(locale: str = "en") -> BoardSet:
    return BoardSet({"home": board(locale)})


@pytest.fixture(scope="module", autouse=True)
def fonts() -> None:
    pygame.font.init()


def draw(view: View, tmp_path: Path, name: str = "f.png") -> tuple[pygame.Surface, Any]:
    surface = pygame.Surface(SIZE)
    layout = Renderer().draw(surface, view)
    pygame.image.save(surface, str(tmp_path / name))  # the pixels checked are the file's
    return pygame.image.load(str(tmp_path / name)), layout


def px(s: pygame.Surface, x: int, y: int) -> tuple[int, int, int]:
    c = s.get_at((x, y))
    return (c.r, c.g, c.b)


def test_a_lit_green_verb_stays_green_inside_its_frame(tmp_path: Path) -> None:
    img, lay = draw(View(board(), highlight=Highlight(frozenset({(0, 1)}), 2)), tmp_path)
    rect = lay.cells[(0, 1)]
    assert px(img, rect.x + 2, rect.center[1]) == T.highlight_frame
    assert px(img, rect.x + T.highlight_width + 4, rect.y + T.highlight_width + 4) == GREEN


def test_the_escape_item_is_its_own_button_at_each_rows_end_labelled_and_lit(
    tmp_path: Path,
) -> None:
    scan = ScanDisplay("back", "row")
    plain, lay = draw(View(board(), scan=scan), tmp_path, "plain.png")
    assert set(lay.escape) == {0, 1}
    for r, button in lay.escape.items():
        assert button.x > max(c.right for (rr, _), c in lay.cells.items() if rr == r)
        assert button.w >= 0.5 * lay.cells[(r, 0)].w  # a button, not a tag
        assert px(plain, button.x + 4, button.y + 4) == T.escape_background
        text = [(x, y) for x in range(button.x, button.right)
                for y in range(button.y, button.bottom) if px(plain, x, y) == T.escape_text]
        assert text, "the label is drawn on the button"
    back = Highlight(frozenset({(1, 0), (1, 1)}), 2, "back", back=True)
    lit, _ = draw(View(board(), highlight=back, scan=scan), tmp_path, "lit.png")
    b1, eat = lay.escape[1], lay.cells[(1, 0)]
    assert px(lit, b1.x + 2, b1.center[1]) == T.highlight_frame  # the button is framed ...
    assert px(lit, eat.x + 2, eat.center[1]) != T.highlight_frame  # ... not the row


def test_escape_buttons_sit_under_the_columns_in_column_row(tmp_path: Path) -> None:
    _, lay = draw(View(board(), scan=ScanDisplay("back", "column")), tmp_path)
    assert set(lay.escape) == {0, 1}
    assert lay.escape[0].y > lay.cells[(1, 0)].bottom


def test_the_escape_label_follows_the_board_locale_and_the_profile() -> None:
    assert scan_words("sr").escape == "назад" and scan_words("sr-Latn").escape == "nazad"
    assert scan_words("en_GB").escape == "back" and scan_words("xx").escape == "back"
    for locale, settings, want in (("sr", {}, "назад"), ("en", {}, "back"),
                                   ("sr", {"escape_label": "готово"}, "готово")):
        engine = ScanEngine(Session(boards(locale)),
                            ScanSettings(escape=True, prompt="label", **settings))
        outs = outputs(replay(engine, press_edges([(1, 0.1, 0.2)]), until=2.6))
        back = [o for o in outs if isinstance(o, Highlighted) and o.item is not None
                and o.item.kind == "back"]
        assert back and back[0].highlight is not None
        assert (back[0].highlight.label, back[0].highlight.back) == (want, True)
        assert Prompt(back[0].t, want) in outs  # auditory scanning says it too
        assert engine.display.escape_label == want and engine.display.escape_along == "row"


def test_no_escape_buttons_without_escape_or_in_linear() -> None:
    for settings in ({"escape": False}, {"escape": True, "pattern": "linear"}):
        d = ScanEngine(Session(boards()), ScanSettings(**settings)).display  # type: ignore[arg-type]
        assert (d.escape_label, d.escape_along) == ("", None)


def test_a_stopped_scan_shows_press_to_start_until_a_press(tmp_path: Path) -> None:
    engine = ScanEngine(Session(boards("ru")), ScanSettings(loops=1))
    replay(engine, [], until=2.0)  # two rows, 1 s each, one loop: stopped at 2 s
    assert engine.display.stopped and engine.display.stopped_label == "нажми, чтобы начать"
    view = View(board(), scan=ScanDisplay(stopped=True, stopped_label="press to start"))
    img, lay = draw(view, tmp_path)
    g = lay.grid
    assert px(img, g.x + 4, g.center[1]) == T.stopped_background
    label = [x for x in range(g.x, g.right) if px(img, x, g.center[1]) == T.stopped_text]
    assert len(label) > 20, "the words are drawn in the banner"
    running, _ = draw(View(board(), scan=ScanDisplay()), tmp_path, "running.png")
    assert px(running, g.x + 4, g.center[1]) != T.stopped_background


def test_on_press_start_waits_visibly_and_the_runtime_puts_it_in_the_view() -> None:
    clock = FakeClock(100.0)
    rt = Runtime(Session(boards()), FakeFrontend(clock, []), FakeSpeech(), clock=clock,
                 scan=ScanSettings(start="on-press"))
    rt.run(exit_after=1.0)
    rt.close()
    view = rt.view()
    assert view.highlight is None
    assert view.scan is not None and view.scan.stopped
    assert view.scan.stopped_label == "press to start"


def test_aac_run_turns_escape_on_unless_the_profile_says_otherwise() -> None:
    assert ScanSettings().escape is False  # the table, what aac simulate replays
    assert ScanSettings().with_runtime_defaults().escape is True
    assert ScanSettings.from_mapping({"interval_ms": 500}).with_runtime_defaults().escape
    assert not ScanSettings.from_mapping({"escape": False}).with_runtime_defaults().escape


def test_with_escape_a_wrong_row_is_left_within_one_pass_not_24_s() -> None:
    row8 = BoardSet({"home": Board("home", tuple(tuple(Cell(f"{r}{c}") for c in range(8))
                                                 for r in range(3)))})
    def back_to_level1(settings: ScanSettings) -> float:
        events, _ = replay_records(row8, settings, [(1, 1.5, 1.6)], until=40)
        return next(e["t"] for e in events if e["t"] > 1.5 and e.get("level") == 1)
    assert back_to_level1(ScanSettings()) == pytest.approx(1.5 + 24)  # the trap
    # with escape: after the row's 8 cells the back item; a press there at 9.5 s leaves
    events, _ = replay_records(row8, ScanSettings().with_runtime_defaults(),
                               [(1, 1.5, 1.6), (1, 9.6, 9.7)], until=10)
    assert {"t": 9.5, "type": "highlight", "level": 2, "row": 1, "back": True} in events
    assert events[-1] == {"t": 9.6, "type": "highlight", "level": 1, "row": 0}


def test_simulate_as_run_replays_aac_runs_escape_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from aac.cli import main

    (tmp_path / "boards").mkdir()
    (tmp_path / "boards" / "home.yaml").write_text(
        "id: home\nlocale: sr\nrows:\n  - [a, b]\n  - [c, d]\n", encoding="utf-8")
    settings = tmp_path / "me.yaml"
    settings.write_text("interval_ms: 1000\n", encoding="utf-8")
    runs = {}
    for extra in ([], ["--as-run"]):
        assert main(["simulate", str(tmp_path / "boards"), "--settings", str(settings), "--presses",
                     "0.5:0.6", "--until", "3.0", "--json", *extra]) == 0
        runs[bool(extra)] = json.loads(capsys.readouterr().out)["events"]
    assert not any(e.get("back") for e in runs[False])  # the file as written: no escape
    assert {"t": 2.5, "type": "highlight", "level": 2, "row": 0, "back": True} in runs[True]


def test_a_profile_may_name_the_escape_label_and_a_bad_one_is_pointed_at(
    tmp_path: Path,
) -> None:
    from aac.errors import BadSettings
    from aac.profile import load_profile

    good = tmp_path / "good.yaml"
    good.write_text("escape: true\nescape_label: готово\n", encoding="utf-8")
    assert load_profile(str(good)).scan.escape_label == "готово"
    bad = tmp_path / "bad.yaml"
    bad.write_text("escape_label: [back]\n", encoding="utf-8")
    with pytest.raises(BadSettings, match=r"bad.yaml:1:\d+: error: escape_label must be a short"):
        load_profile(str(bad))
