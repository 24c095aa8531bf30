"""Durations in working seconds, parsed and formatted with a map's calendar.

A stored duration is always seconds of working time. ``d`` and ``w`` mean a working day and a
working week of the calendar in force, so ``1d`` is 8 h on the default calendar and 24 h on the
elapsed one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

__all__ = [
    "ELAPSED",
    "UNITS",
    "WORKING",
    "Calendar",
    "DurationError",
    "format_duration",
    "parse_duration",
]


class DurationError(ValueError):
    """A duration could not be read; the message says what was wrong."""


@dataclass(frozen=True, slots=True)
class Calendar:
    """How long a day and a week are for a map."""

    hours_per_day: float = 8.0
    days_per_week: float = 5.0

    def __post_init__(self) -> None:
        if not (0 < self.hours_per_day <= 24) or math.isnan(self.hours_per_day):
            raise ValueError(f"hours per day must be in (0, 24], not {self.hours_per_day}")
        if not (0 < self.days_per_week <= 7) or math.isnan(self.days_per_week):
            raise ValueError(f"days per week must be in (0, 7], not {self.days_per_week}")

    @property
    def day_s(self) -> float:
        return self.hours_per_day * 3600.0

    @property
    def week_s(self) -> float:
        return self.day_s * self.days_per_week

    @property
    def is_elapsed(self) -> bool:
        """True for the 24 h x 7 d calendar, where working time equals clock time."""
        return self.hours_per_day == 24 and self.days_per_week == 7

    def unit_seconds(self, unit: str) -> float:
        unit = _ALIASES.get(unit.lower(), unit.lower())
        if unit == "s":
            return 1.0
        if unit == "m":
            return 60.0
        if unit == "h":
            return 3600.0
        if unit == "d":
            return self.day_s
        if unit == "w":
            return self.week_s
        raise DurationError(f"unknown unit {unit!r}; use s, m, h, d or w")


WORKING = Calendar()
ELAPSED = Calendar(24.0, 7.0)
UNITS = ("s", "m", "h", "d", "w")

_ALIASES = {
    "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "min": "m", "mins": "m", "minute": "m", "minutes": "m",
    "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "day": "d", "days": "d",
    "wk": "w", "wks": "w", "week": "w", "weeks": "w",
}  # fmt: skip

# The longest duration a person can type. Huge finite values add up to infinity over a map
# (lead time inf, flow efficiency NaN); this bound keeps any sum of 10,000 stages finite and
# stays above every measured span (timestamps cover about 10,000 years, under 88 million hours),
# so a measured time written to Excel always reads back.
MAX_HOURS = 100_000_000
MAX_SECONDS = MAX_HOURS * 3600.0

_PART = re.compile(r"\s*(?P<num>[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:e[+-]?\d+)?)\s*(?P<unit>[a-z]*)")


def parse_duration(text: str | float | int, calendar: Calendar = WORKING, unit: str = "h") -> float:
    """Read ``45m``, ``1.5h``, ``2d 4h``, ``3w`` or ``90s`` as working seconds.

    A bare number is taken in ``unit`` (the map's display unit). Negative, NaN, infinite and
    unreadable values raise :class:`DurationError` with the reason.
    """
    if isinstance(text, bool):
        raise DurationError(f"{text!r} is not a duration")
    if isinstance(text, int | float):
        value = float(text)
        _check_number(value, str(text))
        return _check_total(value * calendar.unit_seconds(unit), str(text))
    raw = str(text).strip()
    if not raw:
        raise DurationError("empty duration; type e.g. 45m, 1.5h, 2d 4h or 3w")
    lowered = raw.lower()
    if lowered in {"nan", "inf", "-inf", "+inf", "infinity"}:
        raise DurationError(f"{raw!r} is not a finite duration")
    pos = 0
    total = 0.0
    seen: set[str] = set()
    while pos < len(lowered):
        match = _PART.match(lowered, pos)
        if match is None or match.end() == pos:
            rest = raw[pos:].strip()
            raise DurationError(
                f"cannot read {rest!r} in {raw!r}; type e.g. 45m, 1.5h, 2d 4h or 3w"
            )
        number = match.group("num").replace(",", ".")
        value = float(number)
        _check_number(value, raw)
        part_unit = match.group("unit") or unit
        try:
            seconds = calendar.unit_seconds(part_unit)
        except DurationError as exc:
            raise DurationError(f"{exc} (in {raw!r})") from None
        canonical = _ALIASES.get(part_unit, part_unit)
        if canonical in seen:
            raise DurationError(f"unit {canonical!r} appears twice in {raw!r}")
        seen.add(canonical)
        total += value * seconds
        pos = match.end()
        while pos < len(lowered) and lowered[pos] in " \t":
            pos += 1
    return _check_total(total, raw)


def _check_number(value: float, raw: str) -> None:
    if math.isnan(value) or math.isinf(value):
        raise DurationError(f"{raw!r} is not a finite duration")
    if value < 0:
        raise DurationError(f"{raw!r} is negative; a duration cannot be below zero")


def _check_total(seconds: float, raw: str) -> float:
    if not seconds <= MAX_SECONDS:  # also catches inf from a finite number times a unit
        raise DurationError(f"{raw!r} is too long; a duration cannot be above {MAX_HOURS:,} hours")
    return seconds


def format_duration(seconds: float | None, calendar: Calendar = WORKING, parts: int = 2) -> str:
    """Write working seconds as ``2d 4h``: at most ``parts`` units, largest first.

    The last unit shown carries the rounded remainder, so nothing below it is silently lost
    beyond a tenth of that unit.
    """
    if seconds is None:
        return "–"
    if math.isnan(seconds):
        return "?"
    if seconds == 0:
        return "0"
    if math.isinf(seconds):  # a tampered file can hold it; print it rather than crash
        return "-∞" if seconds < 0 else "∞"
    sign = "-" if seconds < 0 else ""
    rest = abs(seconds)
    steps = [("w", calendar.week_s), ("d", calendar.day_s), ("h", 3600.0), ("m", 60.0), ("s", 1.0)]
    # Skip a unit whose size equals the next one (e.g. a 1-day week) so output stays readable.
    steps = [s for i, s in enumerate(steps) if i == len(steps) - 1 or s[1] != steps[i + 1][1]]

    # Units shown are consecutive (weeks then days, never weeks then minutes): the last one
    # carries the rest to a tenth, and a remainder too small for it is dropped.
    def units_for(amount: float) -> list[tuple[str, float]]:
        first = next((i for i, (_, size) in enumerate(steps) if amount >= size), len(steps) - 1)
        return steps[first : first + parts]

    # Round once to a tenth of the smallest unit shown, so 59.99 s reads "1m", not "60s".
    tenth = units_for(rest)[-1][1] / 10
    rest = round(rest / tenth) * tenth
    shown = units_for(rest)
    out: list[str] = []
    for index, (name, size) in enumerate(shown):
        if index == len(shown) - 1:
            value = round(rest / size, 1)
            if value or not out:
                out.append(f"{_num(value)}{name}")
            break
        whole = math.floor(rest / size + 1e-9)
        out.append(f"{whole}{name}")
        rest -= whole * size
        if rest < 0.05:
            break
    return sign + " ".join(out)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
