"""Discovering a draft map from a tiny log with known order, handoffs and rework."""

from __future__ import annotations

import pytest

from vsm_desktop.measure.discover import discover_map
from vsm_desktop.measure.events import EventTable
from vsm_desktop.model import ELAPSED

H = 3600.0
T0 = 1_767_603_600.0  # 2026-01-05 09:00 UTC


def traces(*paths: str) -> EventTable:
    """Each path is one item; activity k of an item runs [2k, 2k + 1) hours: 1 h touch, and a
    1 h wait before every activity but the first."""
    items, acts, starts, ends = [], [], [], []
    for i, path in enumerate(paths):
        for k, act in enumerate(path.split()):
            items.append(f"item{i}")
            acts.append(act)
            starts.append(T0 + 2 * k * H)
            ends.append(T0 + (2 * k + 1) * H)
    return EventTable.from_columns(items, acts, starts, ends)


LOG = ("A B C D", "A B C D", "A B C B C D", "A C D")


def edges(value_map) -> set[tuple[str, str, bool, float | None]]:
    name = {s.id: s.name for s in value_map.stages.values()}
    return {
        (name[h.source], name[h.target], h.rework, h.rework_rate)
        for h in value_map.handoffs.values()
    }


def test_stages_ordered_by_median_position_and_laid_out() -> None:
    # Median positions: A 0, B [1,1,1,3] -> 1, C [1,2,2,2,4] -> 2, D [2,3,3,5] -> 3.
    got = discover_map(traces(*LOG), "Draft", ELAPSED)
    assert [s.name for s in got.stages.values()] == ["A", "B", "C", "D"]
    assert [s.x for s in got.stages.values()] == [80.0, 300.0, 520.0, 740.0]
    assert all(s.hooks == {"active": [s.name]} for s in got.stages.values())
    assert got.name == "Draft" and got.calendar == ELAPSED


def test_handoffs_and_rework_with_rate() -> None:
    # Successions: A->B 3, A->C 1, B->C 4, C->D 4, C->B 1 (back: rework, C has 5 passes).
    got = discover_map(traces(*LOG), "Draft")
    assert edges(got) == {
        ("A", "B", False, None),
        ("A", "C", False, None),
        ("B", "C", False, None),
        ("C", "D", False, None),
        ("C", "B", True, 0.2),
    }


def test_share_threshold_keeps_the_map_readable() -> None:
    # At 30 %: A->C (1 of A's 4) and C->B (1 of C's 5) go; the rest stays connected.
    got = discover_map(traces(*LOG), "Draft", min_share=0.3)
    assert edges(got) == {("A", "B", False, None), ("B", "C", False, None), ("C", "D", False, None)}


def test_every_stage_stays_connected() -> None:
    # X is rare: A->X (1 of 11) falls under the threshold, but X keeps a handoff in.
    got = discover_map(traces(*(["A B"] * 10 + ["A X B"])), "Draft", min_share=0.5)
    assert [s.name for s in got.stages.values()] == ["A", "X", "B"]
    assert edges(got) == {("A", "B", False, None), ("A", "X", False, None), ("X", "B", False, None)}


def test_stage_times_are_the_medians() -> None:
    got = discover_map(traces(*LOG), "Draft")
    by_name = {s.name: s for s in got.stages.values()}
    assert by_name["B"].touch_s == pytest.approx(H)
    assert by_name["B"].wait_s == pytest.approx(H)
    assert by_name["A"].wait_s == 0.0  # first activity: the queue before it is not in the log
    assert by_name["C"].sources["touch_s"].startswith("median of 5 passes by 4 items")


def test_empty_log_gives_an_empty_map() -> None:
    got = discover_map(EventTable.empty(), "Empty")
    assert not got.stages and not got.handoffs
