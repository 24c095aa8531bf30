"""Small event logs for the measure tests, in hours after Monday 2026-01-05 09:00 UTC."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np

from vsm_desktop.measure.events import EventTable

H = 3600.0
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC).timestamp()  # a Monday (2026-W02)

# Three items through Dev, Review, Deploy. Dev touch per pass [2, 3, 1, 3] h, wait
# [0, 0, 0, 2] h; Review touch [1, 4, 0.5, 1] h, wait [3, 0, 0.5, 1] h (see
# test_measure_stats.py for the working).
TEAM_ROWS = [
    ("A", "Dev", 0, 2), ("A", "Review", 5, 6), ("A", "Deploy", 6, 7),
    ("B", "Dev", 1, 4), ("B", "Review", 4, 8), ("B", "Deploy", 10, 10.5),
    ("C", "Dev", 2, 3), ("C", "Review", 3.5, 4), ("C", "Dev", 6, 9),
    ("C", "Review", 10, 11), ("C", "Deploy", 11, 12),
]  # fmt: skip


def log(rows: Sequence[tuple[str, str, float, float | None]]) -> EventTable:
    """Rows of (item, activity, start hour, end hour or None) after T0."""
    return EventTable.from_columns(
        [r[0] for r in rows],
        [r[1] for r in rows],
        [T0 + r[2] * H for r in rows],
        [np.nan if r[3] is None else T0 + r[3] * H for r in rows],
    )
