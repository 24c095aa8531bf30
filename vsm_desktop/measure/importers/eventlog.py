"""Event logs and status histories from CSV or XLSX tables."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import islice
from pathlib import Path
from typing import Any

from ..columns import EVENT_ROLES, guess_mapping, resolve_mapping
from ..events import EventTable
from ..problems import CancelFlag, Progress, check_cancel
from . import ParseResult, tabular
from .builder import DateOrderChanged, EventBuilder, TimeOptions
from .tabular import TabularFile, open_tabular

__all__ = ["is_changelog", "read_table_events"]

_JIRA_ROLES = (*EVENT_ROLES, "field", "from", "created")


def is_changelog(headers: list[str]) -> bool:
    """A Jira-style changelog export: it has field, from and to columns."""
    found = guess_mapping(headers, ("item", "field", "from", "activity")).columns
    return "field" in found and "from" in found


def read_table_events(
    file: Path,
    fmt: str,
    *,
    sheet: str | None,
    explicit: Mapping[str, str] | None,
    times: TimeOptions,
    progress: Progress | None,
    cancel: CancelFlag | None,
    limit: int | None,
) -> ParseResult[EventTable]:
    """``fmt`` is csv, xlsx or jira (a status history in a CSV or XLSX file)."""
    kind = "xlsx" if fmt == "xlsx" or file.suffix.lower() in (".xlsx", ".xlsm") else "csv"
    try:
        return _read(file, fmt, kind, sheet, explicit, times, progress, cancel, limit)
    except DateOrderChanged as changed:
        # Early rows were read day-first for want of evidence and later ones proved it wrong:
        # read again, month-first throughout.
        times = TimeOptions(tz=times.tz, date_order=changed.order, numeric=times.numeric)
        result = _read(file, fmt, kind, sheet, explicit, times, progress, cancel, limit)
        result.notes.append(f"dates read as {changed.order} (values above 12 show the order)")
        return result


def _read(
    file: Path,
    fmt: str,
    kind: str,
    sheet: str | None,
    explicit: Mapping[str, str] | None,
    times: TimeOptions,
    progress: Progress | None,
    cancel: CancelFlag | None,
    limit: int | None,
) -> ParseResult[EventTable]:
    table = open_tabular(
        file,
        kind,
        sheet,
        batch_rows=min(limit, tabular.BATCH_ROWS) if limit else tabular.BATCH_ROWS,
        progress=progress,
        cancel=cancel,
    )
    if fmt == "jira" or is_changelog(table.headers):
        from .jira import read_status_table

        return read_status_table(table, explicit, times, limit=limit)
    columns = resolve_mapping(table.headers, explicit, source=str(file))
    builder = EventBuilder(table.headers, columns, times)
    for batch in _limited(table, limit):
        check_cancel(cancel)
        builder.problems.extend(batch.problems)
        builder.add(batch.columns, batch.rows)
        del batch  # free its cells before the next batch is read
    check_cancel(cancel)
    events, problems = builder.finish()
    return ParseResult(
        table=events,
        problems=problems,
        format=kind,
        source=str(file),
        options=read_options(table, columns, times),
        notes=builder.notes,
    )


def _limited(table: TabularFile, limit: int | None) -> Any:
    return islice(table.batches, 1) if limit else table.batches


def read_options(table: TabularFile, columns: dict[str, int], times: TimeOptions) -> dict[str, Any]:
    """How the file was read, kept with the import."""
    opts: dict[str, Any] = {
        "columns": {role: table.headers[k] for role, k in columns.items()},
    }
    if table.encoding:
        opts["encoding"] = table.encoding
    if table.delimiter:
        opts["delimiter"] = table.delimiter
    if table.sheet:
        opts["sheet"] = table.sheet
    if times.tz:
        opts["tz"] = times.tz
    if times.date_order:
        opts["date_order"] = times.date_order
    if times.numeric != "auto":
        opts["numeric"] = times.numeric
    return opts
