"""Round-trip YAML edits: the rest of the file (comments, order, flow style) is unchanged,
the write is atomic and the previous file is kept as a backup."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from aac.boards.loader import load_board_file
from aac.profile import load_profile
from aac.ui.themes import THEMES
from aac.yaml_edit import set_cell_sound, set_profile_keys

BOARDS = Path(__file__).resolve().parent.parent / "boards" / "en"


def test_set_cell_sound_keeps_comments_order_and_every_other_line(tmp_path: Path) -> None:
    board = tmp_path / "food.yaml"
    shutil.copy(BOARDS / "food.yaml", board)
    before = board.read_text(encoding="utf-8").splitlines()
    set_cell_sound(str(board), 1, 2, "juice.wav")
    after = board.read_text(encoding="utf-8").splitlines()
    assert len(after) == len(before)
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(changed) == 1
    old, new = changed[0]
    assert "label: juice" in old and new == old[:-1] + ", sound: juice.wav}"
    assert after[0].startswith("# Food and drink")  # the teacher's comment is kept
    assert (tmp_path / "food.yaml.bak").read_text(encoding="utf-8").splitlines() == before
    loaded, problems = load_board_file(board)
    assert loaded is not None
    cell = loaded.cell(1, 2)
    assert cell is not None and cell.sound == "juice.wav"


def test_set_cell_sound_on_an_empty_or_missing_cell_says_where(tmp_path: Path) -> None:
    board = tmp_path / "b.yaml"
    board.write_text("# mine\nrows:\n  - [{label: a}, null]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="row 1, column 2 is empty"):
        set_cell_sound(str(board), 0, 1, "x.wav")
    with pytest.raises(ValueError, match="no cell at row 3"):
        set_cell_sound(str(board), 2, 0, "x.wav")
    assert board.read_text(encoding="utf-8") == "# mine\nrows:\n  - [{label: a}, null]\n"


def test_profile_save_keeps_comments_and_backs_up(tmp_path: Path) -> None:
    p = tmp_path / "child.yaml"
    text = "# Sam's settings, from the OT on 3 May\ninterval_ms: 1500  # slower after lunch\n"
    p.write_text(text, encoding="utf-8")
    set_profile_keys(str(p), {"volume": 60, "theme": "high-contrast", "interval_ms": 1400})
    out = p.read_text(encoding="utf-8")
    assert out.startswith("# Sam's settings, from the OT on 3 May\ninterval_ms: 1400")
    assert "# slower after lunch" in out
    assert (tmp_path / "child.yaml.bak").read_text(encoding="utf-8") == text
    prof = load_profile(str(p))
    assert prof.volume == 60 and prof.theme == THEMES["high-contrast"]
    assert prof.scan.interval_ms == 1400
    assert [f.name for f in tmp_path.iterdir() if f.name.startswith(".aac-")] == []


def test_set_cell_sound_in_block_style_and_replacing_an_old_sound(tmp_path: Path) -> None:
    board = tmp_path / "b.yaml"
    board.write_text("rows:\n  # the first row\n  - - label: Mum\n      color: noun  # orange\n"
                     "    - {label: dad, sound: \"old one.wav\"}\n", encoding="utf-8")
    set_cell_sound(str(board), 0, 0, "mum.wav")
    set_cell_sound(str(board), 0, 1, "dad 2.wav")
    assert board.read_text(encoding="utf-8") == (
        "rows:\n  # the first row\n  - - label: Mum\n      color: noun  # orange\n"
        "      sound: mum.wav\n    - {label: dad, sound: \"dad 2.wav\"}\n")


def test_profile_save_can_drop_a_key_and_keeps_the_rest(tmp_path: Path) -> None:
    """Choosing Serbian drops an English ``voice:``; the comments around it stay."""
    p = tmp_path / "child.yaml"
    text = "# Sam\nvoice: girl\nvolume: 80  # loud classroom\n"
    p.write_text(text, encoding="utf-8")
    set_profile_keys(str(p), {"language": "sr"}, remove=["voice", "not-there"])
    assert p.read_text(encoding="utf-8") == "# Sam\nvolume: 80  # loud classroom\nlanguage: sr\n"
    assert (tmp_path / "child.yaml.bak").read_text(encoding="utf-8") == text


@pytest.mark.parametrize("rows, expected", [
    ("rows:\n  - [hi, bye]  # greetings\n",
     "rows:\n  - [hi, {label: bye, sound: home-bye.wav}]  # greetings\n"),
    ("rows:\n  - - hi\n    - 'bye now'\n",
     "rows:\n  - - hi\n    - {label: 'bye now', sound: home-bye.wav}\n"),
])
def test_a_short_form_cell_becomes_a_mapping_with_its_sound(tmp_path: Path, rows: str,
                                                           expected: str) -> None:
    board = tmp_path / "home.yaml"
    board.write_text("# my board\nname: Home\n" + rows, encoding="utf-8")
    set_cell_sound(str(board), 0, 1, "home-bye.wav")
    assert board.read_text(encoding="utf-8") == "# my board\nname: Home\n" + expected
