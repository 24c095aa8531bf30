"""The numbers behind each measurement chart, as plain arrays (no Qt, no pyqtgraph).

The charts only draw what these return, so tests check the figures here and in the plot items.
:func:`compute_charts` makes all of them at once; for a large log it runs in the thread pool
(:mod:`.chart_feed`), so the UI thread only hands ready arrays to pyqtgraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from vsm_desktop.measure.events import EventTable
from vsm_desktop.measure.flow import CumulativeFlow
from vsm_desktop.measure.hooks import ROLE_END, ROLE_WAITING, resolve_hooks
from vsm_desktop.measure.stats import Figures
from vsm_desktop.model import Calendar, ValueMap

if TYPE_CHECKING:
    from .data import Measured

__all__ = [
    "ChartData",
    "GanttBars",
    "LeadScatter",
    "StackedFlow",
    "compute_charts",
    "gantt_bars",
    "lead_histogram",
    "lead_scatter",
    "stacked_flow",
    "time_unit",
    "wait_touch",
]

FloatArray = npt.NDArray[np.float64]


def time_unit(seconds: FloatArray, calendar: Calendar) -> tuple[float, str]:
    """Divisor and axis name: calendar days when the typical value is two days or more."""
    finite = seconds[np.isfinite(seconds)]
    typical = float(np.median(finite)) if finite.size else 0.0
    working = not calendar.is_elapsed
    if typical >= 2 * calendar.day_s:
        return calendar.day_s, f"working days ({calendar.hours_per_day:g} h)" if working else "days"
    return 3600.0, "working hours" if working else "hours"


@dataclass(frozen=True, eq=False)
class LeadScatter:
    """Lead time of every done item over the moment it was done, with the median and p85."""

    done_at: FloatArray  # epoch seconds
    lead: FloatArray  # in ``unit``
    labels: tuple[str, ...]
    median: float
    p85: float
    divisor: float
    unit: str


def lead_scatter(figures: Figures, calendar: Calendar) -> LeadScatter:
    items = figures.items
    done = items.done
    lead_s = items.lead_s[done]
    divisor, unit = time_unit(lead_s, calendar)
    lead = lead_s / divisor
    median = float(np.median(lead)) if lead.size else float("nan")
    p85 = float(np.percentile(lead, 85)) if lead.size else float("nan")
    labels = tuple(str(x) for x in items.labels[done])
    return LeadScatter(items.done_at[done], lead, labels, median, p85, divisor, unit)


def lead_histogram(scatter: LeadScatter, bins: int | None = None) -> tuple[FloatArray, FloatArray]:
    """Bin edges and counts of the done items' lead times (``unit`` of the scatter)."""
    n = scatter.lead.size
    if n == 0:
        return np.zeros(0), np.zeros(0)
    k = bins or int(min(30, max(5, round(np.sqrt(n)))))
    counts, edges = np.histogram(scatter.lead, bins=k)
    return edges.astype(float), counts.astype(float)


@dataclass(frozen=True, eq=False)
class StackedFlow:
    """Cumulative flow drawn as stacked areas: ``tops[:, k]`` is the upper edge of
    ``labels[k]`` (bottom to top: done, last stage ... first stage, then other)."""

    days: FloatArray
    labels: tuple[str, ...]
    counts: npt.NDArray[np.int64]
    tops: npt.NDArray[np.int64]


def stacked_flow(flow: CumulativeFlow) -> StackedFlow:
    names = list(flow.labels)
    stages = list(range(len(names) - 2))
    order = [len(names) - 1, *reversed(stages), len(names) - 2]
    # Columns that are empty all along (often "(other)") only add clutter.
    order = [k for k in order if flow.counts[:, k].any()] if len(flow.days) else []
    counts = flow.counts[:, order] if order else np.zeros((len(flow.days), 0), np.int64)
    tops = np.cumsum(counts, axis=1)
    return StackedFlow(flow.days, tuple(names[k] for k in order), counts, tops)


@dataclass(frozen=True, eq=False)
class GanttBars:
    """Bars of the most recent items across stages, in elapsed (wall clock) time.

    Row ``r`` is ``items[r]`` (the most recent at the top, row 0). Each bar is
    ``(row, x0, x1, stage index)``; touch bars are work, wait bars queues."""

    items: tuple[str, ...]
    stages: tuple[str, ...]
    touch: FloatArray  # shape (n, 4): row, x0, x1, stage
    wait: FloatArray


