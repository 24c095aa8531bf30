"""Working time between timestamps, checked against hand counts on the clock."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from vsm_desktop.measure.calendar_time import WorkClock, clock_from_settings, working_seconds
from vsm_desktop.model import ELAPSED, WORKING, Calendar

H = 3600.0


def ts(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


def test_friday_afternoon_to_monday_morning_is_two_working_hours() -> None:
    # 2026-01-09 is a Friday: 16:00-17:00 on Friday + 09:00-10:00 on Monday.
    got = working_seconds(ts("2026-01-09 16:00"), ts("2026-01-12 10:00"), WORKING)
    assert got == pytest.approx(2 * H)


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        ("2026-01-05 08:00", "2026-01-05 18:00", 8.0),  # a whole Monday from outside the window
        ("2026-01-05 09:00", "2026-01-12 09:00", 40.0),  # a whole week
        ("2026-01-10 10:00", "2026-01-11 15:00", 0.0),  # Saturday to Sunday
        ("2026-01-05 12:30", "2026-01-05 13:15", 0.75),  # inside one day
        ("2026-01-05 17:00", "2026-01-06 09:00", 0.0),  # overnight
        ("2026-01-05 09:00", "2026-01-19 11:00", 82.0),  # two weeks and two hours
    ],
)
def test_working_calendar_hand_counts(start: str, end: str, hours: float) -> None:
    assert working_seconds(ts(start), ts(end), WORKING) == pytest.approx(hours * H)


def test_vectorised_and_elapsed() -> None:
    a = np.array([ts("2026-01-09 16:00"), ts("2026-01-10 10:00")])
    b = np.array([ts("2026-01-12 10:00"), ts("2026-01-10 12:30")])
    np.testing.assert_allclose(working_seconds(a, b, WORKING), [2 * H, 0.0])
    np.testing.assert_allclose(working_seconds(a, b, ELAPSED), b - a)


def test_half_day_friday() -> None:
    # 4.5 days a week of 8 h: Friday is 09:00-13:00. Friday 12:00 -> Monday 09:30 = 1 h + 0.5 h.
    cal = Calendar(8.0, 4.5)
    got = working_seconds(ts("2026-01-09 12:00"), ts("2026-01-12 09:30"), cal)
    assert got == pytest.approx(1.5 * H)
    whole_week = working_seconds(ts("2026-01-05 00:00"), ts("2026-01-12 00:00"), cal)
    assert whole_week == pytest.approx(36 * H)


def test_offset_and_day_start_settings() -> None:
    # Team on UTC+2 starting 08:00 local = 06:00 UTC; Monday 05:00-07:00 UTC counts 1 h.
    settings = {"measure.day_start": "08:00", "measure.utc_offset": "+02"}
    clock = clock_from_settings(WORKING, settings)
    assert clock.between(ts("2026-01-05 05:00"), ts("2026-01-05 07:00")) == pytest.approx(H)


def test_window_crossing_midnight() -> None:
    # 20 h from 09:00 runs to 05:00 the next day: Tuesday 04:00-06:00 UTC holds 1 h of Monday.
    clock = WorkClock(Calendar(20.0, 5.0))
    assert clock.between(ts("2026-01-06 04:00"), ts("2026-01-06 06:00")) == pytest.approx(H)


def test_bad_settings_are_refused_with_the_key() -> None:
    with pytest.raises(ValueError, match=r"measure\.day_start"):
        clock_from_settings(WORKING, {"measure.day_start": "nine"})
    with pytest.raises(ValueError, match="day start"):
        WorkClock(WORKING, day_start_h=25)
