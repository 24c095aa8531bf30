"""What the import dialog shows and decides, without widgets (glue-viz style dialog state).

The dialog binds its combo boxes to :class:`ImportDialogState`; tests drive the state directly.
The state reads a preview of the file (:func:`vsm_desktop.measure.columns.preview`), offers the
guessed column per role, lets the user change any of them, checks that the required roles are
mapped and turns the choices into the keyword arguments of ``import_file``. It also holds the
two timestamp options of ``vsm import`` (``--tz``, ``--date-order``) and says how the dates of
the rows shown will be read with them (:meth:`ImportDialogState.date_hint`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from vsm_desktop.measure.columns import Preview
from vsm_desktop.measure.columns import preview as read_file_preview
from vsm_desktop.measure.importers import detect_format
from vsm_desktop.measure.problems import ImportFileError
from vsm_desktop.measure.slashed_dates import DateOrder

__all__ = [
    "DATE_ORDERS",
    "FORMATS",
    "KINDS",
    "ROLE_LABELS",
    "ImportDialogState",
    "ImportRequest",
]

#: Import kinds: event logs plus the three outcome tables.
KINDS: dict[str, str] = {
    "events": "Events (event log or status history)",
    "incidents": "Incidents (opened, resolved, severity)",
    "deploys": "Deploys (time, failed)",
    "features": "Feature bets (shipped, paid off)",
}
FORMATS: dict[str, str] = {
    "csv": "CSV",
    "xlsx": "Excel (XLSX)",
    "xes": "XES event log",
    "jira": "Jira status history (JSON or CSV)",
}
ROLE_LABELS: dict[str, str] = {
    "item": "Item (case / issue id)",
    "activity": "Activity or status",
    "timestamp": "Timestamp (one time per row)",
    "start": "Start",
    "end": "End",
    "resource": "Resource",
    "field": "Changed field",
    "from": "From status",
    "created": "Item created",
    "ident": "Id or name",
    "opened": "Opened",
    "resolved": "Resolved",
    "severity": "Severity",
    "at": "Deployed at",
    "failed": "Failed",
    "shipped": "Shipped",
    "paid_off": "Paid off",
}
#: The date-order choices, as the CLI's ``--date-order`` (None: from the data, else day first).
DATE_ORDERS: dict[DateOrder | None, str] = {
    None: "Automatic (from the data)",
    "dmy": "Day first (31/12/2026)",
    "mdy": "Month first (12/31/2026)",
}
#: Roles whose columns hold times (the date hint looks at these).
_TIME_ROLES = ("timestamp", "start", "end", "created", "opened", "resolved", "at", "shipped")
_EVENT_ROLES = ("item", "activity", "timestamp", "start", "end", "resource")
_JIRA_ROLES = (*_EVENT_ROLES, "field", "from", "created")
#: kind -> (roles shown, roles that must be mapped); mirrors the outcome importers.
_OUTCOME_ROLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "incidents": (("ident", "opened", "resolved", "severity"), ("opened",)),
    "deploys": (("at", "failed"), ("at", "failed")),
    "features": (("ident", "shipped", "paid_off"), ("ident",)),
}
#: Formats whose rows come out of the importer already shaped (no column choice).
_FIXED = ("xes", "json")

PreviewFn = Callable[..., Preview]


@dataclass(frozen=True)
class ImportRequest:
    """Everything the import job needs, as chosen in the dialog."""

    path: Path
    kind: str
    format: str
    sheet: str | None
    columns: dict[str, str]
    on_error: str
    draft_map: bool
    attach_map: bool
    #: Zone of times written without one (None: UTC), and the order of 03/04/2026-style
    #: dates (None: decided from the data) - ``--tz`` and ``--date-order`` of ``vsm import``.
    tz: str | None = None
    date_order: DateOrder | None = None

    def import_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of :func:`vsm_desktop.measure.importers.run.import_file`
        (without the workspace, file, map, progress and cancel)."""
        return {
            "kind": self.kind,
            "format": self.format,
            "sheet": self.sheet,
            "columns": self.columns or None,
            "tz": self.tz,
            "date_order": self.date_order,
        }


