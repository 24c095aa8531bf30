"""Flow over time: throughput per ISO week and work in progress per day (cumulative flow).

Weeks are ISO 8601 weeks (Monday to Sunday, UTC), labelled ``2026-W02``; a series covers every
week from the first to the last one with data, zeros included, so charts show quiet weeks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

from vsm_desktop.model import ValueMap

from .events import EventTable
from .hooks import resolve_hooks
from .stats import Figures, item_time_order

__all__ = [
    "CumulativeFlow",
    "WeekSeries",
    "iso_week_label",
    "lead_time_per_week",
    "throughput_per_week",
    "week_series",
    "week_start",
    "work_in_progress",
]

FloatArray = npt.NDArray[np.float64]

DAY = 86400.0
WEEK = 7 * DAY
_MONDAY = 4 * DAY  # 1970-01-05


def week_start(t: npt.ArrayLike) -> FloatArray:
    """The Monday 00:00 UTC starting the ISO week of each timestamp (epoch seconds)."""
    times = np.asarray(t, dtype=np.float64)
    return np.floor((times - _MONDAY) / WEEK) * WEEK + _MONDAY


def iso_week_label(monday: float) -> str:
    year, week, _ = datetime.fromtimestamp(monday, UTC).isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True, eq=False)
class WeekSeries:
    """A value per ISO week: ``starts`` are the Mondays (epoch seconds), ``labels`` the ISO
    names, ``values`` the figures (NaN where a week has nothing to average)."""

    starts: FloatArray
    labels: tuple[str, ...]
    values: FloatArray

    def __len__(self) -> int:
        return len(self.labels)

    def as_dict(self) -> dict[str, float]:
        return {label: float(v) for label, v in zip(self.labels, self.values, strict=True)}

    @property
    def mean(self) -> float:
        """The mean over the weeks of the series (NaN for an empty series)."""
        if not len(self) or np.isnan(self.values).all():
            return float("nan")
        return float(np.nanmean(self.values))


def week_series(
    times: npt.ArrayLike, weights: npt.ArrayLike | None = None, span: FloatArray | None = None
) -> WeekSeries:
    """Sum ``weights`` (default 1 each) per ISO week of ``times``; NaN times are skipped.

    ``span`` (Mondays) fixes the weeks shown; by default first to last week with data.
    """
    t = np.asarray(times, dtype=np.float64)
    w = np.ones(len(t)) if weights is None else np.asarray(weights, dtype=np.float64)
    keep = ~np.isnan(t)
    t, w = t[keep], w[keep]
    if span is None:
        if t.size == 0:
            return WeekSeries(np.zeros(0), (), np.zeros(0))
        first, last = float(week_start(t.min())), float(week_start(t.max()))
        span = np.arange(first, last + WEEK / 2, WEEK)
    if len(span) == 0:
        return WeekSeries(np.zeros(0), (), np.zeros(0))
    index = np.round((week_start(t) - span[0]) / WEEK).astype(np.intp)
    inside = (index >= 0) & (index < len(span))
    values = np.bincount(index[inside], weights=w[inside], minlength=len(span)).astype(float)
    return WeekSeries(span, tuple(iso_week_label(float(m)) for m in span), values)


def throughput_per_week(figures: Figures) -> WeekSeries:
    """Done items per ISO week of the moment they were done."""
    return week_series(figures.items.done_at)


def lead_time_per_week(figures: Figures, q: float = 50.0) -> WeekSeries:
    """The ``q``-th percentile (median by default) of the lead time of the items done in each
    ISO week (NaN for a week with none), on the same weeks as :func:`throughput_per_week`."""
    done = figures.items.done
    done_at = figures.items.done_at[done]
    lead = figures.items.lead_s[done]
    series = week_series(done_at)
    values = np.full(len(series), np.nan)
    if len(series):
        index = np.round((week_start(done_at) - series.starts[0]) / WEEK).astype(np.intp)
        order = np.argsort(index, kind="stable")
        bounds = np.searchsorted(index[order], np.arange(len(series) + 1))
        for k in range(len(series)):
            part = lead[order[bounds[k] : bounds[k + 1]]]
            if part.size:
                values[k] = float(np.percentile(part, q))
    return WeekSeries(series.starts, series.labels, values)


@dataclass(frozen=True, eq=False)
class CumulativeFlow:
    """Items in each stage at the end of each day (UTC). ``counts[d, k]`` is the number of
    items in ``labels[k]`` at the end of ``days[d]`` (the day's 00:00, epoch seconds); the last
    two labels are ``(other)`` (a status no stage claims) and ``(done)``."""

    days: FloatArray
    labels: tuple[str, ...]
    counts: npt.NDArray[np.int64]

    @property
    def wip(self) -> npt.NDArray[np.int64]:
        """Items in progress (every column but Done) per day."""
        return np.asarray(self.counts[:, :-1].sum(axis=1))


def work_in_progress(events: EventTable, value_map: ValueMap | None = None) -> CumulativeFlow:
    """Where every item is at the end of each day, from its first event to the log's end.

    An item is in the stage of its latest row that has started, from that row's start until
    the next row of the item starts; after its last row ends it is Done. A last row without an
    end (a status still current) keeps the item there, unless no stage claims the status
    (e.g. "Done", "Closed"), which counts as Done from then on.
    """
    if value_map is not None:
        names = [s.name for s in value_map.stages.values()]
        index = resolve_hooks(value_map.stages.values(), events.activity_labels)
        group_of_code = index.stage_of.copy()
    else:
        names = [str(a) for a in events.activity_labels]
        group_of_code = np.arange(len(names), dtype=np.intp)
    other, done = len(names), len(names) + 1
    labels = (*names, "(other)", "(done)")
    group_of_code[group_of_code < 0] = other
    n = len(events)
    if n == 0:
        return CumulativeFlow(np.zeros(0), labels, np.zeros((0, len(labels)), dtype=np.int64))

    order = item_time_order(events)
    item = events.item_codes[order]
    start = events.start[order]
    end = events.end[order]
    group = group_of_code[events.activity_codes[order]]
    last = np.ones(n, dtype=bool)
    last[:-1] = item[1:] != item[:-1]
    until = np.empty(n)
    until[:-1] = start[1:]
    until[last] = np.where(np.isnan(end[last]), np.inf, np.fmax(end[last], start[last]))
    # Intervals: (group, from, to). The last row adds a Done interval from its end on, or from
    # its start when it is an open status no stage claims.
    open_other = last & np.isnan(end) & (group == other)
    done_from = np.where(open_other, start, until)
    until = np.where(open_other, start, until)
    done_rows = last & np.isfinite(done_from)

    first_day = np.floor(np.nanmin(start) / DAY) * DAY
    log_end = np.nanmax(np.fmax(start, end))
    days = np.arange(first_day, np.floor(log_end / DAY) * DAY + DAY / 2, DAY)
    samples = days + DAY  # the end of each day

    g = np.concatenate((group, np.full(int(done_rows.sum()), done)))
    lo = np.concatenate((start, done_from[done_rows]))
    hi = np.concatenate((until, np.full(int(done_rows.sum()), np.inf)))
    hi = np.maximum(hi, lo)  # rows that start together: the earlier one holds no time
    # An interval [lo, hi) holds the samples s with lo <= s < hi: a day range per interval.
    first_sample = np.searchsorted(samples, lo, side="left")
    end_sample = np.searchsorted(samples, hi, side="left")
    diff = np.zeros((len(days) + 1, len(labels)), dtype=np.int64)
    np.add.at(diff, (first_sample, g), 1)
    np.add.at(diff, (end_sample, g), -1)
    counts = np.cumsum(diff[:-1], axis=0)
    return CumulativeFlow(days, labels, counts)
