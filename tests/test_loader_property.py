"""Whatever bytes a file holds, the loader answers with positioned problems, never raises."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aac.boards.loader import load_board_file, load_board_set

# Mostly YAML punctuation and board words, so generated files reach deep into the loader.
YAMLISH = st.lists(
    st.sampled_from(list("[]{}:,-#&*!|>'\"?%@`~ \t\n\r") + [
        "rows:\n", "  - ", "label: ", "link: ", "say", "action", "columns: ", "hidden",
        "yes", "null", "speak", "scan", "pattern", "color", "verb", "\u232b", "a", "0",
        "\x00", "\ufeff", "\x85", "\n  ", "&a ", "*a"]),
    max_size=80,
).map("".join)


def check(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "home.yaml"
        path.write_bytes(data)
        board, problems = load_board_file(path)
        result = load_board_set(folder)
    for p in problems + result.problems:
        assert p.line >= 1 and p.col >= 1, p
        assert p.severity in ("error", "warning")
        assert p.message and "internal error" not in p.message
    if any(p.severity == "error" for p in problems):
        assert board is None and result.boards is None
    else:
        assert board is not None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    check(data)


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(YAMLISH)
def test_arbitrary_yamlish_text_never_raises(text: str) -> None:
    check(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_unicode_text_never_raises(text: str) -> None:
    check(text.encode("utf-8", "surrogatepass"))
