"""Importers: files in, tables plus row problems out. They never write anything; storing is
:func:`vsm_desktop.measure.importers.run.import_file` (or the store functions directly).

No Qt here: the GUI runs these in a worker thread and passes ``progress`` and ``cancel``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from ..events import EventTable
from ..problems import CancelFlag, ImportFileError, Progress, RowProblem
from ..timestamps import DateOrder, NumericKind

__all__ = [
    "EVENT_FORMATS",
    "ParseResult",
    "detect_format",
    "read_events",
]

T = TypeVar("T")

#: Formats an event import accepts; ``jira`` is a status history (CSV, XLSX or search JSON).
EVENT_FORMATS = ("csv", "xlsx", "xes", "jira")

_BY_SUFFIX = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xes": "xes",
    ".xml": "xes",
    ".json": "jira",
}


@dataclass
class ParseResult(Generic[T]):
    """A parsed file: the good rows, every bad row, and how the file was read."""

    table: T
    problems: list[RowProblem]
    format: str
    source: str
    #: How the file was read (encoding, delimiter, sheet, columns, zone, ...), stored with
    #: the import as its provenance.
    options: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def bad_rows(self) -> int:
        """Distinct rows with at least one problem (what skipping leaves out)."""
        return len({p.row for p in self.problems if p.row})


def detect_format(path: str | os.PathLike[str]) -> str:
    """The format from the file name: .csv/.txt/.tsv, .xlsx/.xlsm, .xes/.xml, .json (Jira)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".gz" and Path(path).stem.lower().endswith(".xes"):
        return "xes"
    try:
        return _BY_SUFFIX[suffix]
    except KeyError:
        raise ImportFileError(
            f"{path}: cannot tell the format from the name; give one of {', '.join(EVENT_FORMATS)}"
        ) from None


def read_events(
    path: str | os.PathLike[str],
    format: str | None = None,
    *,
    sheet: str | None = None,
    columns: Mapping[str, str] | str | None = None,
    tz: str | None = None,
    date_order: DateOrder | None = None,
    numeric: NumericKind = "auto",
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
    limit: int | None = None,
) -> ParseResult[EventTable]:
    """Read an event log or a status history into an :class:`EventTable`.

    ``format`` defaults to the one the file name says. ``columns`` overrides the guessed
    column mapping (``{"item": "Key", ...}`` or ``"item=Key,activity=Status"``). Rows with
    problems are left out of the table and listed in ``problems``; whole-file problems (empty,
    binary, wrong sheet, unknown column) raise :class:`ImportFileError`; a set ``cancel``
    raises :class:`ImportCancelled`. ``limit`` stops after that many rows (previews).
    """
    from ..columns import parse_mapping_text

    file = Path(path)
    fmt = (format or detect_format(file)).lower()
    if fmt not in (*EVENT_FORMATS, "json"):
        raise ImportFileError(f"{file}: unknown format {fmt!r}; use one of {EVENT_FORMATS}")
    explicit = parse_mapping_text(columns) if isinstance(columns, str) else columns
    from .builder import TimeOptions

    times = TimeOptions(tz=tz, date_order=date_order, numeric=numeric)
    if fmt == "xes":
        from .xes import read_xes

        return read_xes(file, times=times, progress=progress, cancel=cancel, limit=limit)
    if fmt == "json" or (fmt == "jira" and file.suffix.lower() == ".json"):
        from .jira import read_jira_json

        return read_jira_json(file, times=times, progress=progress, cancel=cancel, limit=limit)
    from .eventlog import read_table_events

    return read_table_events(
        file,
        fmt,
        sheet=sheet,
        explicit=explicit,
        times=times,
        progress=progress,
        cancel=cancel,
        limit=limit,
    )
