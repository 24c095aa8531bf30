"""Our figures agree with what pm4py reports, on a 3-item log worked out from pm4py's source.

pm4py is AGPL and never imported here; the expected values below follow its code:

- service time per activity (``pm4py/statistics/service_time/pandas/get.py``): for every event
  ``complete - start``, grouped by activity, aggregated with pandas ``mean`` (or ``median``);
- waiting time per event (``pm4py/objects/log/util/interval_lifecycle.py``,
  ``assign_lead_cycle_time`` -> ``@@approx_bh_this_wasted_time``): events of a trace in start
  order; ``max_et`` is the running maximum of the completes of the earlier events; the waiting
  time is ``start - max_et`` when ``max_et > 0`` and ``start > max_et``, else 0 (so the first
  event of a trace waits 0). Business hours covering the whole week give elapsed seconds;
- per case (``pm4py/util/pandas_utils.py``, ``insert_case_service_waiting_time``): sojourn =
  last complete - first start, service = the sum of the events' durations.

bench/bench_measure.py runs the real pm4py on a million events and compares to 0.1 %.
"""

from __future__ import annotations

import numpy as np
import pytest

from vsm_desktop.measure.events import EventTable
from vsm_desktop.measure.stats import compute_figures

H = 3600.0
T0 = 1_767_603_600.0  # 2026-01-05 09:00 UTC

LOG = [
    # item 1: B runs inside A (waits 0: it starts before A completes); C waits for A
    ("1", "A", 0, 4), ("1", "B", 2, 3), ("1", "C", 6, 7),
    # item 2: B starts while C runs (waits 0); D waits for B's complete at 8
    ("2", "A", 1, 2), ("2", "C", 3, 5), ("2", "B", 4, 8), ("2", "D", 10, 11),
    # item 3: A starts exactly when B completes (waits 0), then A again after 2 h
    ("3", "B", 0, 1), ("3", "A", 1, 3), ("3", "A", 5, 6), ("3", "C", 6, 9),
]  # fmt: skip

# pm4py per event, in hours.   service (complete - start)     waiting (this_wasted_time)
# item 1: A 0-4, B 2-3, C 6-7   A 4, B 1, C 1                 A 0 (first), B 0, C 6-4 = 2
# item 2: A 1-2, C 3-5, B 4-8,  A 1, C 2, B 4, D 1            A 0, C 3-2 = 1, B 0 (4 < 5),
#         D 10-11                                             D 10-8 = 2
# item 3: B 0-1, A 1-3, A 5-6,  B 1, A 2, A 1, C 3            B 0, A 0 (1 = 1), A 5-3 = 2,
#         C 6-9                                               C 0
PM4PY_SERVICE_MEAN_H = {"A": 2.0, "B": 2.0, "C": 2.0, "D": 1.0}  # A [4,1,2,1] B [1,4,1] C [1,2,3]
PM4PY_SERVICE_MEDIAN_H = {"A": 1.5, "B": 1.0, "C": 2.0, "D": 1.0}
PM4PY_WAITING_MEAN_H = {"A": 0.5, "B": 0.0, "C": 1.0, "D": 2.0}  # A [0,0,0,2] C [2,1,0]
PM4PY_SOJOURN_H = {"1": 7.0, "2": 10.0, "3": 9.0}
PM4PY_CASE_SERVICE_H = {"1": 6.0, "2": 8.0, "3": 7.0}


def events() -> EventTable:
    rows = LOG[::-1]  # order of the file must not matter
    return EventTable.from_columns(
        [r[0] for r in rows],
        [r[1] for r in rows],
        [T0 + r[2] * H for r in rows],
        [T0 + r[3] * H for r in rows],
    )


def test_service_and_waiting_per_activity_match_pm4py() -> None:
    figures = compute_figures(events())  # one stage per activity, elapsed time
    for activity in "ABCD":
        stage = figures.stage(activity)
        assert stage is not None
        assert stage.touch.mean / H == pytest.approx(PM4PY_SERVICE_MEAN_H[activity])
        assert stage.touch.median / H == pytest.approx(PM4PY_SERVICE_MEDIAN_H[activity])
        assert stage.wait.mean / H == pytest.approx(PM4PY_WAITING_MEAN_H[activity])
    # Every pm4py event is one of our passes (the direct repeat A, A is two).
    a = figures.stage("A")
    assert a is not None and (a.visits, a.items) == (4, 3)


def test_case_sojourn_and_service_match_pm4py() -> None:
    items = compute_figures(events()).items
    labels = [str(x) for x in items.labels]
    assert dict(zip(labels, items.lead_s / H, strict=True)) == pytest.approx(PM4PY_SOJOURN_H)
    assert dict(zip(labels, items.touch_s / H, strict=True)) == pytest.approx(PM4PY_CASE_SERVICE_H)
    assert np.isfinite(items.done_at).all()
