"""The session: message bar, spelling, navigation stack, what to say.

Pure: it turns "this cell was chosen" into outputs (speak, navigate, message changed) and
never does I/O, so touch, scanning and ``aac simulate`` share exactly the same behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from .board import Board, BoardSet, Cell
from .outputs import MessageChanged, Navigate, Output, Speak, StopSpeech, Utterance

#: Bounds on what a session keeps (the message bar shows the end of a long message).
MAX_MESSAGE_WORDS = 300
MAX_SPELLING = 100
#: The shape of ``Session.snapshot()``; a saved file of another version is not restored.
SNAPSHOT_VERSION = 1


class SnapshotError(ValueError):
    """A saved session cannot be restored; ``str`` says which field and why."""


@dataclass(frozen=True)
class _Frame:
    """A board on the navigation stack; ``back_after_select`` is the link cell's own flag.

    The board-level flag is read from the current set when a word is chosen, so a reloaded
    board's setting applies at once instead of the one it had when it was opened.
    """

    board: str
    back_after_select: bool = False


class Session:
    """State of one user's conversation on a board set."""

    def __init__(self, boards: BoardSet, clear_after_speak: bool = False) -> None:
        """``clear_after_speak``: speaking the whole message (the bar, ``action: speak``)
        also clears it, for children who build one sentence at a time."""
        self.boards = boards
        self.clear_after_speak = clear_after_speak
        self._last_spoken: Optional[Speak] = None  # what ``action: repeat`` says again
        self._stack: list[_Frame] = [_Frame(boards.home)]
        self._message: list[Utterance] = []
        self._spelling = ""
        #: bumped by every change the child makes (or a reload), so a saver can tell cheaply
        #: whether there is anything new to save
        self.revision = 0

    # -- saving and restoring (the edge writes the file: aac.session_store) ------------------
    def snapshot(self) -> dict[str, Any]:
        """What must survive a crash: the message bar, the spelling and the back stack.
        Plain JSON values, so the writer thread can serialise them without the session."""
        return {
            "version": SNAPSHOT_VERSION,
            "message": [{"text": u.text, "sound": u.sound} for u in self._message],
            "spelling": self._spelling,
            "stack": [{"board": f.board, "back_after_select": f.back_after_select}
                      for f in self._stack],
        }

    def restore(self, snapshot: object) -> list[str]:
        """Take back a saved ``snapshot``; ``SnapshotError`` when any field is malformed (then
        nothing changes). The message always comes back; the boards only when the set still
        has every board of the saved stack, else the home board. Returns the carer's notes
        (empty when everything came back)."""
        message, spelling, stack = _parse_snapshot(snapshot)
        notes: list[str] = []
        self._message = message[-MAX_MESSAGE_WORDS:]
        self._spelling = spelling[:MAX_SPELLING]
        missing = [f.board for f in stack if f.board not in self.boards]
        if missing:
            notes.append(f"board {missing[0]!r} is gone: starting at the home board")
            self._stack = [_Frame(self.boards.home)]
        elif stack[0].board != self.boards.home:
            notes.append("the home board changed: starting at the home board")
            self._stack = [_Frame(self.boards.home)]
        else:
            self._stack = stack
        self.revision += 1
        return notes

    # -- read-only views -------------------------------------------------------------------
    @property
    def board(self) -> Board:
        return self.boards[self._stack[-1].board]

    @property
    def depth(self) -> int:
        return len(self._stack)

    @property
    def message(self) -> tuple[Utterance, ...]:
        return tuple(self._message)

    @property
    def spelling(self) -> str:
        """Letters typed for the word being spelled (not yet in the message)."""
        return self._spelling

    @property
    def message_text(self) -> str:
        words = [u.text for u in self._message]
        if self._spelling:
            words.append(self._spelling)
        return " ".join(words)

    # -- changes ---------------------------------------------------------------------------
    def select(self, row: int, col: int) -> list[Output]:
        """Activate the cell at (row, col) of the board shown; an empty spot does nothing."""
        cell = self.board.cell(row, col)
        if cell is None or cell.hidden:
            return []
        return self.activate(cell)

    def message_touched(self) -> list[Output]:
        """The child touched the message bar: speak the whole message, as every peer does."""
        before = self.message_text
        out = self._do_action("speak")
        if self.message_text != before:
            out.append(MessageChanged(self.message_text))
        return self._remember(out)

    def activate(self, cell: Cell) -> list[Output]:
        return self._remember(self._activate(cell))

    def _remember(self, out: list[Output]) -> list[Output]:
        """Keep the last thing spoken for ``action: repeat``."""
        self.revision += 1
        for o in out:
            if isinstance(o, Speak) and o.parts:
                self._last_spoken = o
        return out

    def _activate(self, cell: Cell) -> list[Output]:
        if cell.broken_link is not None:  # a folder whose board failed to load: inert
            return []
        before = self.message_text
        out: list[Output] = []
        board = self.board
        is_word = cell.letter is None and not cell.action and cell.link is None
        if cell.letter is not None:
            if len(self._spelling) < MAX_SPELLING:
                self._spelling += cell.letter
        elif is_word or cell.say is not None:  # a link or action cell may also say something
            out.extend(self._commit_spelling(speak=False))
            utt = Utterance(cell.spoken, cell.sound_file)
            self._append(utt)
            out.append(Speak((utt,)))
        for action in cell.action:
            out.extend(self._do_action(action))
        if cell.link is not None and cell.link in self.boards:
            out.extend(self._open(cell.link, cell.back_after_select))
        elif is_word and len(self._stack) > 1 and self._returns_after_word(board):
            self._stack.pop()
            out.append(Navigate(self.board.id))
        if self.message_text != before:
            out.append(MessageChanged(self.message_text))
        return out

    def replace_boards(self, boards: BoardSet) -> list[Output]:
        """Swap in a reloaded board set, staying on the same board when it still exists."""
        self.boards = boards
        self.revision += 1
        kept = [f for f in self._stack if f.board in boards]
        if not kept or kept[0].board != boards.home:
            kept.insert(0, _Frame(boards.home))
        changed = kept[-1].board != self._stack[-1].board
        self._stack = kept
        return [Navigate(self.board.id)] if changed else []

    # -- internals -------------------------------------------------------------------------
    def _open(self, board_id: str, back_after_select: bool) -> list[Output]:
        """Follow a link. A board already on the stack is returned to, not stacked again, so
        links in a circle (home -> food -> home ...) never grow the back stack."""
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i].board == board_id:
                if i == len(self._stack) - 1:
                    return []  # a link to the board shown: nothing changes
                del self._stack[i + 1:]
                return [Navigate(board_id)]
        self._stack.append(_Frame(board_id, back_after_select))
        return [Navigate(board_id)]

    def _append(self, utt: Utterance) -> None:
        """Add to the message; past ``MAX_MESSAGE_WORDS`` the oldest word goes, so a child
        who never clears the bar cannot fill the device's memory."""
        self._message.append(utt)
        if len(self._message) > MAX_MESSAGE_WORDS:
            del self._message[0]

    def _returns_after_word(self, board: Board) -> bool:
        return self._stack[-1].back_after_select or board.back_after_select

    def _commit_spelling(self, speak: bool) -> list[Output]:
        if not self._spelling:
            return []
        utt = Utterance(self._spelling)
        self._append(utt)
        self._spelling = ""
        return [Speak((utt,))] if speak else []

    def _do_action(self, action: str) -> list[Output]:
        if action == "speak":
            self._commit_spelling(speak=False)
            if not self._message:
                return []
            said = Speak(tuple(self._message), kind="message")
            if self.clear_after_speak:
                self._message.clear()
            return [said]
        if action == "repeat":
            return [] if self._last_spoken is None else [self._last_spoken]
        if action == "clear":
            self._message.clear()
            self._spelling = ""
        elif action == "backspace":
            if self._spelling:
                self._spelling = self._spelling[:-1]
            elif self._message:
                self._message.pop()
        elif action == "space":
            return self._commit_spelling(speak=True)
        elif action == "home":
            if len(self._stack) > 1:
                del self._stack[1:]
                return [Navigate(self.board.id)]
        elif action == "back":
            if len(self._stack) > 1:
                self._stack.pop()
                return [Navigate(self.board.id)]
        elif action == "stop":
            return [StopSpeech()]
        return []


