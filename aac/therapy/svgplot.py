"""Small SVG charts for the report: no plotting library to install on a Pi, text stays
sharp when printed, and the page stays one self-contained file.

Every chart is ``<svg class="plot" data-plot=NAME ...>`` with a ``<title>``; bars carry
their number in a ``<title>`` too (a tooltip in a browser, checkable by tests).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

W, H = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 34, 48
COLOURS = ("#3465a4", "#f57900", "#4e9a06", "#75507b")


def _frame(name: str, title: str, body: list[str], xlabel: str, ylabel: str) -> str:
    return "\n".join([
        f'<svg class="plot" data-plot="{escape(name)}" xmlns="http://www.w3.org/2000/svg" '
        f'width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="DejaVu Sans, sans-serif"'
        ' font-size="11">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{W}" height="{H}" fill="white"/>',
        f'<text x="{W / 2}" y="18" text-anchor="middle" font-size="14" '
        f'font-weight="bold">{escape(title)}</text>',
        *body,
        f'<line x1="{LEFT}" y1="{H - BOTTOM}" x2="{W - RIGHT}" y2="{H - BOTTOM}" '
        'stroke="black"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{H - BOTTOM}" stroke="black"/>',
        f'<text x="{(LEFT + W - RIGHT) / 2}" y="{H - 8}" text-anchor="middle">'
        f"{escape(xlabel)}</text>",
        f'<text x="14" y="{(TOP + H - BOTTOM) / 2}" text-anchor="middle" '
        f'transform="rotate(-90 14 {(TOP + H - BOTTOM) / 2})">{escape(ylabel)}</text>',
        "</svg>",
    ])


def _nice(top: float) -> float:
    """A round axis top at or above ``top``."""
    if top <= 0:
        return 1.0
    mag = 10.0 ** math.floor(math.log10(top))
    return float(next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= top))


def _yaxis(top: float) -> list[str]:
    out = []
    for i in range(6):
        v = top * i / 5
        y = H - BOTTOM - (H - BOTTOM - TOP) * i / 5
        out.append(f'<line x1="{LEFT - 4}" y1="{y:.1f}" x2="{W - RIGHT}" y2="{y:.1f}" '
                   'stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{v:g}</text>')
    return out


def histogram(name: str, title: str, values: Sequence[float], lo: float, hi: float,
              bins: int, xlabel: str, marks: Mapping[str, float] = {}) -> str:
    """Counts of ``values`` in ``bins`` equal bins over [lo, hi] (outside: the end bins),
    with labelled vertical ``marks``."""
    width = (hi - lo) / bins
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, max(0, int((v - lo) / width)))] += 1
    top = _nice(max(counts, default=0))
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    body = _yaxis(top)
    for i, c in enumerate(counts):
        x = LEFT + plot_w * i / bins
        h = plot_h * c / top
        body.append(f'<rect class="bar" x="{x + 1:.1f}" y="{H - BOTTOM - h:.1f}" '
                    f'width="{plot_w / bins - 2:.1f}" height="{h:.1f}" fill="{COLOURS[0]}">'
                    f"<title>{lo + i * width:g}-{lo + (i + 1) * width:g}: {c}</title></rect>")
    for i in range(0, bins + 1, max(1, bins // 8)):
        x = LEFT + plot_w * i / bins
        body.append(f'<text x="{x:.1f}" y="{H - BOTTOM + 14}" text-anchor="middle">'
                    f"{lo + i * width:g}</text>")
    for n, (label, v) in enumerate(marks.items()):
        x = LEFT + plot_w * (min(hi, max(lo, v)) - lo) / (hi - lo)
        colour = COLOURS[1 + n % 3]
        body.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{H - BOTTOM}" '
                    f'stroke="{colour}" stroke-width="2" stroke-dasharray="5,3"/>')
        body.append(f'<text x="{x + 4:.1f}" y="{TOP + 12 + 13 * n}" fill="{colour}">'
                    f"{escape(label)}</text>")
    return _frame(name, title, body, xlabel, "presses")


def bars(name: str, title: str, labels: Sequence[str], series: Mapping[str, Sequence[float]],
         ylabel: str, xlabel: str = "") -> str:
    """Grouped bars: one group per label, one bar per series, with a legend."""
    n = max(1, len(labels))
    k = max(1, len(series))
    top = _nice(1.15 * max((v for vs in series.values() for v in vs), default=0))  # legend
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    body = _yaxis(top)
    group = plot_w / n
    for s, (sname, values) in enumerate(series.items()):
        for i, v in enumerate(values):
            x = LEFT + group * i + group * 0.1 + group * 0.8 * s / k
            h = plot_h * v / top
            body.append(f'<rect class="bar" x="{x:.1f}" y="{H - BOTTOM - h:.1f}" '
                        f'width="{max(1.0, group * 0.8 / k - 1):.1f}" height="{h:.1f}" '
                        f'fill="{COLOURS[s % 4]}"><title>{escape(labels[i])} {escape(sname)}: '
                        f"{v:.2f}</title></rect>")
        body.append(f'<rect x="{W - RIGHT - 150}" y="{TOP + 14 * s - 9}" width="10" '
                    f'height="10" fill="{COLOURS[s % 4]}"/>')
        body.append(f'<text x="{W - RIGHT - 136}" y="{TOP + 14 * s}">{escape(sname)}</text>')
    every = max(1, math.ceil(n / 10))
    for i in range(0, n, every):
        x = LEFT + group * (i + 0.5)
        body.append(f'<text x="{x:.1f}" y="{H - BOTTOM + 14}" text-anchor="middle">'
                    f"{escape(labels[i][:12])}</text>")
    return _frame(name, title, body, xlabel, ylabel)
