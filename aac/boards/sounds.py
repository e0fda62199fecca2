"""Check a recorded clip is a WAV, OGG or MP3 that pygame's mixer can play, from its headers.

Lint must not open an audio device, so instead of decoding through the mixer we read the
structure each format promises (RIFF chunks, the first Ogg page, two MPEG frames in a row).
A garbage or truncated file, or a phone recording in a format the mixer cannot play (M4A,
AMR, ...), gets a sentence naming what to do. The speech service decodes the clip for real
when it is first played and names the file if that fails.
"""

from __future__ import annotations

import struct
from typing import Optional

#: What pygame's mixer plays (SDL_mixer: WAV, Ogg Vorbis, MP3).
SOUND_FORMATS = ("WAV", "OGG", "MP3")

#: Formats recorders and phones produce that we do not play (M4A/AAC/AMR: the mixer cannot;
#: FLAC/AIFF it could, but one short list is easier for a teacher), by extension.
UNSUPPORTED = {".m4a": "M4A (AAC)", ".aac": "AAC", ".amr": "AMR", ".3gp": "3GP",
               ".wma": "WMA", ".caf": "CAF", ".opus": "Opus", ".webm": "WebM",
               ".mp4": "MP4", ".aiff": "AIFF", ".aif": "AIFF", ".flac": "FLAC"}

# WAV format tags SDL decodes: PCM, ADPCM, IEEE float, A-law, mu-law, IMA ADPCM, extensible.
_WAV_TAGS = frozenset({0x0001, 0x0002, 0x0003, 0x0006, 0x0007, 0x0011, 0xFFFE})
_MP3_BITRATES = {  # kbit/s by (MPEG-1?, layer) and index 1..14
    (True, 1): (32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (True, 2): (32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, 3): (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (False, 1): (32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (False, 2): (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_MP3_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
_MP3_SEARCH = 64 * 1024  # junk allowed before the first frame (after any ID3 tag)


def convert_hint(path: str) -> str:
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    out = f"{stem}.wav" if name.lower().endswith(".mp3") else f"{stem}.mp3"
    return f"convert it to MP3 or WAV (e.g. `ffmpeg -i {name} {out}`)"


def sound_problem(path: str, data: bytes) -> Optional[str]:
    """Why the clip ``data`` (read from ``path``) cannot be played; None when it can."""
    lower = path.lower()
    for ext, kind in UNSUPPORTED.items():
        if lower.endswith(ext):
            return f"is {kind} audio, which the communicator does not play; {convert_hint(path)}"
    if data[4:8] == b"ftyp":  # an MP4 container (M4A) whatever its name says
        return f"is M4A/MP4 audio, which the communicator does not play; {convert_hint(path)}"
    if data.startswith(b"#!AMR"):
        return f"is AMR audio, which the communicator does not play; {convert_hint(path)}"
    if data.startswith(b"RIFF"):
        return _wav_problem(data)
    if data.startswith(b"OggS"):
        return _ogg_problem(path, data)
    if data.startswith(b"ID3") or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return _mp3_problem(data)
    if not data:
        return "is empty"
    return f"is not a {', '.join(SOUND_FORMATS[:-1])} or {SOUND_FORMATS[-1]} sound file"


def _wav_problem(data: bytes) -> Optional[str]:
    if data[8:12] != b"WAVE":
        return "is a RIFF file but not WAV audio"
    pos, fmt_ok, data_size = 12, False, None
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = data[pos + 8:pos + 8 + size]
        if cid == b"fmt ":
            if len(body) < 16:
                return "is a damaged WAV file (its format header is cut short)"
            tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", body[:16])
            if tag not in _WAV_TAGS:
                return (f"is a WAV file with an encoding the mixer cannot play (format "
                        f"{tag:#06x}); save it as plain PCM WAV or MP3")
            if not 1 <= channels <= 8 or not 1000 <= rate <= 384_000:
                return f"is a damaged WAV file ({channels} channels at {rate} Hz)"
            fmt_ok = True
        elif cid == b"data":
            data_size = size
            if not fmt_ok:
                return "is a damaged WAV file (sound data before its format header)"
            if len(body) < min(size, 1):
                return "is a WAV file with no sound in it"
            if len(body) < size and size != 0xFFFFFFFF:  # streaming writers leave it unset
                return (f"is cut short: its data chunk says {size} bytes, the file has "
                        f"{len(body)}")
            break
        pos += 8 + size + (size & 1)
    if not fmt_ok:
        return "is a damaged WAV file (no format header)"
    if data_size is None:
        return "is a damaged WAV file (no sound data)"
    return None


def _ogg_problem(path: str, data: bytes) -> Optional[str]:
    if len(data) < 27 or data[4] != 0:
        return "is a damaged OGG file"
    segments = data[26]
    body_at = 27 + segments
    first = data[body_at:body_at + 8]
    if first.startswith(b"\x01vorbis"):
        return None
    if first.startswith(b"OpusHead"):
        return f"is Opus audio, which the communicator does not play; {convert_hint(path)}"
    if len(first) < 7:
        return "is cut short (no audio header)"
    return "is an OGG file without Vorbis audio (the only kind in OGG the mixer plays)"


def _mp3_problem(data: bytes) -> Optional[str]:
    pos = 0
    if data.startswith(b"ID3"):
        if len(data) < 10:
            return "is cut short (inside its ID3 tag)"
        size = 0
        for b in data[6:10]:  # "syncsafe": 7 bits per byte
            size = (size << 7) | (b & 0x7F)
        pos = 10 + size + (10 if data[5] & 0x10 else 0)
    end = min(len(data), pos + _MP3_SEARCH)
    while pos < end:
        length = _mp3_frame_length(data, pos)
        if length is not None:
            after = pos + length
            if after >= len(data) - 3 or _mp3_frame_length(data, after) is not None:
                return None  # one frame filling the file, or two frames in a row
        pos = data.find(b"\xff", pos + 1, end)
        if pos < 0:
            break
    return "is not MP3 audio (no MPEG audio frames where they should be)"


def _mp3_frame_length(data: bytes, pos: int) -> Optional[int]:
    """Length of the MPEG audio frame whose header is at ``pos``; None if none is there."""
    head = data[pos:pos + 4]
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return None
    version, layer_bits = (head[1] >> 3) & 3, (head[1] >> 1) & 3
    bitrate_i, rate_i, padding = head[2] >> 4, (head[2] >> 2) & 3, (head[2] >> 1) & 1
    if version == 1 or layer_bits == 0 or bitrate_i in (0, 15) or rate_i == 3:
        return None
    layer = 4 - layer_bits
    mpeg1 = version == 3
    table = _MP3_BITRATES[(mpeg1, layer)] if mpeg1 or layer == 1 \
        else _MP3_BITRATES[(False, 2)]
    bitrate, rate = table[bitrate_i - 1] * 1000, _MP3_RATES[version][rate_i]
    if layer == 1:
        return (12 * bitrate // rate + padding) * 4
    per = 144 if mpeg1 or layer == 2 else 72
    return per * bitrate // rate + padding

