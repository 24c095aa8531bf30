"""Throughput per ISO week and work in progress per day, counted by hand."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
from helpers_measure import T0, H, log

from vsm_desktop.measure.flow import (
    lead_time_per_week,
    throughput_per_week,
    week_series,
    work_in_progress,
)
from vsm_desktop.measure.stats import compute_figures
from vsm_desktop.model import ELAPSED, Stage, ValueMap


def test_throughput_per_iso_week_includes_quiet_weeks() -> None:
    rows = [
        ("A", "Dev", 0, 7), ("B", "Dev", 1, 10.5), ("C", "Dev", 2, 12),  # done in W02
        ("D", "Dev", 3, 24 * 15),  # done on Jan 20 (W04); W03 has none
    ]  # fmt: skip
    series = throughput_per_week(compute_figures(log(rows)))
    assert series.as_dict() == {"2026-W02": 3.0, "2026-W03": 0.0, "2026-W04": 1.0}
    assert series.mean == 4 / 3
    # Lead times 7, 9.5, 10 h in W02 (median 9.5 h), none in W03, 357 h in W04.
    lead = lead_time_per_week(compute_figures(log(rows)))
    assert lead.labels == series.labels
    assert lead.values[0] / H == 9.5 and np.isnan(lead.values[1]) and lead.values[2] / H == 357


def test_week_series_sums_weights() -> None:
    got = week_series([T0, T0 + 24 * H, np.nan], [2.0, 3.0, 5.0])
    assert got.labels == ("2026-W02",) and got.values.tolist() == [5.0]


def test_work_in_progress_status_history() -> None:
    # P: To Do Mon 10:00, In Progress Tue 10:00, Done Wed 10:00. Q: To Do from Tue 12:00.
    rows = [
        ("P", "To Do", 1, 25), ("P", "In Progress", 25, 49), ("P", "Done", 49, None),
        ("Q", "To Do", 27, None),
    ]  # fmt: skip
    value_map = ValueMap("Flow", calendar=ELAPSED)
    dev = Stage("Dev", hooks={"waiting": ["To Do"], "active": ["In Progress"]})
    value_map.stages = {dev.id: dev}
    cfd = work_in_progress(log(rows), value_map)
    assert cfd.labels == ("Dev", "(other)", "(done)")
    # End of Monday: P in Dev. Tuesday: P and Q in Dev. Wednesday: Q in Dev, P done.
    assert cfd.counts.tolist() == [[1, 0, 0], [2, 0, 0], [1, 0, 1]]
    assert cfd.wip.tolist() == [1, 2, 1]
    first_day = datetime.fromtimestamp(cfd.days[0], UTC)
    assert (first_day.day, first_day.hour) == (5, 0)


def test_work_in_progress_start_complete_log() -> None:
    # A works Monday, waits overnight in Dev (after Dev, before Review), done Tuesday.
    rows = [("A", "Dev", 0, 2), ("A", "Review", 30, 31), ("B", "Dev", 10, 40)]
    cfd = work_in_progress(log(rows))
    assert cfd.labels == ("Dev", "Review", "(other)", "(done)")
    # End of Monday (15 h after T0): A after Dev, B in Dev. End of Tuesday (39 h): A done at
    # 31 h, B still in Dev until 40 h. End of Wednesday: both done.
    assert cfd.counts.tolist() == [[2, 0, 0, 0], [1, 0, 0, 1], [0, 0, 0, 2]]
