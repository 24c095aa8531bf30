"""Reading a duration the user typed, for every editor of the window (canvas and panel).

``parse_duration`` checks each number it reads, but not the result: ``1e308h`` is a finite
number of hours and an infinite number of seconds. Stored, such a value made every later
redraw of the box, the metrics and the panel raise OverflowError. Typed input is therefore
also refused when its result is not finite or beyond any sensible figure.
"""

from __future__ import annotations

import math

from vsm_desktop.model import Calendar, DurationError, parse_duration

__all__ = ["MAX_WEEKS", "parse_typed_duration"]

# Far beyond any real stage time, yet small enough that summing a map of them stays finite.
MAX_WEEKS = 10_000


def parse_typed_duration(text: str, calendar: Calendar, unit: str) -> float:
    """Working seconds for typed ``text``; raises :class:`DurationError` saying why not."""
    seconds = parse_duration(text, calendar, unit)
    raw = text.strip()
    if not math.isfinite(seconds):
        raise DurationError(f"{raw!r} is not a finite duration")
    if seconds > MAX_WEEKS * calendar.unit_seconds("w"):
        raise DurationError(f"{raw!r} is longer than {MAX_WEEKS}w; check the number")
    return seconds
