"""The compiled ``@dataclass`` methods kept between starts (``aac.dataclass_code``): the
second start compiles none of the start path's, the classes behave exactly as compiled ones,
and a damaged or unwritable cache only means compiling as before."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import WAIT

REPO = Path(__file__).resolve().parent.parent

#: imports what ``aac run`` imports before its first frame, then says what was compiled
_START_PATH = """
import dataclasses, sys
from aac import dataclass_code
compiled = []
dataclass_code.install("run")
original = dataclass_code._exec
def counting(source, globals=None, locals=None):
    if source not in dataclass_code._codes:
        compiled.append(source)
    original(source, globals, locals)
dataclasses.exec = counting
import aac.app, aac.ui.pygame_frontend, aac.boards.set_cache
print(len(compiled), len(dataclass_code._codes))
"""


def _start(cache: Path) -> tuple[int, int, str]:
    env = dict(os.environ, AAC_CACHE_DIR=str(cache), PYGAME_HIDE_SUPPORT_PROMPT="1")
    proc = subprocess.run([sys.executable, "-c", _START_PATH], cwd=REPO, env=env, text=True,
                          capture_output=True, timeout=WAIT)
    assert proc.returncode == 0, proc.stderr
    compiled, known = (int(v) for v in proc.stdout.split())
    return compiled, known, proc.stderr


def _cache_files(cache: Path) -> list[Path]:
    return sorted((cache / "code").glob("dataclasses-*"))


def test_the_second_start_compiles_no_dataclass_method(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, known, _ = _start(cache)
    assert first > 100 and known >= first  # the start path's ~60 classes: ~300 methods
    assert len(_cache_files(cache)) == 1
    again, _, _ = _start(cache)
    assert again == 0


def test_a_damaged_cache_is_compiled_again_and_replaced(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _start(cache)
    (path,) = _cache_files(cache)
    path.write_bytes(path.read_bytes()[:100])  # cut mid-write
    compiled, _, err = _start(cache)
    assert compiled > 100 and "Traceback" not in err
    assert _start(cache)[0] == 0  # written whole again


def test_an_unwritable_cache_is_told_once_and_changes_nothing(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.write_text("a file where the folder should be")  # fails for root too
    compiled, _, err = _start(cache)
    assert compiled > 100
    assert err.count("cannot write the cache") == 1 and "Traceback" not in err


def test_classes_from_cached_code_behave_as_compiled_ones(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from aac import dataclass_code

    monkeypatch.setenv("AAC_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(dataclass_code, "_codes", {})
    monkeypatch.setattr(dataclass_code, "_used", set())
    monkeypatch.setattr(dataclass_code, "_state",
                        {"new": False, "installed": False, "tag": "test"})

    def make() -> type:
        @dataclasses.dataclass(frozen=True)
        class Point:
            x: int
            y: int = 2
            tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)
        return Point

    dataclass_code.install()
    try:
        compiled = make()  # compiled, kept
        assert dataclass_code.compiled_here()
        dataclass_code.save()
        monkeypatch.setattr(dataclass_code, "_codes", dataclass_code._read(
            dataclass_code.cache_path()))
        cached = make()  # from the file's code objects
        assert not dataclass_code.compiled_here()
    finally:
        dataclass_code.uninstall()
    for cls in (compiled, cached):
        p = cls(1)
        assert (p.x, p.y, p.tags) == (1, 2, ())
        assert p == cls(1, 2) and hash(p) == hash(cls(1, 2)) and p != cls(1, 3)
        assert repr(p).endswith("Point(x=1, y=2, tags=())")
        with pytest.raises(dataclasses.FrozenInstanceError):
            p.x = 5  # type: ignore[misc]
        assert dataclasses.replace(p, y=7).y == 7
    assert compiled.__init__.__annotations__ == cached.__init__.__annotations__
