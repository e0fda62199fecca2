"""``aac speak "TEXT" [--voice V] [--out FILE.wav]``: hear (or save) what a cell would say.

For teachers trying a voice profile, and for tests: it goes through the same worker, cache
and voice checks as ``aac run``.
"""

from __future__ import annotations

import argparse
import sys
import threading

HELP = "speak text with a voice profile, or write it to a WAV file"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("text", help="what to say")
    p.add_argument(
        "--voice", metavar="V", help="voice profile name, profile file, or espeak-ng voice id"
    )
    p.add_argument("--language", metavar="TAG",
                   help="speak with the voice of a board set's language, e.g. sr, ru, az")
    p.add_argument("--out", metavar="FILE.wav", help="write a WAV file instead of playing")
    p.add_argument("--cache-dir", metavar="DIR", help="speech cache (default: ~/.cache/aac)")


def main(args: argparse.Namespace) -> int:
    from aac.errors import BadSettings
    from aac.speech import NO_AUDIO, NO_ESPEAK
    from aac.speech.audio import write_wav
    from aac.speech.cache import AudioCache
    from aac.speech.profiles import load_profile
    from aac.speech.service import Speech

    if not args.text.strip():
        print("aac speak: nothing to say: give the text to speak, e.g. aac speak \"hello\"",
              file=sys.stderr)
        return 2
    voice = args.voice
    if not voice and getattr(args, "language", None):
        from aac.speech.languages import engine_voice, has_voice, machine_voices

        voices = machine_voices()
        if voices and not has_voice(args.language, voices):
            print(f"aac speak: no espeak-ng voice for language '{args.language}' on this "
                  "machine (aac voices --language lists what fits)", file=sys.stderr)
            return 1
        voice = engine_voice(args.language)  # None for en: the default profile
    try:
        profile = load_profile(voice)
    except BadSettings as exc:
        print(f"aac speak: {exc}", file=sys.stderr)
        return 2
    messages: list[str] = []

    def warn(msg: str) -> None:
        messages.append(msg)
        print(f"aac speak: warning: {msg}", file=sys.stderr)

    speech = Speech(profile, audio=False, on_status=warn, cache=AudioCache(args.cache_dir))
    try:
        speech.ready.wait(30)
        if not speech.synth_ok:
            if NO_ESPEAK not in messages:
                print(f"aac speak: {NO_ESPEAK}", file=sys.stderr)
            return 1
        pcm = speech.render(args.text)
        if pcm is None:
            print("aac speak: could not render the text", file=sys.stderr)
            return 1
        if args.out:
            try:
                with open(args.out, "wb") as f:  # opened here: wave leaves a half-made
                    write_wav(f, pcm)  # writer behind if it cannot open the file itself
            except OSError as exc:
                print(f"aac speak: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
                return 1
            print(f"{args.out}: {pcm.seconds:.2f} s at {pcm.rate} Hz")
            return 0
        return _play(pcm, profile.volume, NO_AUDIO)
    finally:
        speech.close()
        speech.join(5)


def _play(pcm: object, volume: float, no_audio: str) -> int:
    from aac.speech.audio import to_mixer
    from aac.speech.player import Player, init_mixer, mixer_error

    if not init_mixer():
        print(f"aac speak: {no_audio} ({mixer_error()}); try --out FILE.wav", file=sys.stderr)
        return 1
    player = Player()
    frames = to_mixer(pcm, player.rate, player.channels)  # type: ignore[arg-type]
    player.play_message(frames)
    # a command-line tool may wait for its own sound to end
    threading.Event().wait(pcm.seconds + 0.15)  # type: ignore[attr-defined]
    player.close()
    return 0
