"""Elapsed time between timestamps, counted in a map's calendar.

Measured figures must be comparable with the figures people type into a map, which are working
seconds of the map's :class:`~vsm_desktop.model.Calendar`. On the elapsed calendar (24 h x 7 d)
every second counts. On a working calendar of ``H`` hours a day and ``N`` days a week only the
seconds inside the working window count:

- a working day starts at ``day_start_h`` (09:00 unless the workspace setting
  ``measure.day_start`` says otherwise) and lasts ``H`` hours;
- the working days are Monday onwards, ``floor(N)`` full days plus, when ``N`` has a fraction,
  a last day of ``H * frac(N)`` hours (so 4.5 days = Monday..Thursday and a Friday morning);
- timestamps are UTC epoch seconds; the workspace setting ``measure.utc_offset`` (e.g.
  ``+01:00``) moves the working window to the team's local clock. Public holidays and daylight
  saving are not modelled.

The count is a closed form: a cumulative working-seconds clock ``W(t)`` (whole weeks, whole
days of the current week, the part of the current day) and ``working = W(b) - W(a)``, computed
for whole numpy arrays at once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from vsm_desktop.model import Calendar

__all__ = [
    "DAY_START_SETTING",
    "UTC_OFFSET_SETTING",
    "WorkClock",
    "clock_from_settings",
    "working_seconds",
]

DAY_START_SETTING = "measure.day_start"
UTC_OFFSET_SETTING = "measure.utc_offset"

FloatArray = npt.NDArray[np.float64]

_DAY = 86400.0
_WEEK = 7 * _DAY
#: 1970-01-05, the first Monday after the epoch, in epoch seconds.
_MONDAY = 4 * _DAY


@dataclass(frozen=True, slots=True)
class WorkClock:
    """A calendar placed on the clock: when working days start and in which time zone."""

    calendar: Calendar
    day_start_h: float = 9.0
    utc_offset_h: float = 0.0

    def __post_init__(self) -> None:
        if not (0.0 <= self.day_start_h < 24.0) or math.isnan(self.day_start_h):
            raise ValueError(f"working day start must be in [0, 24) hours, not {self.day_start_h}")
        if not (-14.0 <= self.utc_offset_h <= 14.0) or math.isnan(self.utc_offset_h):
            raise ValueError(f"UTC offset must be within ±14 hours, not {self.utc_offset_h}")

    def day_hours(self) -> FloatArray:
        """Working hours of each weekday, Monday first."""
        cal = self.calendar
        full = math.floor(cal.days_per_week)
        hours = np.zeros(7)
        hours[:full] = cal.hours_per_day
        if full < 7:
            hours[full] = cal.hours_per_day * (cal.days_per_week - full)
        return hours

    def cumulative(self, t: npt.ArrayLike) -> FloatArray:
        """``W(t)``: working seconds from a fixed Monday to each time ``t`` (epoch seconds)."""
        times = np.asarray(t, dtype=np.float64)
        day_s = self.day_hours() * 3600.0
        before = np.concatenate(([0.0], np.cumsum(day_s)[:-1]))
        week_s = float(day_s.sum())
        # Shift so that 0 is a Monday at the start of the working day, local time; a day then
        # runs [0, 86400) from its own working start and a window crossing midnight still works.
        u = times + self.utc_offset_h * 3600.0 - _MONDAY - self.day_start_h * 3600.0
        weeks = np.floor(u / _WEEK)
        rest = u - weeks * _WEEK
        day = np.minimum(np.floor(rest / _DAY), 6).astype(np.intp)
        into_day = rest - day * _DAY
        return np.asarray(weeks * week_s + before[day] + np.minimum(into_day, day_s[day]))

    def clock(self, t: npt.ArrayLike) -> FloatArray:
        """A monotone clock that runs only in working time: ``clock(b) - clock(a)`` is the
        working time from a to b. On the elapsed calendar it is the timestamp itself."""
        if self.calendar.is_elapsed:
            return np.asarray(t, dtype=np.float64)
        return self.cumulative(t)

    def between(self, start: npt.ArrayLike, end: npt.ArrayLike) -> FloatArray:
        """Working seconds from ``start`` to ``end`` (element-wise; NaN stays NaN)."""
        a = np.asarray(start, dtype=np.float64)
        b = np.asarray(end, dtype=np.float64)
        if self.calendar.is_elapsed:
            return np.asarray(b - a)
        return np.asarray(self.cumulative(b) - self.cumulative(a))


def working_seconds(
    start: npt.ArrayLike,
    end: npt.ArrayLike,
    calendar: Calendar,
    day_start_h: float = 9.0,
    utc_offset_h: float = 0.0,
) -> FloatArray:
    """Working seconds of ``calendar`` between two (arrays of) epoch-second timestamps."""
    return WorkClock(calendar, day_start_h, utc_offset_h).between(start, end)


_HOURS = re.compile(r"^\s*([+-])?(\d{1,2})(?::(\d{2}))?\s*$")


def _read_hours(text: str, key: str) -> float:
    match = _HOURS.match(text)
    if match is None:
        raise ValueError(f"workspace setting {key}={text!r}: expected hours as HH or HH:MM")
    sign = -1.0 if match.group(1) == "-" else 1.0
    return sign * (int(match.group(2)) + int(match.group(3) or 0) / 60.0)


def clock_from_settings(calendar: Calendar, settings: Mapping[str, str]) -> WorkClock:
    """The map's calendar placed with the workspace settings ``measure.day_start`` (``09:00``
    by default) and ``measure.utc_offset`` (``+00:00`` by default)."""
    start = settings.get(DAY_START_SETTING)
    offset = settings.get(UTC_OFFSET_SETTING)
    return WorkClock(
        calendar,
        _read_hours(start, DAY_START_SETTING) if start else 9.0,
        _read_hours(offset, UTC_OFFSET_SETTING) if offset else 0.0,
    )
