"""Saving a recorded voice for a cell: the one place ``aac record`` and the carer menu share.

The WAV is named ``<board id>-<label>.wav`` and saved beside the board file; the cell's
``sound:`` is set by editing only that cell's text (``aac.yaml_edit.set_cell_sound``, the old
file kept as ``.bak``). The board watcher then reloads the set, so the device plays it.
A board shipped inside the installed package is never written: the recording goes into the
user's copy of the boards (``aac.paths.editable_set``), which ``aac run`` uses from its next
start.
"""

from __future__ import annotations

import os
import re

import numpy as np


def voice_file_name(board_id: str, label: str) -> str:
    slug = re.sub(r"[^\w-]+", "_", label.strip().lower()).strip("_") or "cell"
    return f"{board_id}-{slug}.wav"


def save_cell_voice(board_file: str, board_id: str, row: int, col: int, label: str,
                    pcm: np.ndarray, rate: int) -> str:
    """Write ``pcm`` beside ``board_file`` and point the cell at (row, col) (0-based) at it;
    the WAV's path. Raises ``ValueError``/``OSError`` (the WAV may be written already)."""
    from pathlib import Path

    from .paths import editable_set
    from .speech.voice_recording import write_wav
    from .yaml_edit import set_cell_sound

    folder, _note = editable_set(Path(board_file).resolve().parent)  # never site-packages
    board_file = str(folder / Path(board_file).name)
    name = voice_file_name(board_id, label)
    target = os.path.join(os.path.dirname(os.path.abspath(board_file)), name)
    write_wav(target, pcm, rate)
    set_cell_sound(board_file, row, col, name)
    return target
