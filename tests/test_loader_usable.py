"""Issue 16.1 (loader side): one typo in a rarely used board must not silence the device.

``LoadResult.usable`` holds every board that loaded; links to a board that failed become
inert cells (``broken_link``); only a broken home board leaves nothing to start with, while
``boards`` stays None on any error so ``aac lint`` keeps exit 1.
"""

from __future__ import annotations

import tempfile
import wave
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from aac.boards.loader import load_board_set
from aac.core.board import Cell


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def write_wav(folder: Path, name: str) -> None:
    """A real clip: since issue 16.3 a file that is not audio is dropped with a warning."""
    folder.mkdir(parents=True, exist_ok=True)
    with wave.open(str(folder / name), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000), w.writeframes(bytes(320))


def links(cells: list[Cell]) -> list[tuple[str, object, object]]:
    return [(c.label, c.link, c.broken_link) for c in cells]


def test_a_set_with_one_broken_board_loads_the_rest(tmp_path: Path) -> None:
    write(tmp_path, "home.yaml", "rows: [[hi, {label: Food, link: food}, "
                                 "{label: Toys, link: toys}, {label: Ghost, link: ghost}]]\n")
    write(tmp_path, "food.yaml", "rows: [[apple, {label: Toys, link: toys}, "
                                 "{label: Home, action: home}]]\n")
    write(tmp_path, "toys.yaml", "rows: [[{label: Back, action: bakc}]]\n")  # the typo
    result = load_board_set(tmp_path)
    assert result.boards is None and [p.line for p in result.errors] == [1, 1]  # bakc, ghost
    usable = result.usable
    assert usable is not None and usable.home == "home"
    assert sorted(usable.boards) == ["food", "home"]
    assert links([c for c in usable["home"].rows[0] if c]) == [
        ("hi", None, None), ("Food", "food", None), ("Toys", None, "toys"),
        ("Ghost", None, "ghost")]
    assert links([c for c in usable["food"].rows[0] if c])[1] == ("Toys", None, "toys")


def test_a_broken_home_board_leaves_nothing_usable(tmp_path: Path) -> None:
    write(tmp_path, "home.yaml", "rows: [[{label: Food, link: food, colr: red}]]\n")
    write(tmp_path, "food.yaml", "rows: [[apple]]\n")
    result = load_board_set(tmp_path)
    assert result.boards is None and result.usable is None


def test_a_clean_set_is_usable_as_it_is(tmp_path: Path) -> None:
    write(tmp_path, "home.yaml", "rows: [[{label: Food, link: food}]]\n")
    write(tmp_path, "food.yaml", "rows: [[{label: Back, action: back}]]\n")
    result = load_board_set(tmp_path)
    assert result.ok and result.usable == result.boards


BOARD_IDS = ["home", "a", "b", "c"]


@settings(max_examples=60, deadline=None)
@given(broken=st.sets(st.sampled_from(BOARD_IDS)),
       targets=st.lists(st.sampled_from(BOARD_IDS + ["zz"]), min_size=1, max_size=6))
def test_usable_keeps_exactly_the_boards_that_loaded(broken: set[str],
                                                     targets: list[str]) -> None:
    """Whatever boards fail, no usable link leads to a board that is not in the set."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cells = ", ".join(f"{{label: go{i}, link: {t}}}" for i, t in enumerate(targets))
        for bid in BOARD_IDS:
            typo = "  - [{label: x, actoin: back}]\n" if bid in broken else ""
            write(folder, f"{bid}.yaml", f"rows:\n  - [{cells}]\n{typo}")
        result = load_board_set(folder)
        if "home" in broken:
            assert result.usable is None
            return
        usable = result.usable
        assert usable is not None
        assert set(usable.boards) == set(BOARD_IDS) - broken
        for board in usable.boards.values():
            for cell, target in zip(board.rows[0], targets):
                assert cell is not None
                if target in usable:
                    assert (cell.link, cell.broken_link) == (target, None)
                else:
                    assert (cell.link, cell.broken_link) == (None, target)
        assert (result.boards is None) == bool(broken or "zz" in targets)


def test_an_error_in_set_yml_names_set_yml(tmp_path: Path) -> None:
    write(tmp_path, "home.yaml", "rows: [[hi]]\n")
    write(tmp_path, "set.yml", "home: start\n")
    result = load_board_set(tmp_path)
    assert [(p.file, p.line, p.col) for p in result.errors] == [
        (str(tmp_path / "set.yml"), 1, 7)]
    assert 'home board "start" is not in the set' in result.errors[0].message


def test_paths_are_resolved_once_at_load(tmp_path: Path) -> None:
    """Issue 9.5: symbol_file/sound_file are absolute, None when the file is missing; every
    named file (found or not) is in media_files so adding a picture can reload the set."""
    write(tmp_path / "pics", "cat.png", "x")
    write_wav(tmp_path / "clips", "moo.wav")
    write(tmp_path / "sub", "home.yaml",
          "rows: [[{label: cat, symbol: ../pics/cat.png, sound: ../clips/moo.wav}, "
          "{label: dog, symbol: dog.png}]]\n")
    result = load_board_set(tmp_path / "sub" / "home.yaml")
    assert result.boards is not None
    cat, dog = result.boards["home"].rows[0]
    assert cat is not None and dog is not None
    assert (cat.symbol, cat.symbol_file) == ("../pics/cat.png", str(tmp_path / "pics/cat.png"))
    assert cat.sound_file == str(tmp_path / "clips" / "moo.wav")
    assert (dog.symbol, dog.symbol_file) == ("dog.png", None)
    assert result.media_files == (str(tmp_path / "pics/cat.png"),
                                  str(tmp_path / "clips/moo.wav"),
                                  str(tmp_path / "sub" / "dog.png"))


def test_inert_links_and_clips_found_are_not_prerendered(tmp_path: Path) -> None:
    """Pre-rendering follows what selecting says: an inert folder says nothing, a cell whose
    clip was found plays it, a cell whose clip is missing is synthesised."""
    from aac.speech.prerender import board_texts

    write_wav(tmp_path, "moo.wav")
    write(tmp_path, "home.yaml", "rows: [[hi, {label: Toys, link: toys}, "
                                 "{label: cow, sound: moo.wav}, {label: dog, sound: woof.wav}]]\n")
    write(tmp_path, "toys.yaml", "rows: [[{label: ball, colr: red}]]\n")
    usable = load_board_set(tmp_path).usable
    assert usable is not None
    assert board_texts(usable)[0] == ["hi", "dog"]
