"""Per-stage and per-item figures from an event table (see docs/measurements.md).

For every row of an item (rows sorted by start, then end):

- ``duration`` = end - start (a row without an end is an instant: 0);
- ``gap`` = start - the latest end of all earlier rows of the item, or 0 when the row starts
  before that (overlap) or is the item's first row (the queue before the first recorded event is
  not in the log). This is pm4py's per-event waiting time (``@@approx_bh_this_wasted_time``).

Both are working seconds of the map's calendar (:mod:`.calendar_time`). The stage hooks decide
what each row adds: an ``active``/``start`` row adds its duration as touch and its gap as wait;
a ``waiting`` row adds gap + duration as wait; an ``end`` row adds gap + duration as touch.

A **visit** is one pass of an item through a stage: consecutive hooked rows of the item that
belong to the same stage, a new visit starting when the stage changes, at a ``start`` row, or
when the same activity repeats directly. Stage statistics are over visits (so a stage's figure
is per pass, and rework shows as extra visits, as on the map); ``items`` counts distinct items.
The last row of an item without an end in a log that has ends is a status still current: its
time is unknown and it adds nothing.

Per item: lead time = first start -> last end (or last instant), flow efficiency = the item's
touch / its lead time. An item is **done** at its last end, except (when figures are computed
against a map) while its last row is a status still current that a stage claims, e.g. still
"In Progress"; the lead-time summary and the throughput count done items only.

Percentiles use numpy's default linear interpolation (type 7, as pandas ``quantile``): for n
sorted values the q-th percentile sits at position q/100 * (n - 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from vsm_desktop.model import ELAPSED, Stage, ValueMap

from .calendar_time import WorkClock
from .events import EventTable
from .hooks import ROLE_END, ROLE_START, ROLE_WAITING, HookClash, HookIndex, resolve_hooks

__all__ = [
    "STATISTICS",
    "Figures",
    "ItemFigures",
    "StageFigures",
    "Summary",
    "compute_figures",
    "item_time_order",
    "segment_percentiles",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

#: The statistics a stage figure can be applied from, in the order the UI offers them.
STATISTICS = ("median", "mean", "p85", "p95")


@dataclass(frozen=True, slots=True)
class Summary:
    """Count, mean, median, p85 and p95 of a set of durations (NaN when count is 0)."""

    count: int
    mean: float
    median: float
    p85: float
    p95: float

    def get(self, statistic: str) -> float:
        if statistic not in STATISTICS:
            raise ValueError(f"unknown statistic {statistic!r}; use {', '.join(STATISTICS)}")
        return float(getattr(self, statistic))

    @classmethod
    def of(cls, values: npt.ArrayLike) -> Summary:
        data = np.asarray(values, dtype=np.float64)
        data = data[~np.isnan(data)]
        if data.size == 0:
            return cls(0, np.nan, np.nan, np.nan, np.nan)
        p50, p85, p95 = np.percentile(data, [50, 85, 95])
        return cls(int(data.size), float(data.mean()), float(p50), float(p85), float(p95))


@dataclass(frozen=True, slots=True)
class StageFigures:
    """Measured figures of one stage (durations in working seconds of the calendar)."""

    stage_id: str
    name: str
    items: int
    visits: int
    coverage: float  # share (0..1) of the log's items that have data for this stage
    touch: Summary
    wait: Summary


@dataclass(frozen=True, eq=False)
class ItemFigures:
    """Per item, as columns indexed like ``labels``."""

    labels: npt.NDArray[np.object_]
    first_start: FloatArray
    last_end: FloatArray
    lead_s: FloatArray  # working seconds from first start to last end
    touch_s: FloatArray  # touch summed over all the item's visits
    wait_s: FloatArray
    #: When the item was done (NaN while still in a stage): see :func:`compute_figures`.
    done_at: FloatArray

    @property
    def done(self) -> npt.NDArray[np.bool_]:
        return ~np.isnan(self.done_at)

    @property
    def flow_efficiency(self) -> FloatArray:
        """touch / lead per item (NaN for a zero lead time). Overlapping activities may push it
        above 1: touch sums their durations while lead time counts the clock once."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.lead_s > 0, self.touch_s / self.lead_s, np.nan)


