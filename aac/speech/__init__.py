"""Speech for the communicator: call ``create_speech`` before the display is created.

``create_speech`` opens ``pygame.mixer`` (before the display, so SDL uses our small audio
buffer) and returns a ``Speech`` whose every method returns at once: synthesis runs in a
worker process, playback on mixer channels, so speech never freezes the scan or the screen.
Heavy modules are imported inside functions: ``python -m aac.speech.worker`` stays light.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional, Union

from .messages import NO_AUDIO, NO_ESPEAK

if TYPE_CHECKING:
    from .service import Speech

StatusCallback = Callable[[str], None]

__all__ = ["NO_AUDIO", "NO_ESPEAK", "create_speech", "init_mixer"]


def init_mixer() -> bool:
    """Open the audio device (idempotent). Call before ``pygame.display.set_mode``."""
    from .player import init_mixer as _init

    return _init()


def create_speech(
    voice: Optional[str] = None,
    *,
    audio: bool = True,
    on_status: Optional[StatusCallback] = None,
    cache_dir: Union[str, Path, None] = None,
    voices_dir: Union[str, Path, None] = None,
    worker_timeout: float = 2.0,
    synth_factory: Optional[str] = None,
    start_after: Optional[threading.Event] = None,
) -> Speech:
    """Start speech with voice profile ``voice`` (a name in ``voices/``, a path, or an
    espeak-ng voice id; ``None`` = ``default``).

    ``audio=False`` gives text only. Each problem (bad profile, missing voice, no espeak-ng,
    no audio device) is reported once through ``on_status`` - possibly from another thread -
    and the returned object still accepts every call.
    """
    from ..errors import BadSettings
    from .cache import AudioCache
    from .profiles import VoiceProfile, load_profile
    from .service import Speech
    from .worker import DEFAULT_FACTORY, SynthWorker

    report = on_status or (lambda _msg: None)
    try:
        profile = load_profile(voice, Path(voices_dir) if voices_dir else None)
    except BadSettings as exc:
        report(f"{exc}; using the default voice")
        profile = VoiceProfile(voice="en-us")
    player = None
    if audio:
        from .player import Player
        from .player import init_mixer as _init

        if _init():
            player = Player()
        else:
            report(NO_AUDIO)
    worker = SynthWorker(synth_factory or DEFAULT_FACTORY, timeout=worker_timeout)
    return Speech(
        profile,
        audio=player is not None,
        on_status=report,
        cache=AudioCache(cache_dir),
        worker=worker,
        player=player,
        start_after=start_after,
    )
