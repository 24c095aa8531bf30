"""What an exported workbook looks like, shared by the writer and the reader.

The stage table of every map sheet has these columns, in this order, followed by one column per
data-box field and then hidden helper columns. The reader finds columns by their header text, so
a person may reorder, hide or add columns (an added column becomes a data-box field); only the
``EDITABLE`` columns are read back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FORMAT_NAME = "vsm-desktop-workbook"
FORMAT_VERSION = 1
META_SHEET = "_vsm"
SUMMARY_SHEET = "Summary"
COMPARE_SHEET = "Compare"
RESERVED_SHEETS = (SUMMARY_SHEET, COMPARE_SHEET, META_SHEET)

#: Row of the map parameters (hours per day, ...) and of the stage table's header.
PARAM_ROW = 2
HEADER_ROW = 4
#: Labels of the map parameters in row 2, each followed by its value cell (read back by import).
HOURS_PER_DAY_LABEL = "Hours/day"
DAYS_PER_WEEK_LABEL = "Days/week"
DEMAND_LABEL = "Demand/day"
FIELD_PREFIX = "field: "
#: Titles of the blocks below a map's stage table (the reader stops at them).
HANDOFFS_TITLE = "Handoffs"
TIMELINE_TITLE = "Critical path timeline"
SECTION_TITLES = frozenset({HANDOFFS_TITLE, TIMELINE_TITLE})


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    width: float
    number_format: str = "General"
    hidden: bool = False


# The order of the stage table. Keys are what the writer and reader use internally.
STAGE_COLUMNS: tuple[Column, ...] = (
    Column("id", "id", 4, hidden=True),
    Column("stage", "stage", 26),
    Column("team", "team", 14),
    Column("touch_h", "touch (h)", 10, "#,##0.0#"),
    Column("wait_h", "wait (h)", 10, "#,##0.0#"),
    Column("lead_h", "lead time (h)", 12, "#,##0.0#"),
    Column("touch_text", "touch", 9),
    Column("wait_text", "wait", 9),
    Column("lead_text", "lead time", 10),
    Column("pca", "%C&A", 8),
    Column("people", "people", 8),
    Column("next", "next", 28),
    Column("rework_to", "rework_to", 16),
    Column("rework_rate", "rework_rate", 12, "0.0%"),
    Column("critical", "critical path", 12),
    Column("finish_h", "finish (h)", 11, "#,##0.0#"),
    Column("over_takt", "over takt", 10),
)
#: Helper columns after the data-box fields, hidden: the formulas of the critical path use them.
HELPER_COLUMNS: tuple[Column, ...] = (
    Column("path_touch_h", "path touch (h)", 12, "#,##0.0#", hidden=True),
    Column("critical_from", "critical from", 14, hidden=True),
    Column("rolled_pca", "rolled %C&A", 12, "0.0%", hidden=True),
)
#: Columns the reader takes back (by header text); everything else it ignores or, when the
#: header is not one of ours, reads as a data-box field.
#: All of them must be present: a missing column would silently reset what it holds.
EDITABLE = (
    "id", "stage", "team", "touch (h)", "wait (h)", "%C&A", "people", "next", "rework_to",
    "rework_rate",
)  # fmt: skip
KNOWN_HEADERS = frozenset(c.header.casefold() for c in (*STAGE_COLUMNS, *HELPER_COLUMNS))

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def field_header(key: str) -> str:
    """The header of a data-box field's column; prefixed when it would clash with ours."""
    if key.casefold() in KNOWN_HEADERS or key.casefold().startswith(FIELD_PREFIX):
        return FIELD_PREFIX + key
    return key


def field_key(header: str) -> str:
    return header[len(FIELD_PREFIX) :] if header.casefold().startswith(FIELD_PREFIX) else header


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique worksheet name for a map (31 characters, no ``[]:*?/\\``)."""
    base = _BAD_SHEET_CHARS.sub("-", name).strip().strip("'") or "Map"
    base = base[:31].rstrip()
    title = base
    number = 2
    while title.casefold() in taken or title.casefold() in {s.casefold() for s in RESERVED_SHEETS}:
        suffix = f" ({number})"
        title = base[: 31 - len(suffix)].rstrip() + suffix
        number += 1
    taken.add(title.casefold())
    return title


def sheet_ref(title: str) -> str:
    """``'Sheet name'!`` for use in a formula."""
    return "'" + title.replace("'", "''") + "'!"
