"""Issue 14.6: a fuzz run of the reader. Whatever a board or package holds, import either
writes a set the loader accepts or refuses with an ObfError: never another exception."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from obf_build import PNG, board, obz

from aac.boards.loader import load_board_set
from aac.obf.errors import ObfError
from aac.obf.files import data_uri
from aac.obf.importer import import_file

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 10**20),
                    st.floats(allow_nan=True), st.text(max_size=8),
                    st.sampled_from(["a", "1", 1, "rgb(1,2,3)", "#fff", ":clear", "+a",
                                     "images/x.png", "data:image/png;base64,AAAA", "",
                                     "boards/b.obf", "en_US", "open-board-0.1"]))
JSON = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(["id", "label", "path", "data", "url", "order", "rows",
                                     "columns", "action", "x"]), inner, max_size=4)),
    max_leaves=12)
BUTTON = st.fixed_dictionaries({}, optional={
    "id": st.one_of(st.integers(0, 3), st.sampled_from(["a", "b", "1"]), JSON),
    "label": st.one_of(st.text(max_size=6), JSON), "vocalization": JSON,
    "image_id": st.one_of(st.sampled_from(["i", "j", 1]), JSON), "sound_id": JSON,
    "background_color": st.one_of(st.sampled_from(["rgb(1, 2, 3)", "rgba(9,9,9,.5)", "#abc",
                                                    "red"]), JSON),
    "load_board": st.one_of(st.fixed_dictionaries({}, optional={"id": JSON, "path": JSON}),
                            JSON),
    "action": JSON, "actions": JSON, "hidden": JSON, "ext_aac_cue": JSON,
    "ext_aac_symbol": JSON, "ext_aac_color": JSON})
BOARD = st.fixed_dictionaries({}, optional={
    "format": JSON, "id": JSON, "locale": JSON, "name": JSON, "license": JSON,
    "buttons": st.one_of(st.lists(BUTTON, max_size=5), JSON),
    "grid": st.one_of(st.fixed_dictionaries({}, optional={
        "rows": JSON, "columns": JSON,
        "order": st.one_of(st.lists(st.lists(st.one_of(st.none(), st.integers(0, 3),
                                                       st.sampled_from(["a", "b"]), JSON),
                                             max_size=4), max_size=4), JSON)}), JSON),
    "images": st.one_of(st.lists(st.fixed_dictionaries({"id": st.sampled_from(["i", "j", 1])},
                                                       optional={"data": st.just(data_uri(
                                                           "image/png", PNG)), "path": JSON,
                                                           "content_type": JSON, "url": JSON}),
                                 max_size=3), JSON),
    "sounds": JSON, "ext_aac_row_lengths": JSON, "ext_aac_columns": JSON,
    "ext_aac_locale": JSON, "ext_aac_scan_pattern": JSON})


def import_or_refuse(tmp: Path, source: Path) -> None:
    out = tmp / "out"
    try:
        report = import_file(str(source), str(out))
    except ObfError as exc:
        assert str(exc) and not out.exists()
        return
    assert load_board_set(out).ok and report.boards >= 1


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@pytest.mark.slow
@given(data=BOARD)
def test_any_board_json(tmp_path_factory: Any, data: dict[str, Any]) -> None:
    tmp = tmp_path_factory.mktemp("fz")
    path = tmp / "b.obf"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8", errors="replace")
    import_or_refuse(tmp, path)
    shutil.rmtree(tmp)


def _package(tmp: Path) -> bytes:
    home = board(buttons=[{"id": 1, "label": "go", "image_id": "i",
                           "load_board": {"path": "boards/two.obf"}}],
                 images=[{"id": "i", "path": "images/a.png", "content_type": "image/png"}])
    return obz(tmp / "seed.obz", {"boards/home.obf": home, "boards/two.obf": board("two"),
                                  "images/a.png": PNG}).read_bytes()


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1,
                      max_size=6), cut=st.one_of(st.none(), st.integers(0, 10**6)))
def test_damaged_packages(tmp_path_factory: Any, edits: list[tuple[int, int]],
                          cut: int | None) -> None:
    tmp = tmp_path_factory.mktemp("fz")
    data = bytearray(_package(tmp))
    for where, value in edits:
        data[where % len(data)] = value
    if cut is not None:
        data = data[:cut % len(data)]
    path = tmp / "p.obz"
    path.write_bytes(bytes(data))
    import_or_refuse(tmp, path)
    shutil.rmtree(tmp)
