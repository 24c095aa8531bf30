"""Imported measurements in the workspace file: write one import, list, load and remove them.

Every write is one transaction: an import's provenance row in ``imports`` and all its rows go in
together or not at all (a cancel or an error rolls back). Loads read each table with one
``SELECT`` straight into numpy columns.

The provenance rows (list, get, remove) live in :mod:`.import_records`, re-exported here. The
tables are defined in :mod:`.schema`; the in-memory tables in :mod:`.event_tables`
(re-exported as :mod:`vsm_desktop.measure.events`).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain
from operator import itemgetter
from typing import Any, Generic, TypeVar

import numpy as np
import sqlite_utils

from .cancel import CancelFlag, Progress, check_cancel
from .connection import database
from .event_tables import (
    DeployTable,
    EventTable,
    FeatureTable,
    IncidentTable,
    encode_into,
    labels_of,
)
from .import_records import (
    ImportRecord,
    UnknownImportError,
    get_import,
    list_imports,
    remove_import,
)

__all__ = [
    "BATCH_ROWS",
    "ImportRecord",
    "UnknownImportError",
    "get_import",
    "import_deploys",
    "import_events",
    "import_features",
    "import_incidents",
    "list_imports",
    "load_deploys",
    "load_events",
    "load_features",
    "load_incidents",
    "remove_import",
]

PathLike = str | os.PathLike[str]
T = TypeVar("T", IncidentTable, DeployTable, FeatureTable)
#: Rows per ``executemany``: big enough that Python overhead per call vanishes, small enough
#: that cancel and progress respond within a fraction of a second.
BATCH_ROWS = 100_000
#: 64 MB page cache while writing: the (item, start) index of a big import is built in random
#: order and thrashes the default 2 MB cache.
_IMPORT_CACHE_KIB = 65_536
#: Rows per INSERT statement (see _insert_columns); 64 x 5 parameters stays far below
#: SQLite's limit of 32766 bound parameters.
_ROWS_PER_STATEMENT = 64
#: Up to this many distinct activities, a load decodes them in SQL (see load_events).
_MAX_CASE_LABELS = 500
#: Rows fetched at a time by load_events.
_LOAD_BATCH = 65_536


def _insert_columns(
    db: sqlite_utils.Database,
    sql: str,
    values: Sequence[Any],
    count: int,
    cancel: CancelFlag | None,
) -> Iterator[int]:
    """Insert column lists in batches; yields the rows done after each batch.

    Statements insert :data:`_ROWS_PER_STATEMENT` rows each (``VALUES (...), (...), ...``):
    the sqlite3 module's per-statement overhead, not SQLite, dominates one-row inserts, and
    this halves the time of a million-row import.
    """
    head, _, group = sql.partition(" VALUES ")
    width = len(values)
    many = f"{head} VALUES " + ", ".join([group] * _ROWS_PER_STATEMENT)
    step = _ROWS_PER_STATEMENT * width
    for lo in range(0, count, BATCH_ROWS):
        check_cancel(cancel)
        hi = min(lo + BATCH_ROWS, count)
        # NaN needs no conversion: SQLite stores a NaN bound as a double as NULL.
        cols = [v[lo:hi].tolist() if isinstance(v, np.ndarray) else v[lo:hi] for v in values]
        flat = list(chain.from_iterable(zip(*cols, strict=True)))
        del cols
        full = (hi - lo) // _ROWS_PER_STATEMENT * step
        db.conn.executemany(many, (flat[i : i + step] for i in range(0, full, step)))
        rest = flat[full:]
        db.conn.executemany(sql, (rest[i : i + width] for i in range(0, len(rest), width)))
        yield hi


# -- writing ----------------------------------------------------------------------------------
def _write(
    path: PathLike,
    *,
    kind: str,
    format: str,
    source: str,
    map_id: str | None,
    options: dict[str, Any] | None,
    skipped: int,
    table: str,
    columns: Sequence[str],
    values: Sequence[Any],
    count: int,
    progress: Progress | None,
    cancel: CancelFlag | None,
) -> int:
    """Insert the provenance row and then ``rows`` in batches, all in one transaction."""
    check_cancel(cancel)
    quoted = ", ".join(f'"{c}"' for c in ("import_id", *columns))
    marks = ", ".join("?" * len(columns))
    with database(path) as db:
        db.execute(f"PRAGMA cache_size=-{_IMPORT_CACHE_KIB}")
        with db.atomic():
            cursor = db.execute(
                'INSERT INTO imports (kind, format, source, created_at, "rows", skipped, map_id,'
                " options) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    kind,
                    format,
                    source,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    count,
                    skipped,
                    map_id,
                    json.dumps(options or {}, sort_keys=True),
                ],
            )
            import_id = cursor.lastrowid
            assert import_id is not None
            # The id is our own integer: a literal saves binding it a million times.
            sql = f'INSERT INTO "{table}" ({quoted}) VALUES ' + f"({int(import_id)}, {marks})"
            for done in _insert_columns(db, sql, values, count, cancel):
                if progress is not None:
                    progress(done / count if count else 1.0)
            check_cancel(cancel)
    if progress is not None:
        progress(1.0)
    return int(import_id)


def import_events(
    path: PathLike,
    table: EventTable,
    *,
    kind: str = "events",
    format: str,
    source: str,
    map_id: str | None = None,
    options: dict[str, Any] | None = None,
    skipped: int = 0,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> int:
    """Store ``table`` as a new import in the workspace at ``path``; return the import id.

    One transaction: on an error or when ``cancel`` is set (checked between batches, raising
    :class:`~vsm_desktop.measure.problems.ImportCancelled`) nothing is written.
    """
    table = _storage_order(table)
    columns: tuple[str, ...] = ("item", "activity", "start", "end")
    # Arrays, turned into Python values a batch at a time (a million floats as Python objects
    # take 32 MB per column).
    values: list[Any] = [table.items, table.activities, table.start, table.end]
    # Binding a parameter costs about as much as storing it: leave out all-NULL columns.
    if table.resource is not None and any(r is not None for r in table.resource):
        columns += ("resource",)
        values.append(table.resource)
    return _write(
        path,
        kind=kind,
        format=format,
        source=source,
        map_id=map_id,
        options=options,
        skipped=skipped,
        table="events",
        columns=columns,
        values=values,
        count=len(table),
        progress=progress,
        cancel=cancel,
    )


def _storage_order(table: EventTable) -> EventTable:
    """Rows sorted by item text, then start: the ``(item, start)`` index then grows in order
    (a third faster to write than random order) and a load finds each item's rows together."""
    if len(table) < 2:
        return table
    rank = np.empty(len(table.item_labels), dtype=np.int64)
    rank[np.argsort(table.item_labels.astype(str), kind="stable")] = np.arange(len(rank))
    order = np.lexsort((table.end, table.start, rank[table.item_codes]))
    return table.take(order)


