"""Carer notices in the carer's language, translated where they are shown.

Speech, switch drivers and the switch tester build their notices in English (the tester and
tests match on those words); the runtime passes each through :func:`localise` just before it
reaches the status line. One list of templates, the same msgids as the catalogues; a text
that fits none (a problem line naming file:line:col) is shown as it is.
"""

from __future__ import annotations

import re
from functools import cache

from .i18n import _

#: English templates of the notices (msgids in aac/locale/*/LC_MESSAGES/aac.po)
TEMPLATES = (
    "no audio device: showing text only",
    "espeak-ng not found: speech is off",
    "speech unavailable ({reason}): showing text only",
    "no voice for this language ({language}): showing text only; recorded sounds still play",
    "speech is off: {error}",
    "speech failed: {error}",
    "the speech engine stopped and was restarted; nothing was lost",
    "switch disconnected: {name}",
    "switch reconnected: {name}",
    "switch connected: {name}",
    "waiting for the switch: {name}",
    # the device's own faults (aac.session_store, aac.usage_log, aac.cache_dirs)
    "cannot save the message ({path}: {reason}); it will be lost if the communicator stops",
    "the message is being saved again",
    "{path}: saved session unreadable ({reason}); starting fresh",
    "{path}: saved session is corrupt ({reason}); starting fresh",
    "{path}: board {board} is gone: starting at the home board",
    "{path}: the home board changed: starting at the home board",
    "{path}: saved session is of another board set ({set}); starting fresh",
    "usage log {path}: cannot write ({reason}); records are dropped until it can",
    "usage log {path}: writing again",
    "cannot write the cache {folder} ({reason}); carrying on without it",
    "writing the cache {folder} again",
)


@cache
def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(f"(?P<{p}>.+)" if i % 2 else re.escape(p) for i, p in enumerate(parts))
    return re.compile(regex + r"\Z", re.S)


def localise(text: str) -> str:
    """``text`` in the carer's language, when it is one of the known notices."""
    for template in TEMPLATES:
        found = _pattern(template).match(text)
        if found:
            return _(template).format(**found.groupdict())
    return text


#: ``aac lint``'s most common problems: (pattern, msgid of the part it translates); the rest
#: of the message (a list of allowed keys, "(first at 3:5)") stays as the loader wrote it
_PROBLEMS = (
    (r'unknown key "(?P<key>[^"]*)" in (?P<where>.+?)(?P<rest> \(.*\))',
     'unknown key "{key}" in {where}'),
    (r'cell "(?P<label>[^"]*)" links to unknown board "(?P<target>[^"]*)"(?P<rest>.*)',
     'cell "{label}" links to unknown board "{target}"'),
    (r'(?P<what>\w+) file "(?P<file>[^"]*)" not found(?P<rest>.*)',
     '{what} file "{file}" not found'),
    (r"cannot read file: (?P<reason>.*)(?P<rest>)", "cannot read file: {reason}"),
)
_DID_YOU_MEAN = re.compile(r'did you mean "(?P<word>[^"]*)"\?')


def localise_problem(message: str) -> str:
    """A loader message with its known parts in the carer's language (English: unchanged)."""
    for pattern, msgid in _PROBLEMS:
        found = re.fullmatch(pattern, message, re.S)
        if found:
            fields = found.groupdict()
            rest = _DID_YOU_MEAN.sub(lambda m: _('did you mean "{word}"?').format(**m.groupdict()),
                                     fields.pop("rest"))
            return _(msgid).format(**fields) + rest
    return message


def error_count(n: int) -> str:
    """"1 error" / "3 errors" in the carer's language (the msgids ``aac lint`` uses)."""
    return _("{n} error" if n == 1 else "{n} errors").format(n=n)
