"""Which language the communicator starts in: one rule for the boards, the voice and the
carer's texts.

``--language TAG``, else the profile's ``language``, else the system locale (``LANGUAGE``,
``LC_ALL``, ``LANG``, as gettext reads them), else English. A tag is matched to the sets on
disk by dropping subtags from the right (``sr-Latn-RS`` -> ``sr-Latn``, ``ru-RU`` -> ``ru``),
so a Serbian tablet set to ``sr_RS@latin`` gets the Latin set without configuration.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Optional, Union

DEFAULT = "en"
_MODIFIER_SCRIPTS = {"latin": "Latn", "cyrillic": "Cyrl"}
#: The script a language's bare tag already means (``sr-Cyrl`` is ``sr``).
_DEFAULT_SCRIPT = {"sr": "Cyrl", "ru": "Cyrl", "be": "Cyrl", "uk": "Cyrl", "mn": "Cyrl",
                   "az": "Latn", "sq": "Latn", "en": "Latn"}
_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


class UnknownLanguage(ValueError):
    """``--language`` names a language with no board set."""


def normalize(tag: str) -> str:
    """``sr_latn_rs`` -> ``sr-Latn-RS``: BCP 47 casing (language lower, Script, REGION)."""
    parts = tag.replace("_", "-").split("-")
    out = [parts[0].lower()]
    for p in parts[1:]:
        if len(p) == 4 and p.isalpha():
            out.append(p.title())
        elif len(p) == 2 and p.isalpha():
            out.append(p.upper())
        else:
            out.append(p.lower())
    return "-".join(out)


def from_locale(value: str) -> Optional[str]:
    """A POSIX locale name as a BCP 47 tag: ``sr_RS@latin`` -> ``sr-Latn-RS``,
    ``az_AZ.UTF-8`` -> ``az-AZ``; ``C`` and ``POSIX`` (no language chosen) -> None."""
    name, _, modifier = value.strip().partition("@")
    name = name.split(".")[0]
    if not name or name in ("C", "POSIX"):
        return None
    lang, _, region = name.partition("_")
    if not _TAG.fullmatch(lang):
        return None
    parts = [lang]
    script = _MODIFIER_SCRIPTS.get(modifier.split(".")[0].lower())
    if script:
        parts.append(script)
    if region:
        parts.append(region)
    return normalize("-".join(parts))


def best_match(tag: str, available: Iterable[str]) -> Optional[str]:
    """The available tag that fits ``tag`` best, or None.

    Exact (case-insensitive) first, then shorter and shorter prefixes; a script that is the
    language's default is dropped too (``sr-Cyrl-RS`` -> ``sr``)."""
    by_lower = {a.lower(): a for a in available}
    parts = normalize(tag).split("-")
    if len(parts) > 1 and _DEFAULT_SCRIPT.get(parts[0]) == parts[1]:
        parts = [parts[0]] + parts[2:]
    while parts:
        found = by_lower.get("-".join(parts).lower())
        if found:
            return found
        parts = parts[:-1]
    return None


def locale_tags(environ: Mapping[str, str]) -> list[str]:
    """Tags from the environment in gettext's order: ``LANGUAGE`` (a colon list), then the
    first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set."""
    tags: list[str] = []
    for item in environ.get("LANGUAGE", "").split(":"):
        tag = from_locale(item) if item else None
        if tag:
            tags.append(tag)
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var)
        if value:
            tag = from_locale(value)
            if tag:
                tags.append(tag)
            break
    return tags


def choose_language(flag: Optional[str], profile: Optional[str],
                    environ: Mapping[str, str], available: Iterable[str]) -> str:
    """The language to start in (see the module docstring). An unknown ``flag`` raises
    UnknownLanguage: the carer asked for it, so silently showing English would mislead."""
    avail = list(available)
    if flag:
        found = best_match(flag, avail)
        if found is None:
            raise UnknownLanguage(f"no board set for language '{flag}' (available: "
                                  f"{', '.join(sorted(avail))})")
        return found
    for tag in ([profile] if profile else []) + locale_tags(environ):
        found = best_match(tag, avail)
        if found:
            return found
    return DEFAULT if DEFAULT in avail or not avail else sorted(avail)[0]


def _has_boards(folder: Path) -> bool:
    """A folder holds board files itself (``*.yaml`` other than ``set.yaml``)."""
    return any(f.is_file() and f.name != "set.yaml" for f in folder.glob("*.yaml"))


def language_sets(root: Path) -> dict[str, Path]:
    """tag -> folder of every set directly under ``root`` (a sub-folder with a ``set.yaml``
    and a tag for a name)."""
    sets: dict[str, Path] = {}
    if root.is_dir():
        for child in sorted(root.iterdir()):
            if child.is_dir() and (child / "set.yaml").is_file() and _TAG.fullmatch(child.name):
                sets[child.name] = child
    return sets


def is_sets_root(path: Path) -> bool:
    """A folder of sets (``boards/``): no board files of its own, sets in its sub-folders."""
    return path.is_dir() and not _has_boards(path) and bool(language_sets(path))


def available_languages(boards_root: Path) -> list[str]:
    """Every ``boards/<tag>/`` set, plus ``en`` when the English boards lie in the root
    itself (the layout before ``boards/en/``) or nothing else is there."""
    tags = set(language_sets(boards_root))
    if not tags or _has_boards(boards_root):
        tags.add(DEFAULT)
    return sorted(tags)


def boards_for(tag: str, boards_root: Path) -> Path:
    """The set folder of ``tag``: ``boards/<tag>``; English is ``boards/en``, else (the old
    layout) ``boards/`` itself."""
    folder = boards_root / tag
    if tag == DEFAULT and not folder.is_dir():
        return boards_root
    return folder


def language_boards(flag: Optional[str], boards_root: Path,
                    environ: Optional[Mapping[str, str]] = None,
                    profile: Optional[str] = None) -> Path:
    """``aac run`` without a BOARDS argument: the set for the chosen language."""
    import os

    env = os.environ if environ is None else environ
    return boards_for(choose_language(flag, profile, env, available_languages(boards_root)),
                      boards_root)


def resolve_set(path: Path, flag: Optional[str] = None,
                environ: Optional[Mapping[str, str]] = None,
                profile: Optional[str] = None) -> Path:
    """The one "which set is this path" rule (run, simulate, bench, the board watcher): a
    sets root gives the set the language rule chooses; any other path is the set itself."""
    if is_sets_root(path):
        return language_boards(flag, path, environ, profile)
    return path


def declared_language(paths: Union[str, Path, Sequence[Union[str, Path]]]) -> Optional[str]:
    """The ``language:`` in the ``set.yaml`` of the one set (folder or board file) given, read
    even when its boards fail to load (the emergency board and lint's messages follow it);
    None for several paths or no usable ``set.yaml`` (then the locale rule applies)."""
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    if len(items) != 1:
        return None
    item = Path(items[0])
    folder = item if item.is_dir() else item.parent
    try:
        import yaml

        data = yaml.safe_load((folder / "set.yaml").read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError):
        return None
    lang = data.get("language") if isinstance(data, dict) else None
    return lang if isinstance(lang, str) and _TAG.fullmatch(lang) else None
