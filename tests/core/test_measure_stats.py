"""Per-stage and per-item figures on small logs worked out by hand (hours after a Monday 09:00).

Percentiles are numpy's linear interpolation: the q-th percentile of n sorted values sits at
position q/100 * (n - 1), interpolating between neighbours.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers_measure import H, log

from vsm_desktop.measure.calendar_time import WorkClock
from vsm_desktop.measure.events import EventTable
from vsm_desktop.measure.stats import compute_figures, segment_percentiles
from vsm_desktop.model import ELAPSED, WORKING, Stage, ValueMap

# Start/complete log. C goes back from Review to Dev once (rework).
START_COMPLETE = [
    ("A", "Dev", 0, 2), ("A", "Review", 5, 6), ("A", "Deploy", 6, 7),
    ("B", "Review", 4, 8), ("B", "Dev", 1, 4), ("B", "Deploy", 10, 10.5),  # out of order
    ("C", "Dev", 2, 3), ("C", "Review", 3.5, 4), ("C", "Dev", 6, 9),
    ("C", "Review", 10, 11), ("C", "Deploy", 11, 12),
]  # fmt: skip


def hours(value: float) -> float:
    return value / H


def test_start_complete_log_per_stage() -> None:
    figs = compute_figures(log(START_COMPLETE))  # no map: one stage per activity, elapsed
    dev, review, deploy = (figs.stage(name) for name in ("Dev", "Review", "Deploy"))
    assert dev is not None and review is not None and deploy is not None
    # Dev touch per visit: A 2, B 3, C 1 and 3 -> sorted [1, 2, 3, 3].
    assert (dev.items, dev.visits) == (3, 4)
    assert hours(dev.touch.mean) == pytest.approx(2.25)
    assert hours(dev.touch.median) == pytest.approx(2.5)  # position 1.5
    assert hours(dev.touch.p85) == pytest.approx(3.0)  # position 2.55 between 3 and 3
    # Dev wait: first events wait 0; C's second Dev starts at 6, latest earlier end 4 -> 2.
    assert hours(dev.wait.mean) == pytest.approx(0.5)
    assert hours(dev.wait.median) == pytest.approx(0.0)
    assert hours(dev.wait.p85) == pytest.approx(1.1)  # 0 + 2 * 0.55
    assert hours(dev.wait.p95) == pytest.approx(1.7)  # 0 + 2 * 0.85
    # Review touch [0.5, 1, 1, 4]; wait A 3, B 0, C 0.5 and 1 -> [0, 0.5, 1, 3].
    assert hours(review.touch.mean) == pytest.approx(1.625)
    assert hours(review.touch.median) == pytest.approx(1.0)
    assert hours(review.touch.p85) == pytest.approx(2.65)
    assert hours(review.touch.p95) == pytest.approx(3.55)
    assert hours(review.wait.mean) == pytest.approx(1.125)
    assert hours(review.wait.median) == pytest.approx(0.75)
    # Deploy touch [1, 0.5, 1], wait A 0, B 10 - 8 = 2, C 0.
    assert hours(deploy.touch.median) == pytest.approx(1.0)
    assert hours(deploy.wait.mean) == pytest.approx(2 / 3)
    assert deploy.coverage == 1.0


def test_start_complete_log_per_item() -> None:
    figs = compute_figures(log(START_COMPLETE))
    labels = list(figs.items.labels)
    lead = dict(zip(labels, figs.items.lead_s / H, strict=True))
    assert lead == pytest.approx({"A": 7.0, "B": 9.5, "C": 10.0})
    eff = dict(zip(labels, figs.items.flow_efficiency, strict=True))
    assert eff == pytest.approx({"A": 4 / 7, "B": 7.5 / 9.5, "C": 6.5 / 10})
    assert hours(figs.lead_time.median) == pytest.approx(9.5)
    assert hours(figs.lead_time.p85) == pytest.approx(9.85)  # position 1.7
    assert figs.item_count == 3


# Jira-style status history: each status row ends when the next change happens.
STATUS_HISTORY = [
    ("X", "To Do", 0, 2), ("X", "In Progress", 2, 5), ("X", "Blocked", 5, 6),
    ("X", "In Progress", 6, 8), ("X", "In Review", 8, 9), ("X", "Done", 9, None),
    ("Y", "To Do", 0, 1), ("Y", "In Progress", 1, 4), ("Y", "In Review", 4, 6),
    ("Y", "In Progress", 6, 7), ("Y", "In Review", 7, 7.5), ("Y", "Done", 7.5, None),
    ("Z", "To Do", 3, None),
]  # fmt: skip


def status_map() -> ValueMap:
    value_map = ValueMap("Delivery", calendar=ELAPSED)
    dev = Stage("Development", hooks={"waiting": ["to do", "Blocked"], "active": ["In Progress"]})
    review = Stage("Review", hooks={"active": ["In Review"]})
    value_map.stages = {dev.id: dev, review.id: review}
    return value_map


def test_status_history_with_hooks() -> None:
    value_map = status_map()
    dev, review = value_map.stages.values()
    figs = compute_figures(log(STATUS_HISTORY), value_map)
    d, r = figs.stage(dev.id), figs.stage(review.id)
    assert d is not None and r is not None
    # Development visits: X (To Do 2 wait, In Progress 3 + 2 touch, Blocked 1 wait) = one visit;
    # Y first pass (To Do 1 wait, In Progress 3 touch), Y back from review (In Progress 1).
    assert (d.items, d.visits) == (2, 3)
    assert hours(d.touch.median) == pytest.approx(3.0)  # [1, 3, 5]
    assert hours(d.touch.mean) == pytest.approx(3.0)
    assert hours(d.wait.mean) == pytest.approx(4 / 3)  # [0, 1, 3]
    assert hours(d.wait.median) == pytest.approx(1.0)
    # Z is still in To Do: its time there is unknown, so it adds nothing; coverage 2 of 3.
    assert d.coverage == pytest.approx(2 / 3)
    assert hours(r.touch.mean) == pytest.approx(3.5 / 3)  # [1, 2, 0.5]
    assert hours(r.wait.mean) == 0.0
    assert figs.unhooked == ("Done",)
    lead = dict(zip(figs.items.labels, figs.items.lead_s / H, strict=True))
    assert lead == pytest.approx({"X": 9.0, "Y": 7.5, "Z": 0.0})
    assert math.isnan(figs.items.flow_efficiency[list(figs.items.labels).index("Z")])
    # Z is still in a hooked status, so it is not done: the lead-time summary has X and Y.
    assert figs.items.done.tolist() == [True, True, False]
    assert figs.lead_time.count == 2
    assert hours(figs.lead_time.mean) == pytest.approx(8.25)


def test_point_events_with_start_and_end_hooks() -> None:
    # Single-timestamp events: the stage runs from its start event to its end event.
    rows = [
        ("P", "created", 0, None), ("P", "dev started", 2, None), ("P", "dev done", 5, None),
        ("P", "released", 6, None),
    ]  # fmt: skip
    value_map = ValueMap("Points", calendar=ELAPSED)
    dev = Stage("Dev", hooks={"start": ["dev started"], "end": ["dev done"]})
    value_map.stages = {dev.id: dev}
    got = compute_figures(log(rows), value_map).stage(dev.id)
    assert got is not None
    assert hours(got.touch.median) == pytest.approx(3.0)
    assert hours(got.wait.median) == pytest.approx(2.0)


def test_working_calendar_applies_to_figures() -> None:
    # Friday 16:00 -> Monday 10:00 (hours 100 and 169 after Monday 09:00) = 2 working hours.
    rows = [("A", "Dev", 103.0, 169.0)]  # Friday 16:00 is 4 d 7 h = 103 h after T0
    value_map = ValueMap("Work", calendar=WORKING)
    stage = Stage("Dev")
    value_map.stages = {stage.id: stage}
    figs = compute_figures(log(rows), value_map)
    got = figs.stage(stage.id)
    assert got is not None
    assert hours(got.touch.median) == pytest.approx(2.0)
    assert hours(figs.lead_time.median) == pytest.approx(2.0)
    elapsed = compute_figures(log(rows), value_map, WorkClock(ELAPSED)).stage(stage.id)
    assert elapsed is not None and hours(elapsed.touch.median) == pytest.approx(66.0)


def test_segment_percentiles_match_numpy() -> None:
    rng = np.random.default_rng(7)
    values = rng.exponential(10.0, 500)
    groups = rng.integers(0, 4, 500)
    counts, means, pct = segment_percentiles(values, groups, 5, (50, 85, 95))
    for g in range(4):
        part = values[groups == g]
        assert counts[g] == len(part)
        assert means[g] == pytest.approx(part.mean())
        np.testing.assert_allclose(pct[g], np.percentile(part, [50, 85, 95]))
    assert counts[4] == 0 and math.isnan(means[4]) and np.isnan(pct[4]).all()


def test_empty_log() -> None:
    figs = compute_figures(EventTable.empty())
    assert figs.item_count == 0 and figs.stages == ()
    assert figs.lead_time.count == 0


def test_filtered_table_counts_only_items_present() -> None:
    events = log(START_COMPLETE)
    without_c = events.take(events.items != "C")  # labels still list C
    figs = compute_figures(without_c)
    assert figs.item_count == 2 and list(figs.items.labels) == ["A", "B"]
    dev = figs.stage("Dev")
    assert dev is not None and (dev.items, dev.coverage) == (2, 1.0)
    assert hours(figs.lead_time.mean) == pytest.approx((7 + 9.5) / 2)
