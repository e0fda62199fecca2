"""``aac simulate`` (auto mode) against an independent model written from SCANNING.md alone.

The model works in whole milliseconds and computes every item start from the formula
``s + m·L + I·(f + k − 1)``, so it is exact; the engine runs on float seconds with absolute
deadlines. Any board (empty, hidden cells), pattern, escape, loops, first-item factor,
acceptance, debounce and start mode, and any press timeline, must give the same events.
"""

from __future__ import annotations

import os
from fractions import Fraction
from typing import Any, Optional

import pytest
from helpers import drive
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aac.commands.simulate import simulate
from aac.core.board import Board, BoardSet, Cell
from aac.core.events import SwitchEvent
from aac.core.scan import Highlighted, ScanEngine, Selected
from aac.core.scan_settings import ScanSettings
from aac.core.session import Session

Grid = list[list[Optional[str]]]
Item = tuple[Any, ...]  # ("row", r) | ("col", c) | ("cell", r, c) | ("back", kind, index)

cells = st.one_of(st.none(), st.just("hidden"), st.sampled_from(["a", "b", "c", "d", "e"]))
grids = st.lists(st.lists(cells, min_size=1, max_size=4), min_size=1, max_size=4)


def board_set(grid: Grid) -> BoardSet:
    rows = tuple(tuple(None if c is None else Cell("h", hidden=True) if c == "hidden"
                       else Cell(c) for c in row) for row in grid)
    return BoardSet({"home": Board("home", rows)})


def visible(grid: Grid) -> list[tuple[int, int, str]]:
    return [(r, c, v) for r, row in enumerate(grid) for c, v in enumerate(row)
            if v is not None and v != "hidden"]


def level1(grid: Grid, pattern: str) -> list[Item]:
    cells_ = visible(grid)
    if pattern == "linear":
        return [("cell", r, c) for r, c, _ in cells_]
    if pattern == "row-column":
        return [("row", r) for r in sorted({r for r, _, _ in cells_})]
    return [("col", c) for c in sorted({c for _, c, _ in cells_})]


def level2(grid: Grid, group: Item, escape: bool) -> list[Item]:
    kind, index = group
    cells_ = visible(grid)
    if kind == "row":
        items: list[Item] = [("cell", r, c) for r, c, _ in cells_ if r == index]
    else:
        items = [("cell", r, c) for r, c, _ in sorted(cells_, key=lambda x: (x[1], x[0]))
                 if c == index]
    return items + ([("back", kind, index)] if escape else [])


def accepted_presses(presses: list[tuple[int, int]], acc: int, deb: int) -> list[int]:
    """Press times (ms) that count: held >= acceptance, down >= debounce after the last."""
    out: list[int] = []
    for down, up in presses:
        if up - down < acc:
            continue
        if out and down - out[-1] < deb:
            continue
        out.append(down + acc)
    return out


def hl_record(t: Fraction, level: int, item: Item) -> dict[str, Any]:
    rec: dict[str, Any] = {"t": t, "type": "highlight", "level": level}
    if item[0] == "row":
        rec["row"] = item[1]
    elif item[0] == "col":
        rec["col"] = item[1]
    elif item[0] == "cell":
        rec["row"], rec["col"] = item[1], item[2]
    else:
        rec["row" if item[1] == "row" else "col"] = item[2]
        rec["back"] = True
    return rec


