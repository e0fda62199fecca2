"""Issue 6's contract, checked through the real commands as a teacher or technician uses them,
from a working directory that is not the repository.

Audio is real: espeak-ng through the worker process, and ``aac run``'s mixer on SDL's
``disk`` driver, whose output file is what a speaker would have played. A machine without
espeak-ng is simulated the way it really fails: the ``pyttsx3.drivers._espeak`` binding
raises on import because it cannot load the library.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import wave
from pathlib import Path
from typing import Optional

import numpy as np
import pytest
from helpers import WAIT, f0

from aac.testing import default_sigint

REPO = Path(__file__).resolve().parent.parent
RATE = 22050
TONE_HZ = 1000


def env_for(tmp: Path, extra: Optional[dict[str, str]] = None, path: str = "") -> dict[str, str]:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               PYGAME_HIDE_SUPPORT_PROMPT="1", AAC_CACHE_DIR=str(tmp / "cache"))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (path, str(REPO)) if p)
    env.update(extra or {})
    return env


def aac(tmp: Path, *args: str, extra: Optional[dict[str, str]] = None, path: str = "",
        stdin: Optional[str] = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aac", *args], cwd=tmp, input=stdin,
                          env=env_for(tmp, extra, path), capture_output=True, text=True,
                          timeout=timeout)


def samples(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        return np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float64)


@pytest.fixture
def no_espeak(tmp_path: Path) -> str:
    """A PYTHONPATH entry whose espeak binding fails as it does without libespeak-ng."""
    drivers = tmp_path / "shadow" / "pyttsx3" / "drivers"
    drivers.mkdir(parents=True)
    (drivers.parent / "__init__.py").write_text("")
    (drivers / "__init__.py").write_text("")
    (drivers / "_espeak.py").write_text(
        'raise RuntimeError("This means you probably do not have eSpeak or eSpeak-ng '
        'installed!")\n')
    return str(tmp_path / "shadow")


# -- aac speak -------------------------------------------------------------------------------------
@pytest.mark.slow
def test_speak_writes_audible_speech_and_a_voice_profile_changes_it(tmp_path: Path) -> None:
    plain = aac(tmp_path, "speak", "hello there", "--out", "plain.wav")
    girl = aac(tmp_path, "speak", "hello there", "--voice", "girl", "--out", "girl.wav")
    assert plain.returncode == 0 and girl.returncode == 0, plain.stderr + girl.stderr
    a, b = samples(tmp_path / "plain.wav"), samples(tmp_path / "girl.wav")
    assert len(a) > 0.3 * RATE and np.sqrt(np.mean(a ** 2)) > 1000
    assert f0(b, RATE) > 1.2 * f0(a, RATE)  # the child-like profile is higher


def test_unknown_voice_warns_and_uses_the_nearest(tmp_path: Path) -> None:
    proc = aac(tmp_path, "speak", "hello", "--voice", "en-zz", "--out", "x.wav")
    assert proc.returncode == 0
    assert "voice 'en-zz'" in proc.stderr and "using 'en" in proc.stderr
    assert np.abs(samples(tmp_path / "x.wav")).max() > 1000


def test_a_mistyped_profile_name_suggests_the_profile(tmp_path: Path) -> None:
    proc = aac(tmp_path, "speak", "hello", "--voice", "gril", "--out", "x.wav")
    assert proc.returncode == 0
    assert "voice 'gril'" in proc.stderr and "using 'en'" in proc.stderr
    assert "did you mean the voice profile 'girl'?" in proc.stderr


@pytest.mark.slow
def test_speak_nothing_or_to_an_unwritable_file_is_one_clear_line(tmp_path: Path) -> None:
    empty = aac(tmp_path, "speak", "  ", "--out", "x.wav")
    assert empty.returncode == 2 and "nothing to say" in empty.stderr
    assert not (tmp_path / "x.wav").exists()
    nowhere = aac(tmp_path, "speak", "hello", "--out", str(tmp_path / "no" / "x.wav"))
    assert nowhere.returncode == 1
    assert nowhere.stderr.strip().count("\n") == 0, nowhere.stderr
    assert "cannot write" in nowhere.stderr and "Traceback" not in nowhere.stderr


def test_voices_lists_the_machine_and_the_profiles(tmp_path: Path) -> None:
    proc = aac(tmp_path, "voices", "--json")
    assert proc.returncode == 0, proc.stderr
    info = json.loads(proc.stdout)
    assert info["available"] is True
    assert any(v["id"] == "en-us" for v in info["voices"])
    names = {p["name"] for p in info["profiles"]}
    assert {"default", "girl", "boy"} <= names
    table = aac(tmp_path, "voices")
    assert table.returncode == 0 and "en-us" in table.stdout and "girl" in table.stdout


# -- degradation -----------------------------------------------------------------------------------
@pytest.mark.slow
def test_without_espeak_the_commands_say_so_once(tmp_path: Path, no_espeak: str) -> None:
    speak = aac(tmp_path, "speak", "hello", "--out", "x.wav", path=no_espeak)
    assert speak.returncode == 1
    assert speak.stderr.count("espeak-ng not found") == 1 and "Traceback" not in speak.stderr
    voices = aac(tmp_path, "voices", "--json", path=no_espeak)
    assert voices.returncode == 1 and json.loads(voices.stdout)["available"] is False


def clip_board(tmp: Path) -> Path:
    """hello | Sam (a recorded 1 kHz clip) | Speak."""
    boards = tmp / "boards"
    boards.mkdir()
    t = np.arange(int(0.4 * RATE)) / RATE
    tone = (np.sin(2 * np.pi * TONE_HZ * t) * 12000).astype("<i2")
    with wave.open(str(boards / "sam.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(tone.tobytes())
    (boards / "home.yaml").write_text(
        "rows:\n  - [hello, {label: Sam, sound: sam.wav}, {label: Speak, action: speak}]\n")
    return boards


def run_terminal(tmp: Path, keys: str, audio: dict[str, str], path: str = "",
                 seconds: str = "4") -> subprocess.CompletedProcess[str]:
    """``aac run --terminal`` choosing cells by number; stdin stays open until exit-after."""
    env = env_for(tmp, audio, path)
    proc = subprocess.Popen([sys.executable, "-m", "aac", "run", "--terminal", "boards",
                             "--exit-after", seconds], cwd=tmp, env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    got: dict[str, str] = {}
    readers = [threading.Thread(target=lambda k=k, s=s: got.__setitem__(k, s.read()))
               for k, s in (("out", proc.stdout), ("err", proc.stderr))]
    for reader in readers:
        reader.start()
    proc.stdin.write(keys)
    proc.stdin.flush()  # and kept open: end of input would quit the communicator at once
    try:
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdin.close()
        for reader in readers:
            reader.join(10)
    return subprocess.CompletedProcess(proc.args, proc.returncode, got["out"], got["err"])


def labels(raw: Path) -> str:
    """20 ms frames of what the speaker got: '.' silence, 'T' the clip's tone, 'S' speech."""
    x = np.fromfile(raw, "<i2").reshape(-1, 2)[:, 0].astype(np.float64)
    n = int(0.02 * RATE)
    out = []
    for i in range(0, len(x) - n, n):
        frame = x[i:i + n]
        if np.sqrt(np.mean(frame ** 2)) < 300:
            out.append(".")
            continue
        spectrum = np.abs(np.fft.rfft(frame * np.hanning(n)))
        peak = np.argmax(spectrum) * RATE / n
        tonal = spectrum.max() > 0.5 * spectrum.sum() / 20
        out.append("T" if abs(peak - TONE_HZ) < 60 and tonal else "S")
    return "".join(out)


