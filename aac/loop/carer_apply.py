"""Carrying out the carer menu's board-set and voice choices on the running device.

Set: the chosen set is loaded on a worker thread and handed to the loop (``SetLoaded``). A
set that loads without errors goes through the runtime's normal reload path (``BoardsReloaded``)
and the carer's texts, the watcher and - when the voice does not speak the new language -
the voice follow it; then the profile is saved. A set with errors changes nothing: the last
good set stays, the carer's line says why, and the profile is not touched.

Voice: a new speech is made on the worker thread and put behind the ``SpeechSwitch`` the loop
already holds; the old one is closed there too. Saving (atomic, the old file kept as
``.bak``, comments kept: ``aac.yaml_edit``) also runs on the worker thread, so no file or
process work ever holds up the loop (the scan keeps its timing).
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Callable, NamedTuple, Optional

from ..boards.problems import LoadResult
from ..carer_choices import CarerChoices, set_name, voice_fits
from ..core.events import Status
from .carer import board_problem_text
from .runtime import Runtime
from .seams import BoardsReloaded

#: ``(voice, language)`` -> a started speech output for that voice (None: the language's)
MakeSpeech = Callable[[Optional[str], Optional[str]], Any]


class SetLoaded(NamedTuple):
    """The worker thread loaded the set the carer chose (``Runtime.post`` it)."""

    tag: str
    path: Path
    result: LoadResult
    t: float


class CarerApplier:
    """Applies the set and voice choices; other keys go to ``save_other`` (see module doc)."""

    def __init__(self, runtime: Runtime, choices: CarerChoices,
                 profile_path: Optional[str],
                 save_other: Callable[[str, object], None],
                 on_status: Callable[[str], None],
                 speech: Any = None, make_speech: Optional[MakeSpeech] = None,
                 on_set: Optional[Callable[[Path, LoadResult], None]] = None) -> None:
        """``speech``: the ``SpeechSwitch`` the runtime speaks through; ``on_set(path,
        result)``: the set shown changed (``aac run`` watches the new folder)."""
        self.runtime = runtime
        self.choices = choices
        self.profile_path = profile_path
        self.save_other = save_other
        self.on_status = on_status
        self.speech = speech
        self.make_speech = make_speech
        self.on_set = on_set
        self._jobs: queue.Queue[Optional[Callable[[], None]]] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="aac-carer-io", daemon=True)
        self._thread.start()
        runtime.handlers[SetLoaded] = self.set_loaded
        runtime.on_carer_change = self.on_change

    # -- the loop thread ------------------------------------------------------------------------
    def on_change(self, key: str, value: object) -> None:
        """A carer-menu change (``Runtime.on_carer_change``)."""
        if key == "set" and isinstance(value, str):
            self.request_set(value)
        elif key == "voice" and isinstance(value, str):
            self.choices.voice = value
            self._jobs.put(lambda: self._use_voice(value, self.choices.language))
            self._jobs.put(lambda: self._save({"voice": value}))
        else:
            self.save_other(key, value)

    def request_set(self, tag: str) -> None:
        found = next((s for s in self.choices.sets if s.tag == tag), None)
        if found is None:
            return

        def load() -> None:
            from ..boards.loader import load_board_set

            result = load_board_set(found.path)
            self.runtime.post(SetLoaded(tag, found.path, result, self.runtime.clock.now()))

        self._jobs.put(load)

    def set_loaded(self, event: SetLoaded) -> None:
        """On the loop: show a good set; keep the shown one when the new one has errors."""
        from ..i18n import _, set_language

        result = event.result
        if not result.ok or result.boards is None:
            self.runtime.handle(Status(board_problem_text(result.problems, "set refused"),
                                       event.t))
            return
        self.runtime.handle(BoardsReloaded(result, event.t))  # the normal reload path
        language = result.boards.language or event.tag
        set_language(language)  # the carer's texts follow the set, as at start
        self.choices.current_set, self.choices.language = event.tag, language
        if self.on_set is not None:
            self.on_set(event.path, result)
        self.runtime.handle(Status(_("Language and boards: {name}").format(
            name=set_name(event.tag)), event.t))
        self._jobs.put(lambda: self._set_applied(event, language))

    # -- the worker thread ----------------------------------------------------------------------
    def _set_applied(self, event: SetLoaded, language: str) -> None:
        voice = self.choices.voice
        updates: dict[str, object] = {"language": event.tag}
        remove: list[str] = []
        keys = self._profile_keys()
        if "boards" in keys and self.profile_path is not None:  # the child's own set path
            updates["boards"] = os.path.relpath(event.path,
                                                os.path.dirname(os.path.abspath(
                                                    self.profile_path)))
        if not voice_fits(voice, language):  # an English voice would misread Serbian
            self.choices.voice = None
            self._use_voice(None, language)
            if "voice" in keys:
                remove.append("voice")
        elif self.speech is not None and event.result.boards is not None:
            self.speech.prerender_boards(event.result.boards)
        self._save(updates, remove)

    def _use_voice(self, voice: Optional[str], language: Optional[str]) -> None:
        if self.speech is None or self.make_speech is None:
            return
        new = self.make_speech(voice, language)
        old = self.speech.swap(new)
        old.close()
        boards = self.runtime.session.boards
        new_prerender = getattr(new, "prerender_boards", None)
        if new_prerender is not None:
            new_prerender(boards)

    def _profile_keys(self) -> frozenset[str]:
        if self.profile_path is None or not os.path.exists(self.profile_path):
            return frozenset()
        from ..profile import check_profile

        profile, _problems = check_profile(self.profile_path)
        return profile.keys if profile is not None else frozenset()

    def _save(self, updates: Mapping[str, object], remove: Sequence[str] = ()) -> None:
        from ..i18n import _

        names = ", ".join(updates)
        if self.profile_path is None:
            self.on_status(_("{key} changed for this session (no profile file to save it "
                             "to)").format(key=names))
            return
        from ..yaml_edit import set_profile_keys

        try:
            set_profile_keys(self.profile_path, updates, remove=remove)
        except (OSError, ValueError) as exc:
            self.on_status(_("{key} changed, but not saved to {path}: {reason}").format(
                key=names, path=self.profile_path, reason=exc))

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                if job is None:
                    return
                job()
            except Exception as exc:  # noqa: BLE001 - told to the carer, the loop goes on
                self.on_status(f"carer menu: {exc}")
            finally:
                self._jobs.task_done()

    def idle(self, timeout: float = 10.0) -> bool:
        """Wait (tests, shutdown) until the worker has done everything queued so far."""
        done = threading.Event()
        self._jobs.put(done.set)
        return done.wait(timeout)

    def close(self, timeout: float = 5.0) -> None:
        """Finish the queued saves, then stop the worker."""
        self._jobs.put(None)
        self._thread.join(timeout)


class WatcherSlot:
    """The board watcher of the set shown now (the carer can change the set)."""

    def __init__(self, watcher: Any) -> None:
        self.current = watcher

    def use(self, watcher: Any) -> None:
        old, self.current = self.current, watcher
        old.stop()
        watcher.start()

    def stop(self) -> None:
        self.current.stop()
