"""Builders for OBF tests: boards and packages made in the test, plus where the shared
samples are (they are MIT-licensed and never copied into the repository)."""

from __future__ import annotations

import io
import json
import os
import wave
import zipfile
from pathlib import Path
from typing import Any, Optional, Union

from aac.obf.bench import png

REPO = Path(__file__).resolve().parent.parent


def samples_dir() -> Optional[Path]:
    """``../shared/samples/obf`` seen from the main checkout (worktrees sit one deeper)."""
    env = os.environ.get("AAC_OBF_SAMPLES")
    candidates = [Path(env)] if env else []
    candidates += [p / "shared" / "samples" / "obf" for p in REPO.parents]
    return next((p for p in candidates if p.is_dir()), None)


PNG = png(4, 3, (10, 20, 30))


def wav_bytes(seconds: float = 0.5, rate: int = 8000) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\x00\x00" * int(seconds * rate))
    return buf.getvalue()


def board(bid: Any = "home", buttons: Optional[list[dict[str, Any]]] = None,
          order: Optional[list[list[Any]]] = None, **extra: Any) -> dict[str, Any]:
    """A spec-valid board; ``extra`` adds or replaces top-level fields (None removes)."""
    buttons = buttons if buttons is not None else [{"id": "a", "label": "hello"}]
    if order is None:
        order = [[b["id"] for b in buttons]]
    data: dict[str, Any] = {
        "format": "open-board-0.1", "id": bid, "locale": "en", "name": f"Board {bid}",
        "buttons": buttons, "images": [], "sounds": [],
        "grid": {"rows": len(order), "columns": max(len(r) for r in order), "order": order},
    }
    for key, value in extra.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


Member = Union[bytes, str, dict[str, Any], list[Any]]


def obz(path: Path, members: dict[str, Member], manifest: Optional[dict[str, Any]] = None
        ) -> Path:
    """Write a package: ``members`` by name (dicts/lists as JSON); a manifest listing every
    ``.obf`` member is added unless one is given (or ``manifest={}`` for none)."""
    if manifest is None:
        boards = {n.rsplit("/", 1)[-1][:-4]: n for n in members if n.endswith(".obf")}
        manifest = {"format": "open-board-0.1", "root": next(iter(boards.values())),
                    "paths": {"boards": boards}}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        if manifest:
            z.writestr("manifest.json", json.dumps(manifest))
        for name, value in members.items():
            z.writestr(name, encode(value))
    return path


def encode(value: Member) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    return json.dumps(value, ensure_ascii=False).encode("utf-8")