# No slots: a slotted frozen dataclass cannot be constructed through _SideTable[...].
@dataclass(frozen=True)
class _SideTable(Generic[T]):
    """How a small table is written and read back; ``name`` is the SQL table and import kind."""

    name: str
    columns: tuple[str, ...]
    to_values: Callable[[T], list[list[Any]]]
    from_columns: Callable[..., T]


_INCIDENTS = _SideTable[IncidentTable](
    "incidents",
    ("ident", "opened", "resolved", "severity"),
    lambda t: [t.ident.tolist(), t.opened.tolist(), t.resolved.tolist(), t.severity.tolist()],
    IncidentTable.from_columns,
)
_DEPLOYS = _SideTable[DeployTable](
    "deploys",
    ("at", "failed"),
    lambda t: [t.at.tolist(), t.failed.astype(int).tolist()],
    lambda at, failed: DeployTable.from_columns(at, [bool(f) for f in failed]),
)
_FEATURES = _SideTable[FeatureTable](
    "features",
    ("ident", "shipped", "paid_off"),
    lambda t: [
        t.ident.tolist(),
        t.shipped.tolist(),
        [None if math.isnan(v) else int(v) for v in t.paid_off.tolist()],
    ],
    FeatureTable.from_columns,
)


def _import_side(
    side: _SideTable[T],
    path: PathLike,
    table: T,
    format: str,
    source: str,
    options: dict[str, Any] | None,
    skipped: int,
    progress: Progress | None,
    cancel: CancelFlag | None,
) -> int:
    return _write(
        path,
        kind=side.name,
        format=format,
        source=source,
        map_id=None,
        options=options,
        skipped=skipped,
        table=side.name,
        columns=side.columns,
        values=side.to_values(table),
        count=len(table),
        progress=progress,
        cancel=cancel,
    )