@dataclass(frozen=True, eq=False)
class Figures:
    """Everything measured from one event table against one map (or against its activities)."""

    stages: tuple[StageFigures, ...]
    items: ItemFigures
    lead_time: Summary
    flow_efficiency: Summary  # of the per-item ratios
    clock: WorkClock
    source: str = ""
    clashes: tuple[HookClash, ...] = ()
    unhooked: tuple[str, ...] = ()  # activity labels that no stage claims
    _by_id: dict[str, StageFigures] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({s.stage_id: s for s in self.stages})

    @property
    def item_count(self) -> int:
        return len(self.items.labels)

    def stage(self, stage_id: str) -> StageFigures | None:
        return self._by_id.get(stage_id)


# -- vectorised helpers ------------------------------------------------------------------------
def segment_percentiles(
    values: FloatArray, groups: IntArray, n_groups: int, q: Sequence[float]
) -> tuple[IntArray, FloatArray, FloatArray]:
    """Per group: count, mean, and the ``q`` percentiles (linear interpolation, like
    ``np.percentile``), without a Python loop over groups. NaN values are ignored.

    Returns ``(counts, means, pct)`` with ``pct[g, k]`` the ``q[k]``-th percentile of group g.
    """
    keep = ~np.isnan(values)
    v = values[keep]
    g = groups[keep]
    # Equal values may come in any order: only the sorted values matter for percentiles.
    order = np.argsort(v, kind="quicksort")
    order = order[np.argsort(g[order], kind="stable")]
    v = v[order]
    g = g[order]
    counts = np.bincount(g, minlength=n_groups).astype(np.intp)
    sums = _sum_by(g, v, n_groups)
    offsets = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.intp)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    pct = np.full((n_groups, len(q)), np.nan)
    has = counts > 0
    for k, quantile in enumerate(q):
        pos = quantile / 100.0 * (counts[has] - 1)
        lo = np.floor(pos).astype(np.intp)
        hi = np.minimum(lo + 1, counts[has] - 1)
        frac = pos - lo
        a = v[offsets[has] + lo]
        b = v[offsets[has] + hi]
        pct[has, k] = a + (b - a) * frac
    return counts, means, pct


def _sum_by(groups: IntArray, values: FloatArray, n_groups: int) -> FloatArray:
    return np.bincount(groups, weights=values, minlength=n_groups).astype(np.float64, copy=False)


def _prior_max_end(ends: FloatArray, position: IntArray) -> FloatArray:
    """For each row, the max of ``ends`` over the earlier rows of its item (-inf for the first).

    Rows are grouped by item and ``position`` is each row's index within its item; the loop
    runs once per position (the longest trace), each step a vectorised gather over all items.
    """
    n = len(ends)
    prior = np.full(n, -np.inf)
    if n == 0:
        return prior
    order = np.argsort(position, kind="stable")
    counts = np.bincount(position)
    bounds = np.concatenate(([0], np.cumsum(counts)))
    for k in range(1, len(counts)):
        rows = order[bounds[k] : bounds[k + 1]]
        prior[rows] = np.maximum(prior[rows - 1], ends[rows - 1])
    return prior