@pytest.mark.slow
def test_speak_action_plays_words_and_recorded_clips_in_order(tmp_path: Path) -> None:
    clip_board(tmp_path)
    raw = tmp_path / "speaker.raw"
    proc = run_terminal(tmp_path, "1\n2\n3\n",
                        {"SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": str(raw)})
    assert proc.returncode == 0, proc.stderr
    assert "hello Sam" in proc.stdout  # the message bar
    heard = labels(raw).strip(".")
    last = heard.split("." * 15)[-1]  # the utterance played last (after 300 ms of silence)
    # "hello", then the recording of "Sam" (single frames at a sound's edges may mislabel)
    assert re.search(r"S{5,}.*T{10,}", last), heard
    assert not re.search(r"T{5,}.*S{5,}", last), heard


@pytest.mark.slow
def test_without_espeak_the_communicator_runs_and_clips_still_play(
    tmp_path: Path, no_espeak: str
) -> None:
    clip_board(tmp_path)
    raw = tmp_path / "speaker.raw"
    proc = run_terminal(tmp_path, "1\n2\n",
                        {"SDL_AUDIODRIVER": "disk", "SDL_DISKAUDIOFILE": str(raw)},
                        path=no_espeak, seconds="3")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("espeak-ng not found") == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "hello Sam" in proc.stdout
    heard = labels(raw)
    assert "T" * 10 in heard and "SSS" not in heard, heard  # the clip, and no speech


@pytest.mark.slow
def test_without_an_audio_device_text_only_and_one_message(tmp_path: Path) -> None:
    clip_board(tmp_path)
    proc = run_terminal(tmp_path, "1\n2\n", {"SDL_AUDIODRIVER": "nonexistent"}, seconds="2")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("no audio device") == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "hello Sam" in proc.stdout