def import_incidents(
    path: PathLike,
    table: IncidentTable,
    *,
    format: str,
    source: str,
    options: dict[str, Any] | None = None,
    skipped: int = 0,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> int:
    return _import_side(_INCIDENTS, path, table, format, source, options, skipped, progress, cancel)


def import_deploys(
    path: PathLike,
    table: DeployTable,
    *,
    format: str,
    source: str,
    options: dict[str, Any] | None = None,
    skipped: int = 0,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> int:
    return _import_side(_DEPLOYS, path, table, format, source, options, skipped, progress, cancel)


def import_features(
    path: PathLike,
    table: FeatureTable,
    *,
    format: str,
    source: str,
    options: dict[str, Any] | None = None,
    skipped: int = 0,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
) -> int:
    return _import_side(_FEATURES, path, table, format, source, options, skipped, progress, cancel)


# -- loading ----------------------------------------------------------------------------------
def _where(import_ids: Sequence[int] | None) -> tuple[str, list[int]]:
    if import_ids is None:
        return "", []
    ids = [int(i) for i in import_ids]
    if not ids:
        return " WHERE 0", []
    return f" WHERE import_id IN ({', '.join('?' * len(ids))})", ids


def _select(
    db: sqlite_utils.Database, table: str, columns: Sequence[str], ids: Sequence[int] | None
) -> list[tuple[Any, ...]]:
    where, params = _where(ids)
    quoted = ", ".join(f'"{c}"' for c in columns)
    # rowid order is insertion order, so a loaded import keeps the row order of its file.
    sql = f'SELECT {quoted} FROM "{table}"{where} ORDER BY rowid'
    return db.execute(sql, params).fetchall()


def _columns(rows: list[tuple[Any, ...]], n: int) -> Iterator[tuple[Any, ...]]:
    if not rows:
        return iter([()] * n)
    return iter(zip(*rows, strict=True))


def load_events(path: PathLike, import_ids: Sequence[int] | None = None) -> EventTable:
    """The events of the given imports (all event imports when ``None``) as one table.

    Rows come in stored order: per import, grouped by item and by start within an item.
    """
    where, params = _where(import_ids)
    with database(path) as db:
        activities = [
            r[0] for r in db.execute(f"SELECT DISTINCT activity FROM events{where}", params)
        ]
        has_resource = (
            db.execute(
                f"SELECT 1 FROM events{where}{' AND' if where else ' WHERE'} resource IS NOT NULL"
                " LIMIT 1",
                params,
            ).fetchone()
            is not None
        )
        # Few distinct activities: let SQLite hand back small ints (cached by Python) instead
        # of a fresh string per row that would then have to be hashed again.
        coded = 0 < len(activities) <= _MAX_CASE_LABELS
        activity_sql = (
            "CASE activity " + " ".join(f"WHEN ? THEN {i}" for i in range(len(activities))) + " END"
            if coded
            else "activity"
        )
        resource_sql = ", resource" if has_resource else ""
        sql = (
            f'SELECT item, {activity_sql}, start, "end"{resource_sql} FROM events{where}'
            " ORDER BY rowid"
        )
        cursor = db.execute(sql, [*(activities if coded else []), *params])
        # Batches keep memory flat: a million fetched tuples alone would take ~250 MB.
        item_index: dict[object, int] = {}
        act_index: dict[object, int] = {}
        res_index: dict[object, int] = {}
        items: list[np.ndarray] = []
        acts: list[np.ndarray] = []
        starts: list[np.ndarray] = []
        ends: list[np.ndarray] = []
        res: list[np.ndarray] = []
        while rows := cursor.fetchmany(_LOAD_BATCH):
            n = len(rows)
            items.append(encode_into(_object_array(list(map(itemgetter(0), rows))), item_index))
            if coded:
                acts.append(np.fromiter(map(itemgetter(1), rows), dtype=np.int32, count=n))
            else:
                acts.append(encode_into(list(map(itemgetter(1), rows)), act_index))
            starts.append(np.fromiter(map(itemgetter(2), rows), dtype=np.float64, count=n))
            # NULL ends come back as None, which a float array turns into NaN.
            ends.append(np.array(list(map(itemgetter(3), rows)), dtype=np.float64))
            if has_resource:
                res.append(encode_into(list(map(itemgetter(4), rows)), res_index))
    if not items:
        return EventTable.empty()
    return EventTable(
        item_codes=np.concatenate(items),
        item_labels=labels_of(item_index),
        activity_codes=np.concatenate(acts),
        activity_labels=_object_array(activities) if coded else labels_of(act_index),
        start=np.concatenate(starts),
        end=np.concatenate(ends),
        resource=labels_of(res_index)[np.concatenate(res)] if has_resource else None,
    )


def _object_array(values: list[Any]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _load_side(side: _SideTable[T], path: PathLike, import_ids: Sequence[int] | None) -> T:
    with database(path) as db:
        rows = _select(db, side.name, side.columns, import_ids)
    return side.from_columns(*_columns(rows, len(side.columns)))


def load_incidents(path: PathLike, import_ids: Sequence[int] | None = None) -> IncidentTable:
    return _load_side(_INCIDENTS, path, import_ids)


def load_deploys(path: PathLike, import_ids: Sequence[int] | None = None) -> DeployTable:
    return _load_side(_DEPLOYS, path, import_ids)


def load_features(path: PathLike, import_ids: Sequence[int] | None = None) -> FeatureTable:
    return _load_side(_FEATURES, path, import_ids)
