"""Issue 11 after the English set moved to ``boards/en/``: a folder of sets (``boards/``) is a
first-class path for run, simulate and lint, and the carer's texts follow the set's language
(status line, emergency board, ``aac lint``) while English output stays as it was."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from aac import i18n
from aac.app import starting_boards
from aac.boards.problems import LoadResult, Problem
from aac.carer_texts import _PROBLEMS, TEMPLATES, localise, localise_problem
from aac.commands._boards import load_or_report
from aac.core.board import Board, BoardSet, Cell
from aac.core.events import Status
from aac.core.session import Session
from aac.language import declared_language, is_sets_root, resolve_set
from aac.loop import Runtime
from aac.loop.carer import _LEAD, board_problem_text
from aac.run_config import build_run_config
from aac.testing import FakeClock, FakeFrontend, FakeSpeech

REPO = Path(__file__).resolve().parent.parent
BOARDS = REPO / "boards"
TAGS = ["sr", "sr-Latn", "ru", "be", "uk", "az", "sq", "mn"]


@pytest.fixture(autouse=True)
def english_locale(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """A C locale and a private catalogue cache; the carer's language reset afterwards."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    i18n.set_language(None)
    yield
    i18n.set_language(None)


def aac(*args: str, cwd: Path = REPO, lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "LANG": lang, "SDL_VIDEODRIVER": "dummy",
           "SDL_AUDIODRIVER": "dummy"}
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        env.pop(var, None)
    return subprocess.run([sys.executable, "-m", "aac", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=120, stdin=subprocess.DEVNULL)


# -- which set is this path ------------------------------------------------------------------------
def test_the_english_set_lives_in_boards_en_and_boards_is_a_sets_root() -> None:
    assert not list(BOARDS.glob("*.yaml"))  # every default set in boards/<tag>/
    assert (BOARDS / "en" / "home.yaml").is_file()
    assert is_sets_root(BOARDS) and not is_sets_root(BOARDS / "en")
    assert declared_language(BOARDS / "en") == "en" and declared_language(BOARDS / "sr") == "sr"


def test_a_sets_root_resolves_to_the_set_of_the_chosen_language() -> None:
    assert resolve_set(BOARDS, environ={"LANG": "C"}) == BOARDS / "en"
    assert resolve_set(BOARDS, environ={"LANG": "sr_RS@latin"}) == BOARDS / "sr-Latn"
    assert resolve_set(BOARDS, "mn", environ={"LANG": "sr_RS"}) == BOARDS / "mn"  # flag first
    assert resolve_set(BOARDS / "ru", environ={"LANG": "sr_RS"}) == BOARDS / "ru"  # a set is a set


def test_a_sets_root_without_english_picks_one_of_its_own_sets(tmp_path: Path) -> None:
    shutil.copytree(BOARDS / "sr", tmp_path / "sr")
    shutil.copytree(BOARDS / "ru", tmp_path / "ru")
    assert resolve_set(tmp_path, environ={"LANG": "ru_RU.UTF-8"}) == tmp_path / "ru"
    assert resolve_set(tmp_path, environ={"LANG": "C"}) in (tmp_path / "ru", tmp_path / "sr")


def test_run_config_resolves_boards_and_no_argument_by_language(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert build_run_config(boards=str(BOARDS)).boards == BOARDS / "en"
    assert build_run_config(boards=str(BOARDS), language="sr").boards == BOARDS / "sr"
    assert build_run_config().boards == BOARDS / "en"
    monkeypatch.setenv("LANG", "uk_UA.UTF-8")
    assert build_run_config(boards=str(BOARDS)).boards == BOARDS / "uk"


def test_simulate_loads_the_set_of_the_locale_from_a_sets_root(
        monkeypatch: pytest.MonkeyPatch) -> None:
    result = load_or_report(str(BOARDS), "aac simulate")
    assert result is not None and result.boards.language == "en"
    monkeypatch.setenv("LANG", "az_AZ.UTF-8")
    result = load_or_report(str(BOARDS), "aac simulate")
    assert result is not None and result.boards.language == "az"


@pytest.mark.slow
def test_aac_simulate_and_run_accept_the_sets_root() -> None:
    sim = aac("simulate", "boards", "--presses", "1.7:1.8", "--until", "3", lang="sr_RS.UTF-8")
    assert sim.returncode == 0, sim.stderr
    run = aac("run", "boards", "--terminal", "--exit-after", "0.5")
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr


# -- aac lint on a sets root -----------------------------------------------------------------------
@pytest.mark.slow
def test_lint_of_the_sets_root_checks_every_set_with_a_summary_each() -> None:
    proc = aac("lint", "boards")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert lines == [f"ok: boards/{t}: 7 boards: 0 errors, 0 warnings"  # LANG=C: English
                     for t in sorted(["en", *TAGS])]
    serbian = aac("lint", "boards", lang="sr_RS.UTF-8")  # one language: the locale's
    assert "у реду: boards/en: табли: 7 — грешака: 0, упозорења: 0" in serbian.stdout


def test_lint_of_a_sets_root_with_one_broken_set_fails_naming_the_place(tmp_path: Path) -> None:
    for tag in ("en", "ru"):
        shutil.copytree(BOARDS / tag, tmp_path / tag)
    home = tmp_path / "ru" / "home.yaml"
    home.write_text(home.read_text(encoding="utf-8").replace("label:", "lable:", 1),
                    encoding="utf-8")
    proc = aac("lint", str(tmp_path))
    assert proc.returncode == 1
    assert f'{home}:' in proc.stdout and 'error: unknown key "lable"' in proc.stdout
    assert f"ok: {tmp_path / 'en'}: 7 boards: 0 errors, 0 warnings" in proc.stdout
    assert f"{tmp_path / 'ru'}: " in proc.stdout.splitlines()[-1]


def test_lint_json_of_the_sets_root_keeps_the_single_set_shape() -> None:
    proc = aac("lint", "--json", "boards")
    assert proc.returncode == 0 and proc.stderr == ""
    report = json.loads(proc.stdout)
    assert set(report) == {"ok", "problems", "boards"} and report["ok"] is True
    assert report["problems"] == []
    home = {c["label"] for row in report["boards"]["home"]["rows"] for c in row if c}
    assert {"I", "want", "help"} <= home  # the English set by id
    assert {f"{t}/home" for t in TAGS} <= set(report["boards"])  # the others as tag/id
    assert len(report["boards"]) == 7 * (1 + len(TAGS))


def test_lint_json_of_one_set_is_unchanged() -> None:
    proc = aac("lint", "--json", "boards/en")
    report = json.loads(proc.stdout)
    assert set(report) == {"ok", "problems", "boards"} and "home" in report["boards"]
    assert not any("/" in k for k in report["boards"])


# -- aac lint in the set's language ----------------------------------------------------------------
def _broken_copy(tag: str, tmp_path: Path) -> Path:
    folder = tmp_path / tag
    shutil.copytree(BOARDS / tag, folder)
    home = folder / "home.yaml"
    home.write_text(home.read_text(encoding="utf-8").replace("label:", "lable:", 1),
                    encoding="utf-8")
    return folder


def test_a_broken_serbian_set_is_reported_in_serbian(tmp_path: Path) -> None:
    proc = aac("lint", str(_broken_copy("sr", tmp_path)))  # LANG=C: the set's language wins
    assert proc.returncode == 1
    assert 'грешка: непознат кључ „lable” у cell (да ли сте мислили „label”?)' in proc.stdout
    assert proc.stdout.splitlines()[-1] == "неуспех: табли: 7 — 1 грешка, упозорења: 0"


def test_a_broken_english_set_stays_english_under_lang_c(tmp_path: Path) -> None:
    proc = aac("lint", str(_broken_copy("en", tmp_path)))
    assert proc.returncode == 1
    assert 'error: unknown key "lable" in cell (did you mean "label"?)' in proc.stdout
    assert proc.stdout.splitlines()[-1] == "failed: 7 boards: 1 error, 0 warnings"


def test_english_problem_messages_are_unchanged() -> None:
    for message in ('unknown key "lable" in cell (did you mean "label"?)',
                    'cell "Food" links to unknown board "fod" (did you mean "food"? known: a)',
                    'symbol file "x.png" not found (looked for /x.png); text only',
                    "cannot read file: Permission denied", "something else entirely"):
        assert localise_problem(message) == message


# -- the carer's screen ----------------------------------------------------------------------------
def test_a_serbian_carer_sees_the_status_line_in_serbian() -> None:
    i18n.set_language("sr")
    clock = FakeClock(0.0)
    fe = FakeFrontend(clock)
    home = Board("home", ((Cell("да"),),))
    rt = Runtime(Session(BoardSet({"home": home}, language="sr")), fe, FakeSpeech(), clock=clock)
    rt.post(Status("switch disconnected: serial:/dev/ttyACM0", 0.0))
    rt.step(0)
    assert fe.last is not None and fe.last.status == "прекидач искључен: serial:/dev/ttyACM0"
    problem = Problem("b/home.yaml", 3, 5, "error", "x")
    assert board_problem_text([problem], "fallback").startswith(
        "Почетна табла није могла да се учита; приказује се табла за хитне случајеве: b/home")


def test_an_english_carer_sees_the_notices_as_built() -> None:
    for text in ("switch disconnected: joystick:0", "no audio device: showing text only",
                 "speech failed: OSError: x"):
        assert localise(text) == text


def test_the_emergency_board_follows_the_set_language() -> None:
    failed = LoadResult(None, [Problem("sr/home.yaml", 1, 1, "error", "x")])
    boards, kind = starting_boards(failed, "sr")
    labels = [c.label for row in boards.boards[boards.home].rows for c in row if c]
    assert kind == "fallback" and labels == ["да", "не", "помози", "стани"]
    assert boards.language == "sr"
    i18n.set_language(None)
    english, _ = starting_boards(failed)
    assert [c.label for row in english.boards[english.home].rows for c in row if c] == [
        "yes", "no", "help", "stop"]


def test_a_set_whose_home_fails_shows_the_emergency_board_in_its_language(tmp_path: Path
                                                                          ) -> None:
    folder = _broken_copy("mn", tmp_path)
    (folder / "home.yaml").write_text("rows: [[{label: a}]\n", encoding="utf-8")  # unclosed [
    assert declared_language(folder) == "mn"
    proc = aac("run", str(folder), "--terminal", "--exit-after", "0.5")  # LANG=C
    assert proc.returncode == 0, proc.stderr
    assert "тийм" in proc.stdout and "зогс" in proc.stdout and "yes" not in proc.stdout
    assert "Үндсэн самбар ачаалагдсангүй" in proc.stdout  # the carer's line
    assert "home.yaml:2:1: error:" in proc.stderr  # positions stay as the loader wrote them
    assert "яаралтай самбарыг харуулж байна (`aac lint " in proc.stderr  # the start note


# -- catalogues ------------------------------------------------------------------------------------
def _code_msgids() -> set[str]:
    counts = {f"{{n}} {w}" for w in ("board", "boards", "settings file", "settings files",
                                     "error", "errors", "warning", "warnings")}
    return (set(TEMPLATES) | {m for _, m in _PROBLEMS} | set(_LEAD.values()) | counts
            | {"the board set could not be loaded", " (and {n} more; all on stderr)",
               "Emergency board", "yes", "no", "help", "stop", "ok", "failed", "error",
               "warning", 'did you mean "{word}"?', "{checked}: {errors}, {warnings}",
               "{errors}; starting with every board that loads",
               "{errors}; the home board cannot load: showing the emergency board",
               "{errors}; fix them and start again",
               "(`aac lint {path}` shows what was understood)", "no such board file or folder"})


@pytest.mark.parametrize("tag", TAGS)
def test_every_text_the_code_translates_is_in_the_catalogue(tag: str) -> None:
    po = i18n.LOCALE_DIR / tag / "LC_MESSAGES" / "aac.po"
    messages = i18n.parse_po(po.read_text(encoding="utf-8"), str(po))
    missing = sorted(m for m in _code_msgids() if not messages.get(m))
    assert not missing, f"{tag}: {missing}"
