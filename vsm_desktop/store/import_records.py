"""The provenance rows of imported measurements (table ``imports``): list, get and remove.

The rows themselves are written and loaded by :mod:`.measurements`, which re-exports these.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from typing import Any

from .connection import database

__all__ = ["ImportRecord", "UnknownImportError", "get_import", "list_imports", "remove_import"]

PathLike = str | os.PathLike[str]


class UnknownImportError(KeyError):
    """No import with that id in the workspace."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown import"


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """The provenance of one import, as listed by :func:`list_imports`."""

    id: int
    kind: str  # "events", "incidents", "deploys" or "features"
    format: str  # "csv", "xlsx", "xes", "jira"
    source: str  # the file imported (as given)
    created_at: str  # ISO 8601 UTC
    rows: int  # rows stored
    skipped: int  # bad rows left out
    map_id: str | None
    options: dict[str, Any]


def _record(row: sqlite3.Row | tuple[Any, ...]) -> ImportRecord:
    ident, kind, fmt, source, created, nrows, skipped, map_id, options = row
    try:
        opts = json.loads(options) if options else {}
    except ValueError:
        opts = {"raw": options}
    return ImportRecord(
        id=int(ident),
        kind=kind or "",
        format=fmt or "",
        source=source or "",
        created_at=created or "",
        rows=int(nrows or 0),
        skipped=int(skipped or 0),
        map_id=map_id,
        options=opts if isinstance(opts, dict) else {"value": opts},
    )


_IMPORT_COLUMNS = 'id, kind, format, source, created_at, "rows", skipped, map_id, options'


def list_imports(path: PathLike, kind: str | None = None) -> list[ImportRecord]:
    """The imports in the workspace, oldest first (only those of ``kind`` when given)."""
    with database(path) as db:
        if kind is None:
            cur = db.execute(f"SELECT {_IMPORT_COLUMNS} FROM imports ORDER BY id")
        else:
            cur = db.execute(
                f"SELECT {_IMPORT_COLUMNS} FROM imports WHERE kind = ? ORDER BY id", [kind]
            )
        return [_record(r) for r in cur.fetchall()]


def get_import(path: PathLike, import_id: int) -> ImportRecord:
    with database(path) as db:
        row = db.execute(f"SELECT {_IMPORT_COLUMNS} FROM imports WHERE id = ?", [import_id])
        found = row.fetchone()
    if found is None:
        raise UnknownImportError(f"{path}: no import with id {import_id}")
    return _record(found)


def remove_import(path: PathLike, import_id: int) -> ImportRecord:
    """Remove an import and exactly its rows (one transaction); return what was removed."""
    with database(path) as db, db.atomic():
        found = db.execute(
            f"SELECT {_IMPORT_COLUMNS} FROM imports WHERE id = ?", [import_id]
        ).fetchone()
        if found is None:
            raise UnknownImportError(f"{path}: no import with id {import_id}")
        for table in ("events", "incidents", "deploys", "features"):
            db.execute(f'DELETE FROM "{table}" WHERE import_id = ?', [import_id])
        db.execute("DELETE FROM imports WHERE id = ?", [import_id])
    return _record(found)
