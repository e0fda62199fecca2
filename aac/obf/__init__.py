"""Open Board Format (OBF/OBZ) import and export (docs/obf.md).

OBF is how boards move between AAC apps (CoughDrop, Cboard, AsTeRICS Grid): one board as
JSON (``.obf``), or a zip of boards, pictures and sounds with ``manifest.json`` (``.obz``).
Importing writes an ordinary YAML board set (BOARD_FORMAT.md); exporting writes spec-valid
OBF with what OBF lacks in ``ext_aac_*`` fields, so a round trip loses nothing.
"""

from __future__ import annotations

from .errors import ObfError, Warn
from .limits import Limits

__all__ = ["Limits", "ObfError", "Warn"]
