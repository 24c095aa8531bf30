"""The vectorised figures against a plain-Python reference on seeded random logs, including
overlaps, ties, repeats, open statuses and row order; and a working calendar."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest

from vsm_desktop.measure.calendar_time import WorkClock
from vsm_desktop.measure.events import EventTable
from vsm_desktop.measure.stats import compute_figures
from vsm_desktop.model import ELAPSED, WORKING

T0 = 1_767_603_600.0  # Monday 2026-01-05 09:00 UTC


def random_log(seed: int, items: int = 60) -> list[tuple[str, str, float, float]]:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(items):
        t = T0 + rng.uniform(0, 20 * 86400)
        for _ in range(int(rng.integers(1, 9))):
            act = "ABCDE"[int(rng.integers(0, 5))]
            # Some rows overlap the previous one, some start at the same time, some have no end.
            t += float(rng.choice([-1800.0, 0.0, rng.exponential(20000)]))
            end = t + rng.exponential(5000) if rng.random() > 0.1 else np.nan
            rows.append((f"item{i}", act, round(t), end if np.isnan(end) else round(end)))
            t = rows[-1][3] if not np.isnan(end) else t
    return rows


def reference(rows, clock: WorkClock) -> dict[str, tuple[list[float], list[float]]]:
    """Per activity: touch and wait per pass, by the definitions, one row at a time."""

    def work(a: float, b: float) -> float:
        return float(clock.between(np.array([a]), np.array([b]))[0])

    has_ends = any(not np.isnan(r[3]) for r in rows)
    by_item = defaultdict(list)
    for row in rows:
        by_item[row[0]].append(row)
    out: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for trace in by_item.values():
        trace.sort(key=lambda r: (r[2], np.inf if np.isnan(r[3]) else r[3]))
        latest = None
        for k, (_, act, start, end) in enumerate(trace):
            point = start if np.isnan(end) else end
            gap = 0.0 if latest is None or start <= latest else work(latest, start)
            latest = point if latest is None else max(latest, point)
            if has_ends and np.isnan(end) and k == len(trace) - 1:
                continue  # a status still current
            touch = 0.0 if np.isnan(end) else work(start, end)
            out[act][0].append(touch)
            out[act][1].append(gap)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("calendar", [ELAPSED, WORKING], ids=["elapsed", "working"])
def test_matches_plain_reference(seed: int, calendar) -> None:
    rows = random_log(seed)
    # Direct repeats of an activity are separate passes in both, so passes = rows here.
    clock = WorkClock(calendar)
    want = reference(rows, clock)
    shuffled = [rows[i] for i in np.random.default_rng(seed).permutation(len(rows))]
    table = EventTable.from_columns(*zip(*shuffled, strict=True))
    figures = compute_figures(table, clock=clock)
    for act, (touch, wait) in want.items():
        got = figures.stage(act)
        assert got is not None and got.visits == len(touch)
        for name, values, summary in (("touch", touch, got.touch), ("wait", wait, got.wait)):
            expected = [np.mean(values), *np.percentile(values, [50, 85, 95])]
            actual = [summary.mean, summary.median, summary.p85, summary.p95]
            assert actual == pytest.approx(expected, abs=1e-6), (act, name)


def test_row_order_does_not_matter() -> None:
    rows = random_log(9)
    a = compute_figures(EventTable.from_columns(*zip(*rows, strict=True)))
    b = compute_figures(EventTable.from_columns(*zip(*rows[::-1], strict=True)))
    for stage in a.stages:
        other = b.stage(stage.stage_id)
        assert other is not None
        assert (stage.touch, stage.wait, stage.items) == (other.touch, other.wait, other.items)
