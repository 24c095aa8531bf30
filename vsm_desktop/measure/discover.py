"""Discover a draft map from an event log, ready to edit.

- one stage per activity/status, ordered by where it typically happens: the median of its
  position in the items' traces (ties: mean position, then first appearance);
- forward handoffs from the direct successions a -> b (b ordered after a) whose count is at
  least ``min_share`` of a's successions, so the map stays readable; every stage but the first
  keeps at least its strongest incoming forward handoff (or one from the stage before it), so
  the map is connected;
- rework handoffs where items go back (b ordered before a), kept at the same share threshold,
  with the observed rate = (a -> b successions) / (passes through a);
- hooks set to the activity name; touch and wait from the median figures of the log;
- laid out left to right, 220 px apart, in stage order.

A direct repeat (a -> a) is not drawn: it shows as extra passes in the stage's figures.
"""

from __future__ import annotations

import numpy as np

from vsm_desktop.model import ELAPSED, Calendar, Handoff, HandoffKind, Stage, ValueMap

from .apply import describe_source
from .calendar_time import WorkClock
from .events import EventTable
from .stats import compute_figures, item_time_order, segment_percentiles

__all__ = ["X_STEP", "discover_map"]

X_STEP = 220.0
X0 = 80.0
Y0 = 160.0


def discover_map(
    events: EventTable,
    name: str,
    calendar: Calendar = ELAPSED,
    *,
    min_share: float = 0.05,
    clock: WorkClock | None = None,
    source: str = "",
) -> ValueMap:
    """A new current-state map with stages, handoffs, rework, hooks and median times."""
    if not 0.0 <= min_share < 1.0:
        raise ValueError(f"min_share must be in [0, 1), not {min_share}")
    value_map = ValueMap(name, calendar=calendar)
    labels = [str(a) for a in events.activity_labels]
    n_act = len(labels)
    if len(events) == 0 or n_act == 0:
        return value_map

    order = item_time_order(events)
    item = events.item_codes[order]
    act = events.activity_codes[order].astype(np.intp)
    first = np.ones(len(item), dtype=bool)
    first[1:] = item[1:] != item[:-1]
    starts = np.flatnonzero(first)
    position = np.arange(len(item)) - starts[np.cumsum(first) - 1]

    counts, means, pct = segment_percentiles(position.astype(float), act, n_act, (50.0,))
    present = [k for k in range(n_act) if counts[k] > 0]
    rank_order = sorted(present, key=lambda k: (pct[k, 0], means[k], k))
    rank = np.full(n_act, -1, dtype=np.intp)
    rank[rank_order] = np.arange(len(rank_order))

    stages: dict[int, Stage] = {}
    for i, k in enumerate(rank_order):
        stages[k] = Stage(name=labels[k], hooks={"active": [labels[k]]}, x=X0 + i * X_STEP, y=Y0)

    # Direct successions within an item.
    follows = ~first[1:]
    a, b = act[:-1][follows], act[1:][follows]
    moving = a != b
    pair = a[moving] * n_act + b[moving]
    pair_counts = np.bincount(pair, minlength=n_act * n_act).reshape(n_act, n_act)
    out_total = pair_counts.sum(axis=1)
    passes = np.bincount(act, minlength=n_act)

    handoffs: list[Handoff] = []
    has_incoming: set[int] = set()
    strong = pair_counts >= np.maximum(min_share * out_total[:, None], 1)
    for src in rank_order:
        for dst in rank_order:
            if src == dst or not strong[src, dst]:
                continue
            if rank[dst] > rank[src]:
                handoffs.append(Handoff(stages[src].id, stages[dst].id, HandoffKind.PUSH))
                has_incoming.add(dst)
            else:
                rate = float(pair_counts[src, dst] / passes[src])
                handoffs.append(
                    Handoff(
                        stages[src].id,
                        stages[dst].id,
                        HandoffKind.PUSH,
                        label=f"rework {rate:.0%}",
                        rework=True,
                        rework_rate=round(rate, 4),
                    )
                )
    for i, dst in enumerate(rank_order[1:], start=1):
        if dst in has_incoming:
            continue
        earlier = rank_order[:i]
        best = max(earlier, key=lambda s: (pair_counts[s, dst], rank[s]))
        src = best if pair_counts[best, dst] > 0 else rank_order[i - 1]
        handoffs.append(Handoff(stages[src].id, stages[dst].id, HandoffKind.PUSH))

    value_map.stages = {stages[k].id: stages[k] for k in rank_order}
    value_map.handoffs = {h.id: h for h in handoffs}

    label = source or f"discovered from {len(events)} events"
    figures = compute_figures(events, value_map, clock or WorkClock(calendar), source=label)
    for stage in value_map.stages.values():
        measured = figures.stage(stage.id)
        if measured is None or measured.visits == 0:
            continue
        text = describe_source("median", measured, label)
        stage.touch_s = round(measured.touch.median, 3)
        stage.wait_s = round(measured.wait.median, 3)
        stage.sources = {"touch_s": text, "wait_s": text}
    return value_map
