"""The pure core must not import I/O libraries (ARCHITECTURE.md: the core decides)."""

from __future__ import annotations

import ast
from pathlib import Path

import aac.core

FORBIDDEN = {"pygame", "pyttsx3", "serial", "gpiozero", "threading", "subprocess"}
#: inside ``aac``, the core may import only itself and these pure leaf modules
PACKAGE = "aac"
CORE = "aac.core"
PURE = {"aac.errors"}


def imported_modules(source: str, module: str) -> list[str]:
    """Absolute names of everything ``module`` (dotted, e.g. ``aac.core.scan``) imports,
    with relative imports (``from ..ui import x``) resolved against it."""
    package = module.rsplit(".", 1)[0]
    names: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                base = node.module or ""
            else:
                parts = package.split(".")
                up = parts[: len(parts) - (node.level - 1)] if node.level > 1 else parts
                base = ".".join([*up, node.module] if node.module else up)
            names.append(base)
            names.extend(f"{base}.{a.name}" for a in node.names if not node.module)
    return names


def offences(source: str, module: str) -> list[str]:
    bad = []
    for name in imported_modules(source, module):
        top = name.split(".")[0]
        inside_but_not_core = name.startswith(PACKAGE + ".") and not (
            name == CORE or name.startswith(CORE + "."))
        if top in FORBIDDEN or (inside_but_not_core and name not in PURE) or name == PACKAGE:
            bad.append(name)
    return bad


def test_core_modules_import_no_adapters() -> None:
    core = Path(aac.core.__file__).parent
    found = []
    for path in sorted(core.glob("*.py")):
        module = f"{CORE}.{path.stem}" if path.stem != "__init__" else f"{CORE}.__init__"
        found += [f"{path.name}: {n}"
                  for n in offences(path.read_text(encoding="utf-8"), module)]
    assert len(list(core.glob("*.py"))) >= 5
    assert found == []


def test_relative_imports_out_of_the_core_are_caught() -> None:
    module = "aac.core.scan"
    assert offences("from ..ui import render\n", module) == ["aac.ui"]
    assert offences("from ..ui.render import Renderer\n", module) == ["aac.ui.render"]
    assert offences("from .. import loop\n", module) == ["aac", "aac.loop"]
    assert offences("import pygame.display\n", module) == ["pygame.display"]
    assert offences("from .board import Board\nfrom . import view\n", module) == []
    assert offences("from ..errors import BadSettings\n", module) == []
