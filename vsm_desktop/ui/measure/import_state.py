"""What the import dialog shows and decides, without widgets (glue-viz style dialog state).

The dialog binds its combo boxes to :class:`ImportDialogState`; tests drive the state directly.
The state reads a preview of the file (:func:`vsm_desktop.measure.columns.preview`), offers the
guessed column per role, lets the user change any of them, checks that the required roles are
mapped and turns the choices into the keyword arguments of ``import_file``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vsm_desktop.measure.columns import Preview
from vsm_desktop.measure.columns import preview as read_file_preview
from vsm_desktop.measure.importers import detect_format
from vsm_desktop.measure.problems import ImportFileError

__all__ = [
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

    def import_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of :func:`vsm_desktop.measure.importers.run.import_file`
        (without the workspace, file, map, progress and cancel)."""
        return {
            "kind": self.kind,
            "format": self.format,
            "sheet": self.sheet,
            "columns": self.columns or None,
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
        )
