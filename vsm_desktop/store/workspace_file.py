"""Load and save the maps of a workspace file.

The file also holds imported measurements that are not in memory, so a save never rewrites the
whole file: saving into the workspace it came from replaces the map rows in one SQLite
transaction (a killed process leaves the old or the new state, the rollback journal sees to
that). Saving anywhere else builds the new file beside the target (copying the source's
measurements with the backup API when there is a source) and moves it into place with
``os.replace``.
"""

from __future__ import annotations

import glob
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from vsm_desktop.model import Workspace

from .connection import PathLike, connect, copy_database, fsync_path, open_checked, settle
from .errors import RecordsError, WorkspaceFileError
from .origins import set_origin, workspace_origin
from .records import RECORDS_FORMAT, RECORDS_VERSION, workspace_from_records, workspace_to_records
from .schema import COLUMNS, MAP_TABLES, create_schema

__all__ = ["last_saved_at", "open_workspace", "read_records", "save_workspace"]

Record = dict[str, Any]
_JSON_COLUMNS = {"stages": ("fields", "sources", "hooks")}


# -- reading ----------------------------------------------------------------------------------
def _rows(db: sqlite_utils.Database, table: str) -> Iterator[Record]:
    order = "position" if table == "maps" else "map_id, position"
    cursor = db.conn.execute(f"SELECT * FROM [{table}] ORDER BY {order}")
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))


def _decode(row: Record, table: str, column: str, path: Path) -> Any:
    text = row[column]
    if not text or text == "{}":
        return {}
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise WorkspaceFileError(
            f"{path}: {table} row {row['id']!r} has invalid JSON in column {column!r} ({exc})"
        ) from None


def read_records(db: sqlite_utils.Database, path: Path) -> Record:
    """The map tables of an open, current-schema workspace as :mod:`.records` records."""
    maps: dict[str, Record] = {}
    for row in _rows(db, "maps"):
        map_id = row.pop("id")
        row.pop("position")
        maps[map_id] = {
            "id": map_id,
            "name": row["name"],
            "role": row["role"],
            "target_of": row["target_of"],
            "calendar": {
                "hours_per_day": row["hours_per_day"],
                "days_per_week": row["days_per_week"],
            },
            "demand_per_day": row["demand_per_day"],
            "display_unit": row["display_unit"],
            "supplier": row["supplier"],
            "customer": row["customer"],
            "show_swimlanes": bool(row["show_swimlanes"]),
            "stages": [],
            "handoffs": [],
            "notes": [],
        }
    for table in ("stages", "handoffs", "notes"):
        for row in _rows(db, table):
            map_id = row.pop("map_id")
            row.pop("position")
            for column in _JSON_COLUMNS.get(table, ()):
                row[column] = _decode(row, table, column, path)
            if table == "handoffs":
                row["rework"] = bool(row["rework"])
            try:
                maps[map_id][table].append(row)
            except KeyError:
                raise WorkspaceFileError(
                    f"{path}: {table} row {row['id']!r} belongs to a missing map {map_id!r}"
                ) from None
    settings = dict(db.conn.execute("SELECT key, value FROM settings ORDER BY rowid").fetchall())
    return {
        "format": RECORDS_FORMAT,
        "version": RECORDS_VERSION,
        "maps": list(maps.values()),
        "settings": settings,
    }


def open_workspace(path: PathLike) -> Workspace:
    """Read every map and the settings of the workspace at ``path``.

    Older files are backed up to ``<file>.bak-v<old>`` and migrated first. Raises
    :class:`WorkspaceFileError` for a missing file, a file that is not a VSM workspace, a file
    from a newer VSM Desktop, or damaged content.
    """
    file = Path(path)
    try:
        with open_checked(file) as db:
            records = read_records(db, file)
    except sqlite3.DatabaseError as exc:
        raise WorkspaceFileError(f"{file}: cannot read the workspace ({exc})") from None
    try:
        ws = workspace_from_records(records)
    except RecordsError as exc:
        raise WorkspaceFileError(f"{file}: {exc}") from None
    set_origin(ws, file)
    return ws


def last_saved_at(path: PathLike) -> datetime | None:
    """When the workspace at ``path`` was last saved (UTC), or ``None`` if never."""
    with open_checked(path) as db:
        row = db.conn.execute("SELECT value FROM meta WHERE key = 'saved_at'").fetchone()
    return datetime.fromisoformat(row[0]) if row else None


