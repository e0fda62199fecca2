"""The synthesis worker: espeak-ng in a separate process, watched by a watchdog.

pyttsx3/espeak-ng are known to hang on some systems (Raspberry Pi), and a hang or crash in a
C library cannot be interrupted from a thread. So the synthesiser lives in a child process;
the parent sends ``(text, voice, rate, pitch, volume)`` and gets int16 PCM back. If no answer
comes within ``timeout`` the child is killed and restarted; if it dies, the request is retried
once on a fresh child. Only speech threads call ``render`` - never the loop thread.

Run as ``python -m aac.speech.worker IN_FD OUT_FD FACTORY`` (done by ``SynthWorker``).
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from typing import Any, Optional

DEFAULT_FACTORY = "aac.speech.espeak:EspeakSynth"


class WorkerError(RuntimeError):
    """The worker could not render this text (a hang, a crash twice, or a bad voice)."""


class SynthUnavailable(WorkerError):
    """The synthesiser cannot start at all (e.g. no libespeak-ng)."""


class SynthWorker:
    """Parent side of the worker process. ``render`` is thread-safe and blocking."""

    def __init__(
        self,
        factory: str = DEFAULT_FACTORY,
        timeout: float = 2.0,
        start_timeout: float = 15.0,
    ) -> None:
        self.factory = factory
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.rate = 0
        self.voices: list[dict[str, Any]] = []
        self.renders = 0  # requests answered by the synthesiser (cache misses)
        self.restarts = 0
        self.unavailable: Optional[str] = None
        self.busy = threading.Event()  # set while a request waits for the child's answer
        self._lock = threading.RLock()
        self._proc: Optional[subprocess.Popen[bytes]] = None
        self._send: Optional[Connection] = None
        self._recv: Optional[Connection] = None
        self._next_id = 0

    # -- life cycle ----------------------------------------------------------------------------
    @property
    def pid(self) -> Optional[int]:
        return self._proc.pid if self._proc else None

    def start(self) -> bool:
        """Start the child if needed; ``False`` (``unavailable`` says why) if it cannot."""
        with self._lock:
            if self.unavailable is not None:
                return False
            if self._proc is not None:
                if self._proc.poll() is None:
                    return True
                self.restarts += 1  # it died between requests
            self._spawn()
            return self.unavailable is None

    def _spawn(self) -> None:
        self._discard()
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "aac.speech.worker", str(req_r), str(resp_w), self.factory],
                pass_fds=(req_r, resp_w),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                env=env,
                close_fds=True,
                # not in the terminal's process group: Ctrl-C is for the communicator, which
                # then closes the pipe; the worker would only print a KeyboardInterrupt trace
                start_new_session=True,
            )
        finally:
            os.close(req_r)
            os.close(resp_w)
        self._send = Connection(req_w, readable=False)
        self._recv = Connection(resp_r, writable=False)
        if not self._recv.poll(self.start_timeout):
            self._discard()
            raise WorkerError(f"speech worker did not start within {self.start_timeout:g} s")
        try:
            msg = self._recv.recv()
        except (EOFError, OSError) as exc:
            self._discard()
            raise WorkerError("speech worker exited while starting") from exc
        if msg[0] == "unavailable":
            self.unavailable = str(msg[1])
            self._discard()
            return
        _, self.rate, self.voices = msg

    def _discard(self) -> None:
        """Kill the child (if any) and close our pipe ends."""
        proc, self._proc = self._proc, None
        for conn in (self._send, self._recv):
            if conn is not None:
                conn.close()
        self._send = self._recv = None
        if proc is not None and proc.poll() is None:
            proc.kill()
        if proc is not None:
            proc.wait()

    def close(self) -> None:
        with self._lock:
            self._discard()

    # -- work ----------------------------------------------------------------------------------
    def render(self, text: str, voice: str, rate: int, pitch: int, volume: float) -> Any:
        """Synthesise ``text``; returns an ``aac.speech.audio.Pcm``. Raises ``WorkerError``."""
        from .audio import Pcm

        with self._lock:
            for attempt in (1, 2):
                if not self.start():
                    raise SynthUnavailable(self.unavailable or "no synthesiser")
                assert self._send is not None and self._recv is not None
                self._next_id += 1
                rid = self._next_id
                self.busy.set()
                try:
                    self._send.send(("render", rid, text, voice, rate, pitch, volume))
                    msg = self._recv.recv() if self._recv.poll(self.timeout) else None
                except (EOFError, OSError):
                    msg = ("crashed",)
                finally:
                    self.busy.clear()
                if msg is None:
                    self._restart()
                    raise WorkerError(
                        f"speech worker hung on {text!r}; restarted it "
                        f"(no answer in {self.timeout:g} s)"
                    )
                if msg[0] == "crashed":
                    self._restart()
                    if attempt == 2:
                        raise WorkerError(f"speech worker crashed twice on {text!r}")
                    continue
                if msg[0] == "error":
                    raise WorkerError(str(msg[2]))
                self.renders += 1
                _, _rid, data, srate = msg
                return Pcm.from_bytes(data, srate)
        raise WorkerError("unreachable")  # pragma: no cover

    def _restart(self) -> None:
        self.restarts += 1
        self._discard()
        self._spawn()


# -- the child process ---------------------------------------------------------------------------
def _load(factory: str) -> Any:
    module, _, name = factory.partition(":")
    return getattr(importlib.import_module(module), name)()


def serve(req_fd: int, resp_fd: int, factory: str) -> None:
    """Answer render requests until the parent closes the pipe.

    The parent may be gone at any moment (the communicator quit while we were starting):
    then the next send fails and we leave quietly - the child shares the user's terminal,
    so a traceback here would be noise about nothing.
    """
    _follow_parent(os.getppid())
    try:
        _serve(Connection(req_fd, writable=False), Connection(resp_fd, readable=False), factory)
    except (BrokenPipeError, ConnectionResetError, EOFError):
        pass


def _follow_parent(parent: int, every: float = 0.5) -> None:
    """Exit when the communicator is gone, even in the middle of a hung synthesis (the pipe
    closing only helps between requests): a killed ``aac run`` leaves no worker behind."""

    def watch() -> None:
        while os.getppid() == parent:
            threading.Event().wait(every)
        os._exit(0)

    threading.Thread(target=watch, name="aac-worker-parent", daemon=True).start()


def _serve(requests: Connection, replies: Connection, factory: str) -> None:
    try:
        synth = _load(factory)
    except BaseException as exc:  # missing library, bad factory: report, do not crash
        replies.send(("unavailable", f"{type(exc).__name__}: {exc}"))
        return
    try:  # espeak-ng loads its data on first use: pay that now, not on the first word
        synth.render("a", "en", 175, 50, 1.0)
    except Exception:
        pass
    replies.send(("ready", synth.rate, synth.voices()))
    while True:
        try:
            msg = requests.recv()
        except (EOFError, OSError):
            return
        _, rid, text, voice, rate, pitch, volume = msg
        try:
            audio = synth.render(text, voice, rate, pitch, volume)
        except Exception as exc:
            replies.send(("error", rid, f"{exc}"))
            continue
        replies.send(("audio", rid, audio, synth.rate))


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])