@dataclass
class ImportDialogState:
    """The choices of one import: file, kind, format, sheet, columns, bad rows, draft map."""

    path: Path
    kind: str = "events"
    format: str = ""
    sheet: str | None = None
    on_error: str = "abort"
    draft_map: bool = False
    attach_map: bool = True
    tz: str | None = None
    date_order: DateOrder | None = None
    #: Why the zone typed in cannot be used (None: it can).
    tz_error: str | None = None
    mapping: dict[str, str | None] = field(default_factory=dict)
    preview: Preview | None = None
    error: str | None = None
    preview_rows: int = 20
    read_preview: PreviewFn = read_file_preview

    def __post_init__(self) -> None:
        self.path = Path(self.path)
        if not self.format:
            try:
                self.format = detect_format(self.path)
            except ImportFileError:
                self.format = "csv"
        self.reload()
        if self.format == "csv" and self.preview is not None and self.kind == "events":
            from vsm_desktop.measure.importers.eventlog import is_changelog

            if is_changelog(self.headers):
                # A Jira changelog export (field, from, to): read it as a status history.
                self.format = "jira"
                self.reload()

    # -- what the dialog offers ----------------------------------------------------------------
    @property
    def fixed_columns(self) -> bool:
        """XES and Jira JSON rows are shaped by the importer: nothing to map."""
        return self.kind == "events" and (
            self.format in _FIXED or (self.format == "jira" and self._is_json)
        )

    @property
    def _is_json(self) -> bool:
        return self.path.suffix.lower() == ".json"

    @property
    def roles(self) -> tuple[str, ...]:
        if self.kind in _OUTCOME_ROLES:
            return _OUTCOME_ROLES[self.kind][0]
        return _JIRA_ROLES if self.format == "jira" and not self._is_json else _EVENT_ROLES

    @property
    def required(self) -> tuple[str, ...]:
        if self.kind in _OUTCOME_ROLES:
            return _OUTCOME_ROLES[self.kind][1]
        return ("item", "activity")

    @property
    def headers(self) -> list[str]:
        return list(self.preview.headers) if self.preview is not None else []

    @property
    def sheets(self) -> list[str]:
        return list(self.preview.sheets) if self.preview is not None else []

    @property
    def formats(self) -> list[str]:
        """Formats that fit the kind: outcomes come from tables only."""
        return ["csv", "xlsx"] if self.kind in _OUTCOME_ROLES else list(FORMATS)

    # -- changes -------------------------------------------------------------------------------
    def set_kind(self, kind: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown import kind {kind!r}; use one of {', '.join(KINDS)}")
        if kind == self.kind:
            return
        self.kind = kind
        if self.format not in self.formats:
            self.format = "xlsx" if self.path.suffix.lower() in (".xlsx", ".xlsm") else "csv"
        if kind != "events":
            self.draft_map = False
        self._guess()

    def set_format(self, fmt: str) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
        if fmt != self.format:
            self.format = fmt
            self.sheet = None
            self.reload()

    def set_sheet(self, sheet: str | None) -> None:
        if sheet != self.sheet:
            self.sheet = sheet
            self.reload()

    def set_column(self, role: str, column: str | None) -> None:
        """Map ``role`` to a header (``None``: not mapped)."""
        if role not in self.roles:
            raise ValueError(f"no role {role!r} in a {self.kind} import")
        if column is not None and column not in self.headers:
            raise ValueError(f"no column {column!r} in {self.path.name}")
        self.mapping[role] = column

    def set_tz(self, name: str | None) -> None:
        """The zone of times without one, as an IANA name; blank or UTC means UTC (the CLI's
        default). An unknown name is kept, with the reason, so the import cannot start."""
        from vsm_desktop.measure.timestamps import resolve_zone

        text = (name or "").strip()
        self.tz_error = None
        try:
            utc = not text or resolve_zone(text) is UTC
        except ImportFileError as exc:
            self.tz, self.tz_error = text, str(exc)
            return
        self.tz = None if utc else text

    def set_date_order(self, order: DateOrder | None) -> None:
        if order not in DATE_ORDERS:
            raise ValueError(f"unknown date order {order!r}; use dmy, mdy or None")
        self.date_order = order

    def reload(self) -> None:
        """Read the preview again (after a format or sheet change) and guess the columns."""
        try:
            fmt = "jira" if self.format == "jira" and self._is_json else self.format
            self.preview = self.read_preview(self.path, fmt, self.sheet, self.preview_rows)
            if self.preview.sheet is not None:
                self.sheet = self.preview.sheet
            self.error = None
        except (ImportFileError, OSError, ValueError) as exc:
            self.preview = None
            self.error = str(exc)
        self._guess()

    def _guess(self) -> None:
        from vsm_desktop.measure.columns import guess_mapping

        self.mapping = {}
        if self.preview is None:
            return
        if self.kind != "events":
            guessed = guess_mapping(self.headers, self.roles).columns
        else:
            guessed = dict(self.preview.guessed_mapping.columns)
            if "start" in guessed and "end" not in guessed:
                # A lone time column is the event's time: show it as such.
                guessed["timestamp"] = guessed.pop("start")
        self.mapping = {role: guessed.get(role) for role in self.roles}

    # -- checking and the result ---------------------------------------------------------------
    def problems(self) -> list[str]:
        """Why the import cannot start yet (empty: it can)."""
        if self.error is not None:
            return [self.error]
        if self.tz_error is not None:
            return [self.tz_error]
        if self.fixed_columns:
            return []
        out = [
            f"choose the column that holds the {ROLE_LABELS[r].split(' (')[0].lower()}"
            for r in self.required
            if not self.mapping.get(r)
        ]
        if self.kind == "events":
            has_ts, has_start = bool(self.mapping.get("timestamp")), bool(self.mapping.get("start"))
            if not has_ts and not has_start:
                out.append("choose a timestamp column, or a start column")
            if has_ts and has_start and self.mapping.get("end"):
                out.append("a timestamp column with both start and end: leave one of them out")
            if self.mapping.get("end") and not has_start and not has_ts:
                out.append("an end column needs a start column")
        used = [c for c in self.mapping.values() if c]
        twice = sorted({c for c in used if used.count(c) > 1})
        if twice:
            out.append(f"column {', '.join(repr(c) for c in twice)} is chosen for two roles")
        return out

    @property
    def can_import(self) -> bool:
        return not self.problems()

    def columns(self) -> dict[str, str]:
        """The explicit mapping for the importer: every mapped role."""
        if self.fixed_columns:
            return {}
        return {role: col for role, col in self.mapping.items() if col}

    def request(self) -> ImportRequest:
        problems = self.problems()
        if problems:
            raise ValueError(f"{self.path.name}: " + "; ".join(problems))
        return ImportRequest(
            path=self.path,
            kind=self.kind,
            format="jira" if self.format == "jira" else self.format,
            sheet=self.sheet if self.preview is not None and self.preview.sheets else None,
            columns=self.columns(),
            on_error=self.on_error,
            draft_map=self.draft_map and self.kind == "events",
            attach_map=self.attach_map and self.kind == "events",
            tz=self.tz,
            date_order=self.date_order,
        )

    # -- how the dates read --------------------------------------------------------------------
    @property
    def date_order_applies(self) -> bool:
        """XES and Jira JSON times are ISO 8601: no day/month question there."""
        return not self.fixed_columns

    def _date_cells(self) -> list[tuple[int, str]]:
        """(row number, text) of the time cells in the rows shown; rows are numbered as the
        preview numbers them (the header is row 1)."""
        if self.preview is None:
            return []
        where = [self.headers.index(c) for r in _TIME_ROLES if (c := self.mapping.get(r))]
        return [
            (k + 2, row[i].strip())
            for k, row in enumerate(self.preview.rows)
            for i in where
            if i < len(row) and isinstance(row[i], str)
        ]

    def date_hint(self) -> str:
        """How the 03/04/2026-style dates of the rows shown will be read, and why."""
        from vsm_desktop.measure.slashed_dates import order_evidence

        if not self.date_order_applies:
            return "XES and Jira JSON times are ISO 8601: the date order does not apply."
        cells = self._date_cells()
        seen = order_evidence([text for _, text in cells])
        if not seen.dates:
            return "No dates like 03/04/2026 in the time columns of the rows shown."
        order, from_data = seen.order(self.date_order)
        name = "day first" if order == "dmy" else "month first"
        parts: list[str] = []
        if self.date_order is None:
            if seen.day_first and seen.month_first:
                parts.append(
                    f"The rows shown have dates in both orders: read {name}, as most are; "
                    "the others will be bad rows."
                )
            elif from_data:
                row, text = cells[(seen.day_first or seen.month_first)[0]]
                parts.append(f"Read {name}: {text} (row {row}) can only be {name}.")
            else:
                parts.append(
                    "Read day first (the default): no date in the rows shown tells. "
                    "The whole file is checked when importing."
                )
        else:
            against = seen.month_first if order == "dmy" else seen.day_first
            if against:
                row, text = cells[against[0]]
                parts.append(f"{text} (row {row}) is no date {name}: it will be a bad row.")
        for k in (*seen.ambiguous, *seen.dates):
            row, text = cells[k]
            reading = _read_as(text, order)
            if reading is not None:
                parts.append(f"Row {row}: {text} → {reading}.")
                break
        return " ".join(parts)


_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _read_as(text: str, order: DateOrder) -> str | None:
    """The date as the importer reads it in ``order``, spelt out (month name, so the reading
    is plain whichever order the user is used to), or None when it is not a date that way."""
    from vsm_desktop.measure.timestamps import parse_timestamps

    seconds = float(parse_timestamps([text], date_order=order).seconds[0])
    if seconds != seconds:
        return None
    # Naive times are parsed as if UTC: this is the wall time written in the file.
    when = datetime.fromtimestamp(seconds, UTC)
    clock = f" {when:%H:%M}" if ":" in text or when.time() != time() else ""
    return f"{when.day} {_MONTH_NAMES[when.month - 1]} {when.year}{clock}"