# -- writing ----------------------------------------------------------------------------------
def _table_rows(records: Record) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {name: [] for name in COLUMNS}
    out["settings"] = list(records["settings"].items())
    for m_pos, m in enumerate(records["maps"]):
        calendar = m["calendar"]
        out["maps"].append(
            (
                m["id"],
                m_pos,
                m["name"],
                m["role"],
                m["target_of"],
                calendar["hours_per_day"],
                calendar["days_per_week"],
                m["demand_per_day"],
                m["display_unit"],
                m["supplier"],
                m["customer"],
                int(m["show_swimlanes"]),
            )
        )
        map_id = m["id"]
        for pos, s in enumerate(m["stages"]):
            out["stages"].append(
                (
                    map_id,
                    s["id"],
                    pos,
                    s["name"],
                    s["team"],
                    s["touch_s"],
                    s["wait_s"],
                    s["pca"],
                    s["people"],
                    json.dumps(s["fields"]),
                    s["notes"],
                    s["x"],
                    s["y"],
                    json.dumps(s["sources"]),
                    s["link"],
                    json.dumps(s["hooks"]),
                )
            )
        for pos, h in enumerate(m["handoffs"]):
            out["handoffs"].append(
                (
                    map_id,
                    h["id"],
                    pos,
                    h["source"],
                    h["target"],
                    h["kind"],
                    h["label"],
                    int(h["rework"]),
                    h["rework_rate"],
                )
            )
        for pos, n in enumerate(m["notes"]):
            out["notes"].append(
                (map_id, n["id"], pos, n["text"], n["kind"], n["x"], n["y"], n["stage"])
            )
    return out


def _insert(db: sqlite_utils.Database, table: str, rows: Iterable[tuple[Any, ...]]) -> None:
    columns = COLUMNS[table]
    sql = (
        f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
        f"VALUES ({', '.join('?' * len(columns))})"
    )
    db.conn.executemany(sql, rows)


def _write_maps(db: sqlite_utils.Database, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    """Replace maps, settings and the autosave with ``rows``; call inside a transaction.

    The rows are built before the transaction starts, so the file stays locked only as long as
    SQLite itself needs.
    """
    for table in (*MAP_TABLES, "settings", "autosave"):
        db.conn.execute(f"DELETE FROM [{table}]")
    for table in reversed(MAP_TABLES):
        _insert(db, table, rows[table])
    db.conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?)", rows["settings"])
    db.conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('saved_at', ?)",
        (datetime.now(UTC).isoformat(),),
    )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _save_in_place(rows: dict[str, list[tuple[Any, ...]]], path: Path) -> None:
    with open_checked(path) as db, db.atomic():
        _write_maps(db, rows)


def _remove_stale_temporaries(path: Path) -> None:
    """Delete ``<file>.tmp-<pid>`` files left by saves whose process died."""
    for stale in path.parent.glob(f"{glob.escape(path.name)}.tmp-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            stale.unlink(missing_ok=True)
        except OSError:
            pass  # alive under another user, or no way to tell: leave it


def _save_replacing(
    rows: dict[str, list[tuple[Any, ...]]], path: Path, source: Path | None
) -> None:
    _remove_stale_temporaries(path)
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    try:
        if source is not None:
            with open_checked(source) as src:
                copy_database(src.conn, tmp)
        else:
            for leftover in (tmp, Path(f"{tmp}-journal")):
                leftover.unlink(missing_ok=True)
        db = connect(tmp)
        try:
            with db.atomic():
                if source is None:
                    create_schema(db)
                _write_maps(db, rows)
        finally:
            db.close()
        fsync_path(tmp)
        settle(path)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_path(path.parent)


def save_workspace(ws: Workspace, path: PathLike, *, source: PathLike | None = None) -> None:
    """Save the maps and settings of ``ws`` to ``path``, atomically.

    ``source`` is the file whose measurements the saved file should hold; by default the file
    ``ws`` was opened from, last saved to or recovered from (see :func:`workspace_origin`).
    Saving into that file replaces its map rows in one transaction and keeps its measurements.
    Saving elsewhere (Save As) copies the source into a new file that replaces ``path`` in one
    rename. A workspace with no source (never saved) becomes a new file that replaces ``path``
    wholesale. Either way the autosave snapshot is cleared.
    """
    file = Path(path)
    rows = _table_rows(workspace_to_records(ws))
    origin = Path(source) if source is not None else workspace_origin(ws)
    if origin is not None and not origin.exists():
        origin = None  # the file is gone, and its measurements with it: start afresh
    try:
        if origin is None:
            _save_replacing(rows, file, None)
        elif _same_file(origin, file):
            _save_in_place(rows, file)
        else:
            _save_replacing(rows, file, origin)
    except sqlite3.Error as exc:
        raise WorkspaceFileError(f"{file}: cannot save the workspace ({exc})") from exc
    except OSError as exc:
        raise WorkspaceFileError(f"{file}: cannot save the workspace ({exc})") from exc
    set_origin(ws, file)
