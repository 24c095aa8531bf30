"""Applying measured figures to a map: the chosen statistic, the sources, one undo step."""

from __future__ import annotations

import numpy as np
import pytest
from helpers_measure import T0, TEAM_ROWS, H, log

from vsm_desktop.measure.apply import NoFiguresError, apply_figures
from vsm_desktop.measure.events import EventTable
from vsm_desktop.measure.stats import compute_figures
from vsm_desktop.model import ELAPSED, CommandStack, Stage, ValueMap, Workspace


def events() -> EventTable:
    return log(TEAM_ROWS)


def workspace() -> tuple[Workspace, ValueMap]:
    value_map = ValueMap("Current", calendar=ELAPSED)
    for stage in (
        Stage("dev", touch_s=10.0, wait_s=20.0, sources={"notes": "workshop"}),
        Stage("Review", touch_s=30.0, wait_s=None),
        Stage("Docs", touch_s=40.0, wait_s=50.0),  # nothing in the log
    ):
        value_map.stages[stage.id] = stage
    ws = Workspace()
    ws.add_map(value_map)
    return ws, value_map


def test_apply_median_is_one_undo_step() -> None:
    ws, value_map = workspace()
    dev, review, docs = value_map.stages.values()
    figures = compute_figures(events(), value_map, source="import 3")
    stack = CommandStack(ws)
    stack.push(apply_figures(value_map, figures))
    assert dev.touch_s == pytest.approx(2.5 * H) and dev.wait_s == 0.0
    assert review.touch_s == pytest.approx(1.0 * H) and review.wait_s == pytest.approx(0.75 * H)
    assert (docs.touch_s, docs.wait_s) == (40.0, 50.0)
    assert dev.sources == {
        "notes": "workshop",
        "touch_s": "median of 4 passes by 3 items, import 3",
        "wait_s": "median of 4 passes by 3 items, import 3",
    }
    assert stack.undo() and not stack.can_undo  # a single step brings everything back
    assert (dev.touch_s, dev.wait_s, dev.sources) == (10.0, 20.0, {"notes": "workshop"})
    assert (review.touch_s, review.wait_s, review.sources) == (30.0, None, {})
    stack.redo()
    assert dev.touch_s == pytest.approx(2.5 * H)


@pytest.mark.parametrize(
    ("statistic", "touch_h", "wait_h"),
    [("mean", 2.25, 0.5), ("p85", 3.0, 1.1), ("p95", 3.0, 1.7)],
)
def test_other_statistics(statistic: str, touch_h: float, wait_h: float) -> None:
    ws, value_map = workspace()
    dev = next(iter(value_map.stages.values()))
    command = apply_figures(value_map, compute_figures(events(), value_map), statistic)
    command.apply(ws)
    assert dev.touch_s == pytest.approx(touch_h * H)
    assert dev.wait_s == pytest.approx(wait_h * H)
    assert dev.sources["touch_s"] == f"{statistic} of 4 passes by 3 items"


def test_figures_without_the_map_match_by_name() -> None:
    ws, value_map = workspace()
    review = list(value_map.stages.values())[1]
    apply_figures(value_map, compute_figures(events(), source="import 1")).apply(ws)
    assert review.touch_s == pytest.approx(H)


def test_nothing_to_apply_and_bad_statistic() -> None:
    _, value_map = workspace()
    other = EventTable.from_columns(["X"], ["Packing"], [T0], [T0 + H])
    with pytest.raises(NoFiguresError, match="Packing"):
        apply_figures(value_map, compute_figures(other, value_map))
    with pytest.raises(ValueError, match="p99"):
        apply_figures(value_map, compute_figures(events(), value_map), "p99")
    assert np.isfinite(T0)