def model(grid: Grid, s: dict[str, Any], presses: list[tuple[int, int]],
          until: int) -> tuple[list[dict[str, Any]], str]:
    """SCANNING.md, auto mode, in exact milliseconds."""
    interval, f, loops = Fraction(s["interval_ms"]), Fraction(s["first_item_factor"]), s["loops"]
    words = {(r, c): v for r, c, v in visible(grid)}
    events: list[dict[str, Any]] = []
    message: list[str] = []
    todo = accepted_presses(presses, s["acceptance_ms"], s["debounce_ms"])
    level: Optional[int] = None if s["start"] == "on-press" else 1
    items = level1(grid, s["pattern"])
    start = Fraction(0)

    def offset(k: int) -> Fraction:
        return Fraction(0) if k == 0 else interval * (f + k - 1)

    while True:
        p = todo[0] if todo else None
        if level is None:  # stopped or waiting: the next press restarts level 1
            if p is None or p > until:
                break
            todo.pop(0)
            level, items, start = 1, level1(grid, s["pattern"]), Fraction(p)
            continue
        if not items:
            break
        n = len(items)
        length = interval * (f + n - 1)
        end = start + loops * length if loops else None
        horizon = min(x for x in (p, end, until) if x is not None)
        m = 0
        while True:  # highlights up to the horizon (a start equal to it is shown first)
            k_times = [start + m * length + offset(k) for k in range(n)]
            for k, t in enumerate(k_times):
                if t <= horizon and (end is None or t < end):
                    events.append(hl_record(t, level, items[k]))
            if start + (m + 1) * length > horizon:
                break
            m += 1
        if end is not None and end <= horizon and end <= until:  # loops ran out
            if level == 2:
                level, items, start = 1, level1(grid, s["pattern"]), end
            else:
                events.append({"t": end, "type": "stop"})
                level = None
            continue
        if p is None or p > until:
            break
        todo.pop(0)
        m = int((p - start) // length)
        within = p - start - m * length
        k = max(j for j in range(n) if offset(j) <= within)
        item = items[k]
        if item[0] in ("row", "col") and s["pattern"] != "linear":
            level, items, start = 2, level2(grid, item, s["escape"]), Fraction(p)
        elif item[0] == "back":
            level, items, start = 1, level1(grid, s["pattern"]), Fraction(p)
        else:
            word = words[(item[1], item[2])]
            events.append({"t": p, "type": "select", "board": "home", "row": item[1],
                           "col": item[2], "label": word})
            events.append({"t": p, "type": "speak", "text": word})
            message.append(word)
            level, items, start = 1, level1(grid, s["pattern"]), Fraction(p)
    for e in events:
        e["t"] = round(float(e["t"]) / 1000, 3)
    return events, " ".join(message)


def near(*limits: int) -> Any:
    """Hold lengths a few ms either side of a limit (acceptance, hold): the edge cases."""
    return st.sampled_from([x + d for x in limits for d in (-9, -1, 0, 1, 9) if x + d > 0])


def timelines(draw: Any, acceptance: int = 0) -> list[tuple[int, int]]:
    out, t = [], 0
    lengths = st.one_of(st.integers(1, 500), near(acceptance)) if acceptance else \
        st.integers(1, 500)
    for gap, hold in draw(st.lists(st.tuples(st.integers(20, 4000), lengths), max_size=10)):
        down = t + gap
        out.append((down, down + hold))
        t = down + hold
    return out


@st.composite
def cases(draw: Any) -> tuple[Grid, dict[str, Any], list[tuple[int, int]]]:
    grid = draw(grids)
    s = {
        "pattern": draw(st.sampled_from(["row-column", "column-row", "linear"])),
        "interval_ms": draw(st.sampled_from([200, 500, 1000, 1500])),
        "first_item_factor": draw(st.sampled_from([1, 1.5, 2, 0.5])),
        "loops": draw(st.integers(0, 3)),
        "escape": draw(st.booleans()),
        "acceptance_ms": draw(st.sampled_from([0, 50, 300])),
        "debounce_ms": draw(st.sampled_from([0, 100, 400])),
        "start": draw(st.sampled_from(["immediately", "on-press"])),
    }
    presses = timelines(draw, s["acceptance_ms"])
    # presses that land on item boundaries are the interesting ones: snap some onto them
    if draw(st.booleans()) and presses:
        step = int(s["interval_ms"] * (1 if s["first_item_factor"] == 1 else 0.5))
        presses = [(d - d % step - s["acceptance_ms"] if d - d % step >= s["acceptance_ms"]
                    + 20 else d, u) for d, u in presses]
        presses = sorted(set(presses))
        cleaned: list[tuple[int, int]] = []
        for d, u in presses:
            if not cleaned or d >= cleaned[-1][1] + 20:
                cleaned.append((d, max(u, d + 1)))
        presses = cleaned
    return grid, s, presses


@settings(max_examples=int(os.environ.get("AAC_MODEL_EXAMPLES", "300")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@pytest.mark.slow
@given(cases())
def test_simulate_equals_the_model(case: tuple[Grid, dict[str, Any], list[tuple[int, int]]]
                                   ) -> None:
    grid, s, presses = case
    until = (presses[-1][1] if presses else 0) + 20000
    got, message = simulate(board_set(grid), ScanSettings(**s),
                            [(1, d / 1000, u / 1000) for d, u in presses], until / 1000)
    want, want_message = model(grid, s, presses, until)
    assert got == want
    assert message == want_message


# -- step, inverse, press-hold: nothing moves by time except an inverse hold -----------------
def filtered(presses: list[tuple[int, int, int]], acc: int, deb: int
             ) -> list[tuple[int, int, int, bool]]:
    """(switch, down, up, accepted) of the presses not dropped by debounce (per switch)."""
    last: dict[int, int] = {}
    out = []
    for sw, down, up in presses:
        if sw in last and down - last[sw] < deb:
            continue
        ok = up - down >= acc
        if ok:
            last[sw] = down + acc
        out.append((sw, down, up, ok))
    return out


def model_manual(grid: Grid, s: dict[str, Any], presses: list[tuple[int, int, int]]
                 ) -> tuple[list[dict[str, Any]], str]:
    """SCANNING.md's ``step``, ``inverse`` and ``press-hold``, in exact milliseconds."""
    mode, interval, acc, hold = s["mode"], s["interval_ms"], s["acceptance_ms"], s["hold_ms"]
    words = {(r, c): v for r, c, v in visible(grid)}
    events: list[tuple[int, int, dict[str, Any]]] = []  # (t, order, record)
    message: list[str] = []
    state: dict[str, Any] = {"level": None, "items": [], "k": 0}

    def emit(t: int, rec: dict[str, Any]) -> None:
        rec["t"] = t
        events.append((t, len(events), rec))

    def show(t: int) -> None:
        if state["items"]:
            emit(t, hl_record(Fraction(t), state["level"], state["items"][state["k"]]))

    def start_level(t: int, level: int, items: list[Item]) -> None:
        state.update(level=level, items=items, k=0)
        show(t)

    def select(t: int) -> None:
        if not state["items"]:
            return
        item = state["items"][state["k"]]
        if item[0] in ("row", "col") and s["pattern"] != "linear":
            start_level(t, 2, level2(grid, item, s["escape"]))
        elif item[0] == "back":
            start_level(t, 1, level1(grid, s["pattern"]))
        else:
            word = words[(item[1], item[2])]
            emit(t, {"type": "select", "board": "home", "row": item[1], "col": item[2],
                     "label": word})
            emit(t, {"type": "speak", "text": word})
            message.append(word)
            start_level(t, 1, level1(grid, s["pattern"]))

    def move(t: int) -> None:
        if state["items"]:
            state["k"] = (state["k"] + 1) % len(state["items"])
            show(t)

    if s["start"] == "immediately":
        start_level(0, 1, level1(grid, s["pattern"]))
    for sw, down, up, ok in filtered(presses, acc, s["debounce_ms"]):
        if state["level"] is None:  # on-press: the first accepted press starts, nothing else
            if ok:
                start_level(down + acc, 1, level1(grid, s["pattern"]))
            continue
        if mode == "step":
            if ok:
                select(down + acc) if sw == 1 else move(down + acc)
        elif mode == "press-hold":
            if sw != 1 or not ok:
                continue
            if up - down >= max(hold, acc):
                select(down + max(hold, acc))
            else:
                move(up)
        elif sw == 1:  # inverse
            n, base = len(state["items"]), state["k"]
            if not n:
                continue
            steps = (up - down) // interval
            for j in range(1, steps + 1):
                state["k"] = (base + j) % n
                show(down + j * interval)
            if ok:
                select(up)
            elif state["k"] != base:
                state["k"] = base
                show(up)
    return [rec for _, _, rec in sorted(events, key=lambda e: (e[0], e[1]))], " ".join(message)


@st.composite
def manual_cases(draw: Any) -> tuple[Grid, dict[str, Any], list[tuple[int, int, int]]]:
    grid = draw(grids)
    mode = draw(st.sampled_from(["step", "inverse", "press-hold"]))
    s = {
        "mode": mode,
        "pattern": draw(st.sampled_from(["row-column", "column-row", "linear"])),
        "interval_ms": draw(st.sampled_from([200, 500, 1000])),
        "escape": draw(st.booleans()),
        "acceptance_ms": draw(st.sampled_from([0, 50, 300])),
        "debounce_ms": draw(st.sampled_from([0, 100, 400])),
        "hold_ms": draw(st.sampled_from([200, 600])),
        "start": draw(st.sampled_from(["immediately", "on-press"])),
    }
    presses, t = [], 0
    switches = st.sampled_from([1, 2]) if mode == "step" else st.just(1)
    lengths = st.one_of(st.integers(1, 2500), near(s["hold_ms"], s["acceptance_ms"],
                                                   s["interval_ms"]))
    for gap, length, sw in draw(st.lists(st.tuples(st.integers(20, 3000), lengths, switches),
                                         max_size=10)):
        down = t + gap
        presses.append((sw, down, down + length))
        t = down + length  # one press at a time, as a person with one hand
    return grid, s, presses


@settings(max_examples=int(os.environ.get("AAC_MODEL_EXAMPLES", "300")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@pytest.mark.slow
@given(manual_cases())
def test_simulate_equals_the_model_in_step_inverse_and_press_hold(
    case: tuple[Grid, dict[str, Any], list[tuple[int, int, int]]]
) -> None:
    grid, s, presses = case
    until = (presses[-1][2] if presses else 0) + 5000
    got, message = simulate(board_set(grid), ScanSettings(**s),
                            [(sw, d / 1000, u / 1000) for sw, d, u in presses], until / 1000)
    want, want_message = model_manual(grid, s, presses)
    for rec in want:
        rec["t"] = round(rec["t"] / 1000, 3)
    assert got == want
    assert message == want_message


# -- the real loop's way: an edge reaches the engine late, after the ticks it preceded -------
@st.composite
def auto_cases(draw: Any) -> tuple[Grid, dict[str, Any], list[tuple[int, int, int]]]:
    grid, s, presses = draw(cases())
    return grid, s, [(1, d, u) for d, u in presses]


@settings(max_examples=int(os.environ.get("AAC_MODEL_EXAMPLES", "300")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(manual_cases(), auto_cases()),
       st.lists(st.sampled_from([0.0, 0.001, 0.003, 0.009]), max_size=20))
@pytest.mark.slow
def test_a_late_loop_selects_what_an_on_time_loop_selects_in_every_mode(
    case: tuple[Grid, dict[str, Any], list[tuple[int, int, int]]], lags: list[float]
) -> None:
    grid, s, presses = case
    edges = sorted([SwitchEvent(sw, True, d / 1000) for sw, d, _ in presses]
                   + [SwitchEvent(sw, False, u / 1000) for sw, _, u in presses],
                   key=lambda e: e.t)
    until = (presses[-1][2] if presses else 0) / 1000 + 5

    # edges reach the engine within bounce_ms (10) of their timestamp: drivers stamp at the
    # read and the loop drains them at once (PERFORMANCE.md: serial byte -> event p99 2 ms)
    def chosen(lagged: list[float]) -> tuple[list[tuple[float, int, int]], str]:
        session = Session(board_set(grid))
        outs = drive(ScanEngine(session, ScanSettings(**s)), edges, until, lagged)
        return ([(round(o.t, 6), o.row, o.col) for o in outs if isinstance(o, Selected)],
                session.message_text)

    assert chosen(lags) == chosen([])


def test_a_release_read_just_before_acceptance_but_handled_after_it_is_not_a_press() -> None:
    """Held 295 ms with ``acceptance_ms: 300``: not a press, even if its up edge reaches the
    engine 9 ms late (after the acceptance time); the same for a hold in press-hold mode."""
    for s, down, up in (({"acceptance_ms": 300}, 1.0, 1.295),
                        ({"mode": "press-hold", "hold_ms": 600}, 1.0, 1.595),
                        ({"mode": "inverse", "acceptance_ms": 300}, 1.0, 1.295)):
        edges = [SwitchEvent(1, True, down), SwitchEvent(1, False, up)]
        results = []
        for lags in ([], [0.0, 0.009]):
            session = Session(board_set([["a", "b"], ["c", "d"]]))
            outs = drive(ScanEngine(session, ScanSettings(**s)), edges, 3.0, lags)
            results.append(([(round(o.t, 6), o.row, o.col) for o in outs
                             if isinstance(o, Selected)],
                            [(round(o.t, 6), o.level, o.highlight) for o in outs
                             if isinstance(o, Highlighted)]))
        assert results[1] == results[0], s
