"""The JSON Schema shipped for editors and the loader agree, file by file.

Scope: the schema checks one file's keys and value types as an editor's YAML 1.2 reader sees
them. Links between boards are checked by the loader at set level (``aac lint``) and are out
of the schema's scope, so this compares against :func:`load_board_file`, which does not check
links. Files that are not valid YAML at all (tabs, unclosed brackets, duplicate keys, aliases,
several documents) cannot be given to a schema; for those we check the loader refuses them.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from aac.boards.loader import board_files, load_board_file
from aac.boards.yamlnodes import read_yaml, to_data12

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parent.parent
CORPUS = sorted((DATA / "boards_files").glob("*.yaml"))


def schema() -> dict[str, Any]:
    text = resources.files("aac.boards").joinpath("board.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def corpus() -> list[Path]:
    files = CORPUS + [Path(f) for f in board_files(DATA / "boards_good")]
    files += [Path(f) for f in board_files(REPO / "boards")]  # the default set, once it exists
    return files


def test_schema_is_valid_draft_2020_12_and_ships_in_the_package() -> None:
    s = schema()
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(s)


def test_corpus_covers_good_bad_and_broken_files() -> None:
    kinds = {p.name.split("_")[0] for p in CORPUS}
    assert kinds == {"good", "bad", "yamlerror"}
    assert len(CORPUS) >= 40


@pytest.mark.parametrize("path", corpus(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_schema_and_loader_agree(path: Path) -> None:
    validator = jsonschema.Draft202012Validator(schema())
    _, problems = load_board_file(path)
    loader_errors = [str(p) for p in problems if p.severity == "error"]
    node, yaml_problems = read_yaml(path.read_bytes(), str(path))
    try:
        data = to_data12(node) if node is not None else None
    except ValueError:  # duplicate keys: not valid YAML, so not a document an editor checks
        node = None
    if node is None:
        assert loader_errors, "the loader must refuse a file that is not valid YAML"
        assert path.name.startswith("yamlerror_")
        return
    schema_errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert bool(schema_errors) == bool(loader_errors), (schema_errors, loader_errors)
    if path.parent.name == "boards_files":
        expect_ok = path.name.startswith("good_")
        assert (not loader_errors) is expect_ok, loader_errors


def test_yaml12_typing_matches_what_editors_see() -> None:
    node, _ = read_yaml(b"a: [yes, on, 007, 0x1F, 1:30, true, ~, 'x', 1.5, .inf]\n", "t")
    assert node is not None
    assert to_data12(node) == {"a": ["yes", "on", 7, 31, "1:30", True, None, "x", 1.5,
                                     float("inf")]}