def gantt_bars(events: EventTable, value_map: ValueMap, count: int = 30) -> GanttBars:
    """Touch and wait bars per hooked row of the ``count`` items that started last.

    As in the figures: a row's wait is the gap since the latest end of the item's earlier
    rows; ``waiting`` rows are wait throughout, ``end`` rows are touch from the gap on.
    """
    stage_list = list(value_map.stages.values())
    names = tuple(s.name for s in stage_list)
    empty = np.zeros((0, 4))
    if len(events) == 0 or not stage_list:
        return GanttBars((), names, empty, empty)
    index = resolve_hooks(stage_list, events.activity_labels)
    n_items = len(events.item_labels)
    first = np.full(n_items, np.inf)
    np.minimum.at(first, events.item_codes, events.start)
    present = np.flatnonzero(np.isfinite(first))
    recent = present[np.argsort(-first[present], kind="stable")][:count]
    row_of = np.full(n_items, -1)
    row_of[recent] = np.arange(len(recent))
    touch: list[tuple[float, float, float, float]] = []
    wait: list[tuple[float, float, float, float]] = []
    for code in recent:
        rows = np.flatnonzero(events.item_codes == code)
        rows = rows[np.lexsort((events.end[rows], events.start[rows]))]
        prior_end = -np.inf
        for k in rows:
            start = float(events.start[k])
            end = float(events.end[k]) if np.isfinite(events.end[k]) else start
            act = events.activity_codes[k]
            stage = int(index.stage_of[act])
            gap_from = prior_end if np.isfinite(prior_end) and prior_end < start else start
            prior_end = max(prior_end, end)
            if stage < 0:
                continue
            row = float(row_of[code])
            role = int(index.role_of[act])
            if role == ROLE_WAITING:
                if end > gap_from:
                    wait.append((row, gap_from, end, stage))
            elif role == ROLE_END:
                if end > gap_from:
                    touch.append((row, gap_from, end, stage))
            else:
                if start > gap_from:
                    wait.append((row, gap_from, start, stage))
                if end > start:
                    touch.append((row, start, end, stage))
    labels = tuple(str(events.item_labels[c]) for c in recent)
    as_array = lambda bars: np.array(bars, dtype=float).reshape(-1, 4)  # noqa: E731
    return GanttBars(labels, names, as_array(touch), as_array(wait))


def wait_touch(
    figures: Figures, calendar: Calendar, statistic: str = "median"
) -> tuple[tuple[str, ...], FloatArray, FloatArray, str]:
    """Stage names with data, their touch and wait (``statistic``) and the unit name."""
    stages = [s for s in figures.stages if s.visits]
    touch = np.array([s.touch.get(statistic) for s in stages], dtype=float)
    wait = np.array([s.wait.get(statistic) for s in stages], dtype=float)
    divisor, unit = time_unit(np.concatenate((touch, wait)), calendar)
    return tuple(s.name for s in stages), touch / divisor, wait / divisor, unit


@dataclass(frozen=True, eq=False)
class ChartData:
    """Everything the charts panel draws from one measured map, ready for pyqtgraph."""

    lead: LeadScatter
    #: ``lead.labels`` as the object array pyqtgraph keeps per point (made here, not on the
    #: UI thread: a million-event log has 100,000 of them).
    lead_points: npt.NDArray[np.object_]
    histogram: tuple[FloatArray, FloatArray]  # bin edges, counts
    flow: StackedFlow
    stage_names: tuple[str, ...]  # in map order: one colour each, in the flow and the Gantt
    gantt: GanttBars
    wait_touch: tuple[tuple[str, ...], FloatArray, FloatArray, str]
    lead_weeks: FloatArray  # week starts, epoch seconds
    lead_week_hours: FloatArray  # median lead time of each week, hours (NaN: none done)
    working_hours: bool  # the map's calendar is not 24 x 7: its hours are working hours


def compute_charts(measured: Measured, value_map: ValueMap, gantt_items: int) -> ChartData:
    """All chart arrays of ``value_map`` from its measured figures (Qt-free work)."""
    calendar = value_map.calendar
    lead = lead_scatter(measured.figures, calendar)
    week = measured.lead_per_week
    return ChartData(
        lead=lead,
        lead_points=np.array(lead.labels, dtype=object),
        histogram=lead_histogram(lead),
        flow=stacked_flow(measured.flow),
        stage_names=tuple(s.name for s in value_map.stages.values()),
        gantt=gantt_bars(measured.events, value_map, gantt_items),
        wait_touch=wait_touch(measured.figures, calendar),
        lead_weeks=np.asarray(week.starts, dtype=float),
        lead_week_hours=np.asarray(week.values, dtype=float) / 3600.0,
        working_hours=not calendar.is_elapsed,
    )
