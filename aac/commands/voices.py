"""``aac voices [--json]``: the espeak-ng voices this machine has, and the voice profiles."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..speech.messages import ESPEAK_MISSING, SPEECH_OFF

HELP = "list the voices this machine has and the voice profiles"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--all", action="store_true", help="list every language, not just English")
    p.add_argument("--language", metavar="TAG",
                   help="only the voices that fit a board set's language, e.g. sr, mn")


def collect() -> dict[str, Any]:
    """Engine voices (via the worker, as ``aac run`` sees them) and every profile's state."""
    from dataclasses import asdict

    from aac.errors import BadSettings
    from aac.speech.profiles import resolve_voice, voices_dir
    from aac.speech.worker import SynthWorker, WorkerError

    worker = SynthWorker()
    try:
        ok = worker.start()
        problem = worker.unavailable
    except WorkerError as exc:
        ok, problem = False, str(exc)
    finally:
        worker.close()
    voices = [v for v in worker.voices if not v["variant"]]
    variants = [v for v in worker.voices if v["variant"]]
    profiles: list[dict[str, Any]] = []
    from aac.speech.profiles import load_profile_file

    for path in sorted(voices_dir().glob("*.yaml")):
        try:
            prof = load_profile_file(path)
        except BadSettings as exc:
            profiles.append({"name": path.stem, "file": str(path), "error": str(exc)})
            continue
        entry = asdict(prof)
        entry["file"] = str(path)
        if ok:
            used, warning = resolve_voice(prof.engine_voice, worker.voices)
            entry["engine_voice"], entry["warning"] = used, warning
        profiles.append(entry)
    return {
        "engine": "espeak-ng",
        "available": ok,
        "problem": None if ok else (problem or ESPEAK_MISSING),
        "voices": voices,
        "variants": variants,
        "profiles": profiles,
    }


def main(args: argparse.Namespace) -> int:
    info = collect()
    if getattr(args, "language", None):
        return _language_voices(args.language, info, args.json)
    if args.json:
        print(json.dumps(info, ensure_ascii=False))
        return 0 if info["available"] else 1
    out = sys.stdout
    if not info["available"]:
        out.write(f"espeak-ng: not available ({info['problem']}); {SPEECH_OFF}\n")
    else:
        shown = [v for v in info["voices"] if args.all or v["language"].startswith("en")]
        total = len(info["voices"])
        out.write(f"espeak-ng voices ({len(shown)} of {total}; --all for every one):\n")
        for v in shown:
            out.write(f"  {v['id']:<22} {v['language']:<12} {v['name']}\n")
        names = " ".join(v["id"] for v in info["variants"])
        out.write(f"variants (add to a voice, e.g. en-us+f3): {names}\n")
    out.write("voice profiles (voices/*.yaml, use with --voice NAME):\n")
    for p in info["profiles"]:
        if "error" in p:
            out.write(f"  {p['name']:<12} ERROR {p['error']}\n")
            continue
        warn = f"  ! {p['warning']}" if p.get("warning") else ""
        out.write(
            f"  {p['name']:<12} {p['voice'] or p['language']:<14} rate {p['rate']:>3} "
            f"pitch {p['pitch']:>3}  {p['description']}{warn}\n"
        )
    return 0 if info["available"] else 1


def _language_voices(tag: str, info: dict[str, Any], as_json: bool) -> int:
    """``--language TAG``: the voice a set in TAG speaks with and the voices that fit; exit 1
    when none does (that set runs with text, pictures and recorded sounds)."""
    from aac.speech.languages import engine_voice, fitting_voices

    fitting = fitting_voices(tag, info["voices"]) if info["available"] else []
    chosen = engine_voice(tag)
    if as_json:
        print(json.dumps({"language": tag, "voice": chosen if fitting else None,
                          "voices": fitting, "available": info["available"]},
                         ensure_ascii=False))
        return 0 if fitting else 1
    if not fitting:
        print(f"{tag}: no espeak-ng voice on this machine: a set in this language shows text "
              "and pictures and plays recorded sound: clips")
        return 1
    print(f"{tag}: speaks with espeak-ng voice '{chosen or fitting[0]['id']}'; fitting voices:")
    for v in fitting:
        print(f"  {v['id']:<22} {v['language']:<12} {v['name']}")
    return 0
