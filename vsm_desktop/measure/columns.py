"""Which column holds what: guessing from header names, explicit mappings, and the preview the
column-mapping dialog shows.

Roles of an event log: ``item`` (case / issue id), ``activity`` (event or status), ``start``,
``end`` and ``resource``. ``timestamp`` is accepted in explicit mappings: it is the event's one
time, so it becomes ``start``, or ``end`` when a ``start`` column is mapped too (the XES export
convention, where ``time:timestamp`` is the completion and ``start_timestamp`` the start).
Status histories (Jira) add ``field``, ``from`` and ``created``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import ImportFileError

__all__ = [
    "EVENT_ROLES",
    "ROLE_NAMES",
    "ColumnMapping",
    "Preview",
    "guess_mapping",
    "parse_mapping_text",
    "preview",
    "resolve_mapping",
]

EVENT_ROLES = ("item", "activity", "start", "end", "resource")
#: Every role a mapping may name, with the extras of status histories and outcomes.
ALL_ROLES = (
    *EVENT_ROLES,
    "timestamp",
    "field",
    "from",
    "created",
    "ident",
    "opened",
    "resolved",
    "severity",
    "at",
    "failed",
    "shipped",
    "paid_off",
)


def _norm(name: str) -> str:
    """Header names compared without case, spaces, ``_``, ``-`` or ``.``."""
    return re.sub(r"[\s_\-.]+", "", name.strip().casefold())


#: Recognised header names per role, best first (compared by :func:`_norm`).
ROLE_NAMES: dict[str, tuple[str, ...]] = {
    "item": (
        "case:concept:name", "case id", "caseid", "case", "issue key", "issue", "key",
        "item", "item id", "work item", "work item id", "ticket", "ticket id", "story",
        "id", "trace", "trace id",
    ),
    "activity": (
        "concept:name", "activity", "activity name", "status", "to", "to status", "event",
        "event name", "state", "step", "stage", "task", "action",
    ),
    "start": (
        "start_timestamp", "start timestamp", "start", "start time", "started", "started at",
        "begin", "from time", "time entered", "entered", "status entered", "date entered",
    ),
    "end": (
        "time:timestamp", "complete_timestamp", "complete", "completed", "complete time",
        "completed at", "end", "end time", "end timestamp", "ended", "finished", "finish",
        "time left", "exited",
    ),
    "timestamp": (
        "time:timestamp", "timestamp", "time", "date", "datetime", "date time", "event time",
        "changed", "change date", "created", "updated", "transition date", "when",
    ),
    "resource": (
        "org:resource", "resource", "assignee", "user", "author", "owner", "performer",
        "agent", "org:role",
    ),
    "field": ("field", "field name", "fieldname", "item field"),
    "from": ("from", "from status", "fromstring", "old value", "from value"),
    "created": ("created", "issue created", "created at", "creation date"),
    "ident": ("id", "key", "incident", "incident id", "feature", "feature id", "name", "title"),
    "opened": ("opened", "opened at", "created", "start", "reported", "detected"),
    "resolved": ("resolved", "resolved at", "closed", "end", "recovered", "fixed"),
    "severity": ("severity", "priority", "sev", "impact"),
    "at": ("at", "time", "timestamp", "deployed", "deployed at", "date", "deploy time"),
    "failed": ("failed", "failure", "change failed", "rollback", "result", "status"),
    "shipped": ("shipped", "shipped at", "released", "release date", "date"),
    "paid_off": ("paid off", "paid_off", "paidoff", "success", "hit", "outcome", "worked"),
}  # fmt: skip
_NORMED = {role: [_norm(n) for n in names] for role, names in ROLE_NAMES.items()}


@dataclass(frozen=True)
class ColumnMapping:
    """Header name per role (``None`` = not mapped)."""

    columns: dict[str, str] = field(default_factory=dict)

    def get(self, role: str) -> str | None:
        return self.columns.get(role)

    def __str__(self) -> str:
        return ",".join(f"{role}={col}" for role, col in self.columns.items())


def parse_mapping_text(text: str) -> dict[str, str]:
    """``item=Key,activity=Status,timestamp=Changed`` → ``{"item": "Key", ...}``."""
    out: dict[str, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        role, sep, column = part.partition("=")
        role = role.strip().lower().replace("-", "_")
        if not sep or not column.strip():
            raise ImportFileError(f"column mapping {part.strip()!r}: write it as ROLE=COLUMN")
        if role not in ALL_ROLES:
            raise ImportFileError(
                f"column mapping {part.strip()!r}: unknown role {role!r} "
                f"(roles: {', '.join(ALL_ROLES)})"
            )
        out[role] = column.strip()
    return out


def _pick(headers: Sequence[str], role: str, taken: set[int]) -> int | None:
    normed = [_norm(h) for h in headers]
    for wanted in _NORMED[role]:
        for k, h in enumerate(normed):
            if k not in taken and h == wanted:
                return k
    return None


def guess_mapping(headers: Sequence[str], roles: Iterable[str] = EVENT_ROLES) -> ColumnMapping:
    """Guess a column per role from header names. For event logs: ``start`` and ``end`` from
    start/complete-style names; a lone ``timestamp`` column becomes ``start`` (or ``end`` when a
    start column exists, as in XES exports)."""
    wanted = list(roles)
    taken: set[int] = set()
    found: dict[str, str] = {}
    for role in wanted:
        if role in ("start", "end"):
            continue
        k = _pick(headers, role, taken)
        if k is not None:
            taken.add(k)
            found[role] = headers[k]
    if "start" in wanted:
        k = _pick(headers, "start", taken)
        if k is not None:
            taken.add(k)
            found["start"] = headers[k]
        end_k = _pick(headers, "end", taken) if "end" in wanted else None
        if end_k is not None and "start" in found:
            taken.add(end_k)
            found["end"] = headers[end_k]
        ts = _pick(headers, "timestamp", taken)
        if "start" not in found:
            if ts is not None:
                taken.add(ts)
                found["start"] = headers[ts]
            elif end_k is not None:
                found["start"] = headers[end_k]  # one time column only: it is the event time
    ordered = {role: found[role] for role in (*wanted, "timestamp") if role in found}
    return ColumnMapping(ordered)


def resolve_mapping(
    headers: Sequence[str],
    explicit: Mapping[str, str] | None,
    *,
    roles: Iterable[str] = EVENT_ROLES,
    required: Iterable[str] = ("item", "activity", "start"),
    source: str = "",
) -> dict[str, int]:
    """Column index per role: the guess, overridden by ``explicit``. Unknown column names in
    ``explicit`` and required roles left unmapped are errors that list the headers."""
    wanted = list(roles)
    guessed = guess_mapping(headers, wanted).columns
    chosen: dict[str, str] = dict(guessed)
    if explicit:
        given = dict(explicit)
        if "timestamp" in given:
            ts = given.pop("timestamp")
            if "start" in given and "end" in wanted:
                given.setdefault("end", ts)
            else:
                given.setdefault("start", ts)
        if "start" in given or "end" in given:
            # An explicit time column replaces the guessed pair.
            chosen.pop("start", None)
            chosen.pop("end", None)
        chosen.update(given)
    chosen.pop("timestamp", None)
    prefix = f"{source}: " if source else ""
    listed = ", ".join(repr(h) for h in headers)
    lookup = {h: k for k, h in enumerate(headers)}
    folded = {h.casefold(): k for k, h in reversed(list(enumerate(headers)))}
    out: dict[str, int] = {}
    for role, col in chosen.items():
        if role not in wanted:
            continue
        k = lookup.get(col, folded.get(col.strip().casefold()))
        if k is None:
            raise ImportFileError(f"{prefix}no column named {col!r} for {role} (columns: {listed})")
        out[role] = k
    missing = [r for r in required if r not in out]
    if missing:
        raise ImportFileError(
            f"{prefix}cannot tell which column holds the {' and the '.join(missing)} "
            f"(columns: {listed}); name them, e.g. " + ",".join(f"{r}=COLUMN" for r in missing)
        )
    return out


@dataclass
class Preview:
    """The first rows of a file and what the importer would make of them."""

    headers: list[str]
    rows: list[list[Any]]
    guessed_mapping: ColumnMapping
    detected_encoding: str | None
    delimiter: str | None
    format: str = "csv"
    sheets: list[str] = field(default_factory=list)
    sheet: str | None = None


def preview(
    path: str | os.PathLike[str],
    format: str | None = None,
    sheet: str | None = None,
    rows: int = 20,
) -> Preview:
    """Headers, the first ``rows`` rows and the guessed mapping, for the column-mapping dialog.
    XES and Jira JSON files show the rows they flatten to."""
    from .importers import detect_format, read_events
    from .importers.tabular import open_tabular

    file = Path(path)
    fmt = format or detect_format(file)
    if fmt in ("xes", "json") or (fmt == "jira" and file.suffix.lower() == ".json"):
        parsed = read_events(file, format=fmt, limit=rows)
        headers = ["item", "activity", "start", "end", "resource"]
        records = [list(r) for r in parsed.table.to_records()[:rows]]
        return Preview(
            headers,
            records,
            ColumnMapping({r: r for r in EVENT_ROLES}),
            None,
            None,
            format=fmt,
        )
    table = open_tabular(file, "xlsx" if fmt == "xlsx" else "csv", sheet, batch_rows=rows)
    first = next(table.batches, None)
    shown: list[list[Any]] = []
    if first is not None and first.columns:
        shown = [list(r) for r in zip(*first.columns, strict=True)][:rows]
    roles: tuple[str, ...] = EVENT_ROLES
    if fmt == "jira":
        roles = (*EVENT_ROLES, "field", "from", "created")
    return Preview(
        headers=table.headers,
        rows=shown,
        guessed_mapping=guess_mapping(table.headers, roles),
        detected_encoding=table.encoding,
        delimiter=table.delimiter,
        format=fmt,
        sheets=table.sheets,
        sheet=table.sheet,
    )
