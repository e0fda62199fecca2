"""The pure core must not import I/O libraries (ARCHITECTURE.md: the core decides)."""

from __future__ import annotations

import ast
from pathlib import Path

import aac.core

FORBIDDEN = {"pygame", "pyttsx3", "serial", "gpiozero", "threading", "subprocess"}


def test_core_modules_import_no_adapters() -> None:
    core = Path(aac.core.__file__).parent
    offenders = []
    for path in sorted(core.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in FORBIDDEN:
                    offenders.append(f"{path.name}: {name}")
    assert len(list(core.glob("*.py"))) >= 5
    assert offenders == []