def item_time_order(events: EventTable) -> IntArray:
    """Rows by item code, then start, then end (stable). Already ordered input (as the store
    returns it) costs one pass; otherwise three stable sorts, the item one a fast radix sort."""
    item, start, end = events.item_codes, events.start, events.end
    n = len(item)
    if n < 2:
        return np.arange(n)
    same = item[1:] == item[:-1]
    ends_ok = (end[1:] >= end[:-1]) | np.isnan(end[1:])
    in_order = (item[1:] > item[:-1]) | (
        same & ((start[1:] > start[:-1]) | ((start[1:] == start[:-1]) & ends_ok))
    )
    if in_order.all():
        return np.arange(n)
    # Sort by start (any order among equal starts), then by item (a stable radix sort). Only
    # when an item has two rows with the same start does the tie order matter: then sort
    # stably by end first as well.
    order = np.argsort(start, kind="quicksort")
    order = order[np.argsort(item[order], kind="stable")]
    s_item, s_start = item[order], start[order]
    if not ((s_item[1:] == s_item[:-1]) & (s_start[1:] == s_start[:-1])).any():
        return order
    order = np.argsort(end, kind="stable")
    order = order[np.argsort(start[order], kind="stable")]
    return order[np.argsort(item[order], kind="stable")]


def _stage_list(value_map: ValueMap | None, activity_labels: np.ndarray) -> list[Stage]:
    if value_map is not None:
        return list(value_map.stages.values())
    # Without a map every activity is its own stage, keyed by its label.
    return [Stage(name=str(label), id=str(label)) for label in activity_labels]


