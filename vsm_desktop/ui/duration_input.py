"""Reading a duration the user typed, for every editor of the window (canvas and panel).

``1e308h`` is a finite number of hours but an infinite number of seconds. Stored, such a value
made every later redraw of the box, the metrics and the panel raise OverflowError. The model's
``parse_duration`` bounds the result itself (``MAX_HOURS``); this check stays so that no typed
value the editors accept can ever be infinite, whatever that bound becomes.
"""

from __future__ import annotations

import math

from vsm_desktop.model import Calendar, DurationError, parse_duration

__all__ = ["parse_typed_duration"]


def parse_typed_duration(text: str, calendar: Calendar, unit: str) -> float:
    """Working seconds for typed ``text``; raises :class:`DurationError` saying why not."""
    seconds = parse_duration(text, calendar, unit)
    if not math.isfinite(seconds):
        raise DurationError(f"{text.strip()!r} is not a finite duration")
    return seconds