# -- aac bench speech ------------------------------------------------------------------------------
@pytest.mark.slow
def test_bench_speech_reports_every_figure_from_any_directory(tmp_path: Path) -> None:
    proc = aac(tmp_path, "bench", "speech", "--json", "--samples", "4", timeout=120)
    assert proc.returncode == 0, proc.stderr
    figures = {f["name"]: f for f in map(json.loads, proc.stdout.splitlines())}
    for name in ("speech_first_audio_cached", "speech_first_audio_uncached"):
        fig = figures[name]
        assert {"name", "unit", "samples", "p50", "p99", "max"} <= set(fig)
        assert fig["unit"] == "ms" and fig["samples"] == 4
        assert 0 < fig["p50"] <= fig["p99"] <= fig["max"]
    prerender = figures["speech_prerender_default_boards"]  # the set aac run shows
    assert prerender["texts"] > 50 and prerender["p50"] > 0


@pytest.mark.slow
def test_quitting_while_speech_starts_leaves_no_traceback_or_worker(tmp_path: Path) -> None:
    """End of input quits the text communicator at once, before the speech worker has said
    it is ready: the worker must go quietly (no traceback on the user's terminal)."""
    clip_board(tmp_path)
    proc = aac(tmp_path, "run", "--terminal", "boards", stdin="1\n",
               extra={"SDL_AUDIODRIVER": "nonexistent"})
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "Error" not in proc.stderr, proc.stderr


@pytest.mark.slow
def test_ctrl_c_in_the_terminal_ends_the_communicator_and_its_worker_quietly(
    tmp_path: Path,
) -> None:
    """Ctrl-C signals the terminal's whole process group; only the communicator should act
    on it (the worker goes when its pipe closes), with no traceback and nothing left over."""
    clip_board(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "aac", "run", "--terminal", "boards"],
                            cwd=tmp_path, env=env_for(tmp_path), text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=default_sigint)
    try:
        worker = _wait_for_child(proc.pid, "aac.speech.worker")
        os.killpg(proc.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
        assert proc.wait(WAIT) in (0, 130)  # 130: Ctrl-C came while it was still starting
        err = proc.stderr.read() if proc.stderr else ""
        assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
        _wait_until_gone(worker)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdin:
            proc.stdin.close()


def _children(pid: int) -> dict[int, str]:
    out = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            out[int(entry.name)] = cmd
    return out


def _wait_for_child(pid: int, name: str) -> int:
    tick = threading.Event()
    for _ in range(int(WAIT / 0.1)):  # a condition polled with a deadline, not a fixed sleep
        found = [c for c, cmd in _children(pid).items() if name in cmd]
        if found:
            return found[0]
        tick.wait(0.1)
    raise AssertionError(f"no {name} child of {pid}")


def _wait_until_gone(pid: int) -> None:
    tick = threading.Event()
    for _ in range(int(WAIT / 0.1)):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return
        if state == "Z":  # exited; only its (re-parented) exit status is left
            return
        tick.wait(0.1)
    raise AssertionError(f"the speech worker {pid} is still running")


KILLED_PARENT = """
import os, signal, threading
from aac.testing import default_sigint
from aac.speech.worker import SynthWorker
w = SynthWorker("aac.speech.fakes:HangingSynth", timeout=60)
assert w.start()
threading.Thread(target=w.render, args=("hang here", "en", 165, 50, 1.0), daemon=True).start()
tick = threading.Event()
for _ in range(1200):  # until the worker is inside the hung synthesis (60 s at most)
    if os.path.exists(os.environ["AAC_TEST_HANG_MARK"]):
        break
    tick.wait(0.05)
print(w.pid, int(os.path.exists(os.environ["AAC_TEST_HANG_MARK"])), flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer or a pulled battery would
"""


def test_a_killed_communicator_leaves_no_worker_even_a_hung_one(tmp_path: Path) -> None:
    mark = {"AAC_TEST_HANG_MARK": str(tmp_path / "hanging")}
    proc = subprocess.run([sys.executable, "-c", KILLED_PARENT], cwd=tmp_path,
                          env=env_for(tmp_path, mark), stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL,  # the worker would keep a pipe open
                          text=True, timeout=2 * WAIT)
    assert proc.returncode == -signal.SIGKILL
    worker, hanging = map(int, proc.stdout.split())
    assert hanging  # the worker was inside the hung synthesis when its parent died
    try:
        _wait_until_gone(worker)
    finally:
        try:
            os.kill(worker, signal.SIGKILL)  # this test started it: never leave it behind
        except ProcessLookupError:
            pass
