"""The synthesiser's voice list, kept between starts (``aac.speech.languages.machine_voices``).

Stored in the speech cache folder with a key made of espeak-ng's voice data folders and their
modification times, and this interpreter: installing a voice or another espeak-ng changes the
key, and the list is asked for again. Any problem reading or writing means "not cached".
"""

from __future__ import annotations

import glob
import json
import os
import sys
from typing import Any, Optional

from .cache_dirs import cache_dir

DATA_GLOBS = ("/usr/lib/*/espeak-ng-data", "/usr/share/espeak-ng-data",
              "/usr/local/share/espeak-ng-data", "/usr/lib/espeak-ng-data")


def _key() -> Optional[str]:
    parts = [sys.executable]
    for pattern in DATA_GLOBS:
        for folder in sorted(glob.glob(pattern)):
            for sub in ("", "voices", "lang"):
                try:
                    mtime = os.stat(os.path.join(folder, sub)).st_mtime_ns
                    parts.append(f"{folder}/{sub}:{mtime}")
                except OSError:
                    pass
    return "|".join(parts) if len(parts) > 1 else None  # no data found: never cache


def _path() -> str:
    return os.path.join(cache_dir("speech"), "machine-voices.json")


def load_voice_list() -> Optional[list[dict[str, Any]]]:
    key = _key()
    if key is None:
        return None
    try:
        with open(_path(), encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    voices = data.get("voices")
    if data.get("key") != key or not isinstance(voices, list) or not voices \
            or not all(isinstance(v, dict) for v in voices):
        return None
    return voices


def store_voice_list(voices: list[dict[str, Any]]) -> None:
    key = _key()
    if key is None or not voices:
        return
    path = _path()
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({"key": key, "voices": voices}, f)
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError):
        try:
            os.unlink(tmp)
        except OSError:
            pass
