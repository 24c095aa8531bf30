"""Outcome tables from CSV or XLSX: incidents, deploys and feature bets.

- incidents: ``opened`` (required), ``resolved`` (blank while open), ``severity``, ``ident``
- deploys: ``at`` (required), ``failed`` (yes/no, required)
- features: ``ident`` (required), ``shipped`` (blank if not shipped), ``paid_off``
  (yes/no; blank while not known)
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..columns import parse_mapping_text, resolve_mapping
from ..events import DeployTable, FeatureTable, IncidentTable
from ..problems import CancelFlag, ImportFileError, Progress, RowProblem, check_cancel
from ..timestamps import DateOrder, ParsedTimes, parse_timestamps
from . import ParseResult, detect_format
from .builder import TimeOptions
from .eventlog import read_options
from .tabular import open_tabular

__all__ = ["OUTCOME_KINDS", "OUTCOME_ROLES", "parse_yes_no", "read_outcomes"]

OUTCOME_KINDS = ("incidents", "deploys", "features")

#: kind -> (roles, required roles); the GUI's column dialog offers the same.
OUTCOME_ROLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # kind: (roles, required roles)
    "incidents": (("ident", "opened", "resolved", "severity"), ("opened",)),
    "deploys": (("at", "failed"), ("at", "failed")),
    "features": (("ident", "shipped", "paid_off"), ("ident",)),
}
_YES = {"yes", "y", "true", "t", "1", "x", "ja", "oui", "si", "sí"}
_NO = {"no", "n", "false", "f", "0", "nein", "non"}
#: Words that answer the question of one column only ("success" is no for failed, yes for
#: paid off).
_ROLE_WORDS: dict[str, tuple[set[str], set[str]]] = {
    "failed": (
        {"failed", "fail", "failure", "rollback", "rolled back", "incident"},
        {"ok", "passed", "pass", "succeeded", "success", "successful", "-"},
    ),
    "paid_off": ({"paid off", "hit", "success", "won", "paid"}, {"miss", "missed", "lost", "-"}),
}


def parse_yes_no(value: Any, role: str = "") -> bool | None:
    """True/False from yes/no-like cells (and words of the column's own meaning, see
    ``_ROLE_WORDS``); None for blank; raises ValueError otherwise."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().casefold()
    if not text:
        return None
    yes, no = _ROLE_WORDS.get(role, (set(), set()))
    if text in _YES or text in yes:
        return True
    if text in _NO or text in no:
        return False
    raise ValueError(f"{value!r} is not yes or no")


def read_outcomes(
    path: str | os.PathLike[str],
    kind: str,
    format: str | None = None,
    *,
    sheet: str | None = None,
    columns: Mapping[str, str] | str | None = None,
    tz: str | None = None,
    date_order: DateOrder | None = None,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> ParseResult[Any]:
    """Read incidents, deploys or features; bad rows are listed, not raised."""
    if kind not in OUTCOME_KINDS:
        raise ImportFileError(f"unknown outcome kind {kind!r}; use one of {OUTCOME_KINDS}")
    file = Path(path)
    fmt = (format or detect_format(file)).lower()
    if fmt not in ("csv", "xlsx"):
        raise ImportFileError(f"{file}: {kind} are read from CSV or XLSX, not {fmt}")
    explicit = parse_mapping_text(columns) if isinstance(columns, str) else columns
    table = open_tabular(file, fmt, sheet, progress=progress, cancel=cancel)
    roles, required = OUTCOME_ROLES[kind]
    cols = resolve_mapping(
        table.headers, explicit, roles=roles, required=required, source=str(file)
    )
    times = TimeOptions(tz=tz, date_order=date_order)
    gathered: dict[str, list[Any]] = {role: [] for role in cols}
    rows: list[int] = []
    problems: list[RowProblem] = []
    for batch in table.batches:
        check_cancel(cancel)
        problems.extend(batch.problems)
        for role, k in cols.items():
            gathered[role].extend(batch.columns[k])
        rows.extend(batch.rows)
    check_cancel(cancel)
    n = len(rows)
    ok = np.ones(n, dtype=bool)

    def bad(k: int, role: str, reason: str) -> None:
        if ok[k]:
            problems.append(RowProblem(rows[k], reason, table.headers[cols[role]]))
            ok[k] = False

    def times_of(role: str, required_here: bool) -> np.ndarray:
        if role not in cols:
            return np.full(n, np.nan)
        parsed: ParsedTimes = parse_timestamps(gathered[role], tz=tz, date_order=date_order)
        for k, why in parsed.reasons.items():
            bad(k, role, why)
        if required_here:
            for k in np.flatnonzero(parsed.blank).tolist():
                bad(k, role, f"missing {role} time")
        return parsed.seconds

    def flags(role: str, required_here: bool) -> np.ndarray:
        out = np.full(n, np.nan)
        if role not in cols:
            return out
        for k, cell in enumerate(gathered[role]):
            try:
                value = parse_yes_no(cell, role)
            except ValueError as exc:
                bad(k, role, f"{exc} (write yes or no)")
                continue
            if value is None:
                if required_here:
                    bad(k, role, f"missing {role.replace('_', ' ')} (yes or no)")
            else:
                out[k] = float(value)
        return out

    def texts(role: str) -> list[Any]:
        if role not in cols:
            return [None] * n
        return [
            None if c is None or str(c).strip() == "" else str(c).strip() for c in gathered[role]
        ]

    result: Any
    if kind == "incidents":
        opened = times_of("opened", True)
        resolved = times_of("resolved", False)
        with np.errstate(invalid="ignore"):
            for k in np.flatnonzero(resolved < opened).tolist():
                bad(k, "resolved", "resolved before it was opened")
        ident = texts("ident")
        ident = [i if i is not None else f"row {rows[k]}" for k, i in enumerate(ident)]
        keep = np.flatnonzero(ok)
        result = IncidentTable.from_columns(
            _pick(ident, keep), opened[keep], resolved[keep], _pick(texts("severity"), keep)
        )
    elif kind == "deploys":
        at = times_of("at", True)
        failed = flags("failed", True)
        keep = np.flatnonzero(ok)
        result = DeployTable.from_columns(at[keep], failed[keep] == 1.0)
    else:
        ident = texts("ident")
        for k in range(n):
            if ident[k] is None:
                bad(k, "ident", "missing feature id")
        shipped = times_of("shipped", False)
        paid = flags("paid_off", False)
        keep = np.flatnonzero(ok)
        result = FeatureTable.from_columns(_pick(ident, keep), shipped[keep], paid[keep])
    problems.sort(key=lambda p: p.row)
    options = read_options(table, cols, times)
    return ParseResult(result, problems, fmt, str(file), options, [])


def _pick(values: Sequence[Any], keep: np.ndarray) -> list[Any]:
    return [values[k] for k in keep.tolist()]
