"""Symbol libraries (Mulberry, OpenMoji): finding, searching and crediting pictures for cells.

Pure data and files; nothing here imports pygame (``aac symbols show`` renders elsewhere).
"""

from .credits import credits_text
from .library import Entry, cache_dir, libraries
from .resolve import Resolution, is_library_ref, resolve
from .search import search

__all__ = ["Entry", "Resolution", "cache_dir", "credits_text", "is_library_ref", "libraries",
           "resolve", "search"]
