"""Row 2 of a map sheet read back: the map's calendar (hours per working day, days per working
week) and its demand (items per working day).

The sheet's formulas (durations as text, takt, the week in hours, the Summary's lead time in
days) use these cells, so a person who edits them in Excel sees the figures change; reading them
back makes the app show the same figures after the import.

The cells are found by their labels (``Hours/day`` ...), the value being the cell right of the
label, anywhere above the stage table: inserted rows or columns do not lose them. A missing label
is an error rather than "keep the app's value", as a missing stage-table column is: the sheet's
formulas depend on the cell, so its absence means the sheet was damaged.

Times and the calendar: the stage table's ``touch (h)`` / ``wait (h)`` numbers are working
hours and stay the source of truth, so a calendar edit keeps every stored duration; text such
as ``2d 4h`` in those columns is read with the calendar of row 2 as edited (the one the sheet's
own formulas use), which the caller gets from :attr:`MapParams.calendar`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from vsm_desktop.model import Calendar, ValueMap

from .workbook_format import DAYS_PER_WEEK_LABEL, DEMAND_LABEL, HOURS_PER_DAY_LABEL

__all__ = ["MapParams", "ParamError", "describe_params", "read_params"]

#: (row, column letter, label, message) of a bad row-2 cell; 0 and "" when the label is missing.
ParamError = tuple[int, str, str, str]


@dataclass(frozen=True, slots=True)
class MapParams:
    calendar: Calendar
    demand_per_day: float | None

    def changes(self, value_map: ValueMap) -> dict[str, Any]:
        """The map fields these values change (for ``ReplaceMapContentCommand.map_changes``)."""
        out: dict[str, Any] = {}
        if self.calendar != value_map.calendar:
            out["calendar"] = self.calendar
        if self.demand_per_day != value_map.demand_per_day:
            out["demand_per_day"] = self.demand_per_day
        return out


def read_params(
    rows: Sequence[Sequence[Any]], value_map: ValueMap
) -> tuple[MapParams, list[ParamError]]:
    """Read the rows above the stage table's header. On errors the map's own values are
    returned with them, so the caller can go on checking the stage table and report all."""
    errors: list[ParamError] = []
    found: dict[str, tuple[int, int, Any]] = {}  # label -> (row, column, value), 1-based
    labels = {label.casefold(): label for label in _LABELS}
    for r, row in enumerate(rows, start=1):
        in_row: dict[str, tuple[int, int, Any]] = {}
        for c, value in enumerate(row, start=1):
            label = labels.get(_text(value).casefold())
            if label is not None and label not in in_row:
                in_row[label] = (r, c + 1, row[c] if c < len(row) else None)
        if len(in_row) == len(_LABELS):  # the parameter row, even below a title "Hours/day"
            found = in_row
            break
        for label, where in in_row.items():
            found.setdefault(label, where)
    values: dict[str, float | None] = {}
    for label in _LABELS:
        if label not in found:
            message = (
                f"no {label!r} label above the stage table (row 2 as exported); the map's "
                "calendar and demand are read from the cells right of their labels"
            )
            errors.append((0, "", label, message))
            continue
        r, c, raw = found[label]
        try:
            values[label] = _check(label, raw)
        except ValueError as exc:
            errors.append((r, get_column_letter(c), label, str(exc)))
    if errors:
        return MapParams(value_map.calendar, value_map.demand_per_day), errors
    hours, days = values[HOURS_PER_DAY_LABEL], values[DAYS_PER_WEEK_LABEL]
    assert hours is not None and days is not None  # _check refuses them empty
    old = value_map.calendar
    # A value written and read back may differ in the last bit: keep the stored one then, so an
    # untouched cell is not reported (or recorded) as a change.
    calendar = Calendar(_same(hours, old.hours_per_day), _same(days, old.days_per_week))
    if calendar == old:
        calendar = old
    demand = values[DEMAND_LABEL]
    if demand is not None and value_map.demand_per_day is not None:
        demand = _same(demand, value_map.demand_per_day)
    return MapParams(calendar, demand), errors


def describe_params(before: ValueMap, after: ValueMap) -> list[str]:
    """Lines for the change list, in the words of the brief: ``calendar: 8 h x 5 d → ...``."""
    lines: list[str] = []
    if before.calendar != after.calendar:
        lines.append(f"calendar: {_calendar(before.calendar)} → {_calendar(after.calendar)}")
    if before.demand_per_day != after.demand_per_day:
        lines.append(f"demand: {_demand(before.demand_per_day)} → {_demand(after.demand_per_day)}")
    return lines


_LABELS = (HOURS_PER_DAY_LABEL, DAYS_PER_WEEK_LABEL, DEMAND_LABEL)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _number(raw: Any, what: str) -> float | None:
    """The cell as a number (None when empty); text holding a number counts, as a cell stored
    as text in a spreadsheet still looks like a number to the person who typed it."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        value = float(raw)
    else:
        text = _text(raw)
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            raise ValueError(f"{text!r} is not a number of {what}") from None
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"{_text(raw)!r} is not a number of {what}")
    return value


def _check(label: str, raw: Any) -> float | None:
    if label == DEMAND_LABEL:
        demand = _number(raw, "items per working day")
        if demand is not None and demand <= 0:
            # 0 is refused rather than read as "no demand": an empty cell says that unambiguously.
            raise ValueError(
                f"demand {demand:g} is not above zero; leave the cell empty for no demand"
            )
        return demand
    what, top, unit = (
        ("hours per working day", 24, "hours a day")
        if label == HOURS_PER_DAY_LABEL
        else ("working days per week", 7, "days a week")
    )
    value = _number(raw, what)
    if value is None:
        raise ValueError(f"empty; the map needs its {what} (24 h x 7 d is the elapsed calendar)")
    if value <= 0:
        raise ValueError(f"{value:g} {unit} is not above zero")
    if value > top:
        raise ValueError(f"{value:g} is more than {top} {unit}")
    return value


def _same(new: float, old: float) -> float:
    return old if math.isclose(new, old, rel_tol=1e-12, abs_tol=1e-12) else new


def _calendar(calendar: Calendar) -> str:
    text = f"{calendar.hours_per_day:g} h x {calendar.days_per_week:g} d"
    return text + " (elapsed)" if calendar.is_elapsed else text


def _demand(demand: float | None) -> str:
    return "none" if demand is None else f"{demand:g}/day"