# -- the figures -------------------------------------------------------------------------------
def compute_figures(
    events: EventTable,
    value_map: ValueMap | None = None,
    clock: WorkClock | None = None,
    *,
    source: str = "",
) -> Figures:
    """Per-stage and per-item figures of ``events`` for the stages of ``value_map``.

    Without a map every activity is a stage (stage id = activity label). ``clock`` places the
    calendar (default: the map's calendar with days starting 09:00 UTC; the elapsed calendar
    without a map). ``source`` names the data in :attr:`Stage.sources` when applied.
    """
    if clock is None:
        calendar = value_map.calendar if value_map is not None else ELAPSED
        clock = WorkClock(calendar)
    stages = _stage_list(value_map, events.activity_labels)
    index: HookIndex = resolve_hooks(stages, events.activity_labels)
    n_stages = len(stages)

    order = item_time_order(events)
    item = events.item_codes[order].astype(np.intp)
    act = events.activity_codes[order].astype(np.intp)
    start = events.start[order]
    end = events.end[order]
    n = len(item)

    first = np.ones(n, dtype=bool)
    first[1:] = item[1:] != item[:-1]
    last = np.ones(n, dtype=bool)
    last[:-1] = first[1:]
    row_start = np.flatnonzero(first)
    # Items are numbered 0.. in sorted order; labels with no rows (a filtered table) drop out.
    group_of_row = np.cumsum(first) - 1
    n_items = len(row_start)
    position = np.arange(n) - row_start[group_of_row]

    no_end = np.isnan(end)
    # A log with ends whose item's last row has none: a status still current, time unknown.
    open_row = no_end & last if (~no_end).any() else np.zeros(n, dtype=bool)

    # Working-time clock readings: the clock is monotone, so the working time from the latest
    # earlier end is the start reading minus the largest earlier end reading.
    w_start = clock.clock(start)
    w_end = np.where(no_end, w_start, clock.clock(np.where(no_end, start, end)))
    prior = _prior_max_end(w_end, position)
    gap = np.where(first, 0.0, np.maximum(w_start - prior, 0.0))
    duration = w_end - w_start

    stage = index.stage_of[act] if n else np.zeros(0, dtype=np.intp)
    role = index.role_of[act] if n else np.zeros(0, dtype=np.intp)
    touch = np.where(role == ROLE_WAITING, 0.0, duration)
    wait = np.where(role == ROLE_WAITING, gap + duration, gap)
    is_end = role == ROLE_END
    touch[is_end] = gap[is_end] + duration[is_end]
    wait[is_end] = 0.0

    kept = np.flatnonzero((stage >= 0) & ~open_row)
    k_item, k_stage, k_act, k_role = group_of_row[kept], stage[kept], act[kept], role[kept]
    new_visit = np.ones(len(kept), dtype=bool)
    if len(kept) > 1:
        same_item = k_item[1:] == k_item[:-1]
        same_stage = k_stage[1:] == k_stage[:-1]
        repeat = k_act[1:] == k_act[:-1]
        new_visit[1:] = ~same_item | ~same_stage | repeat | (k_role[1:] == ROLE_START)
    visit = np.cumsum(new_visit) - 1
    n_visits = int(visit[-1]) + 1 if len(kept) else 0
    v_touch = _sum_by(visit, touch[kept], n_visits)
    v_wait = _sum_by(visit, wait[kept], n_visits)
    v_stage = k_stage[new_visit]
    v_item = k_item[new_visit]

    qs = (50.0, 85.0, 95.0)
    t_count, t_mean, t_pct = segment_percentiles(v_touch, v_stage, n_stages, qs)
    _, w_mean, w_pct = segment_percentiles(v_wait, v_stage, n_stages, qs)
    pairs = np.sort(v_stage.astype(np.int64) * max(n_items, 1) + v_item)
    distinct = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))] if len(pairs) else pairs
    items_per_stage = np.bincount(distinct // max(n_items, 1), minlength=n_stages)
    stage_figs: list[StageFigures] = []
    for s, st in enumerate(stages):
        count = int(t_count[s])
        stage_figs.append(
            StageFigures(
                stage_id=st.id,
                name=st.name,
                items=int(items_per_stage[s]),
                visits=count,
                coverage=float(items_per_stage[s] / n_items) if n_items else 0.0,
                touch=Summary(count, float(t_mean[s]), *(float(x) for x in t_pct[s])),
                wait=Summary(count, float(w_mean[s]), *(float(x) for x in w_pct[s])),
            )
        )

    # Done: without a map, at the last event; with one, unless the item's last row is a status
    # still current that a stage claims (other than as its end), e.g. still "In Progress".
    still_open = last & open_row & (stage >= 0) & (role != ROLE_END) if value_map else last & False
    items = _item_figures(
        events.item_labels[item[row_start]],
        group_of_row,
        start,
        end,
        w_start,
        w_end,
        touch,
        wait,
        kept,
        row_start,
    )
    items.done_at[group_of_row[still_open]] = np.nan
    unhooked = tuple(
        str(label)
        for code, label in enumerate(events.activity_labels)
        if index.stage_of[code] < 0 and value_map is not None
    )
    return Figures(
        stages=tuple(stage_figs),
        items=items,
        lead_time=Summary.of(items.lead_s[items.done]),
        flow_efficiency=Summary.of(items.flow_efficiency[items.done]),
        clock=clock,
        source=source,
        clashes=index.clashes,
        unhooked=unhooked,
    )


def _item_figures(
    labels: npt.NDArray[np.object_],
    group: IntArray,
    start: FloatArray,
    end: FloatArray,
    w_start: FloatArray,
    w_end: FloatArray,
    touch: FloatArray,
    wait: FloatArray,
    kept: IntArray,
    row_start: IntArray,
) -> ItemFigures:
    """Per item; rows are sorted by item then start, so an item's first row has its earliest
    start and ``group`` numbers the items 0.. in that order."""
    n_items = len(row_start)
    if n_items:
        first_start = start[row_start]
        last_end = np.maximum.reduceat(np.fmax(end, start), row_start)
        lead = np.maximum.reduceat(w_end, row_start) - w_start[row_start]
    else:
        first_start = last_end = lead = np.zeros(0)
    return ItemFigures(
        labels=labels,
        first_start=first_start,
        last_end=last_end,
        lead_s=lead,
        touch_s=_sum_by(group[kept], touch[kept], n_items),
        wait_s=_sum_by(group[kept], wait[kept], n_items),
        done_at=last_end.copy(),
    )
