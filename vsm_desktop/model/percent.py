"""Percentages as people read them on a map, a slide or a terminal."""

from __future__ import annotations

import math

__all__ = ["format_percent"]


def format_percent(
    value: float | None, *, whole_from: float | None = None, sep: str = " ", trim: bool = False
) -> str:
    """``27.8 %``; whole numbers from ``whole_from`` up (``161 %``); below 1 % two significant
    digits (``0.031 %``), because a factory's flow efficiency is often a few hundredths of a
    percent and ``0.0 %`` would hide it. ``trim`` drops a trailing ``.0``; None is a dash."""
    if value is None or math.isnan(value):
        return "–"
    size = abs(value)
    if 0 < size < 0.95:
        decimals = 1 - math.floor(math.log10(size))
        text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    elif whole_from is not None and size >= whole_from:
        text = f"{value:.0f}"
    else:
        text = f"{value:.1f}"
        if trim and text.endswith(".0"):
            text = text[:-2]
    return f"{text}{sep}%"