def _parse_snapshot(snap: object) -> tuple[list[Utterance], str, list[_Frame]]:
    """Every field of a saved session checked: a hand-edited or half-written file must
    never put a wrong type into the session."""
    if not isinstance(snap, dict):
        raise SnapshotError("expected a JSON object")
    if snap.get("version") != SNAPSHOT_VERSION:
        raise SnapshotError(f"version: expected {SNAPSHOT_VERSION}, got {snap.get('version')!r}")
    raw_message, spelling, raw_stack = snap.get("message"), snap.get("spelling"), snap.get("stack")
    if not isinstance(raw_message, list):
        raise SnapshotError("message: expected a list")
    message: list[Utterance] = []
    for i, item in enumerate(raw_message):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise SnapshotError(f"message[{i}]: expected {{text: str, sound: str|null}}")
        sound = item.get("sound")
        if sound is not None and not isinstance(sound, str):
            raise SnapshotError(f"message[{i}].sound: expected a path or null")
        message.append(Utterance(item["text"], sound))
    if not isinstance(spelling, str):
        raise SnapshotError("spelling: expected a string")
    if not isinstance(raw_stack, list) or not raw_stack:
        raise SnapshotError("stack: expected a non-empty list")
    stack: list[_Frame] = []
    for i, item in enumerate(raw_stack):
        if not isinstance(item, dict) or not isinstance(item.get("board"), str) \
                or not isinstance(item.get("back_after_select", False), bool):
            raise SnapshotError(f"stack[{i}]: expected {{board: str, back_after_select: bool}}")
        stack.append(_Frame(item["board"], item.get("back_after_select", False)))
    return message, spelling, stack
