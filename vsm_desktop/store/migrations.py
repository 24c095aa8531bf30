"""Ordered schema migrations (after napari's ``settings/_migrations.py``).

Each :class:`Migration` lifts a file one schema version. Before any runs, the file is copied to
``<file>.bak-v<old>``; then all needed migrations and the new version number are written in one
transaction, so a failure or a kill leaves the old file as it was.

Schema 0 is the pre-release layout: ``meta``, ``maps``, ``stages`` (without the ``sources`` and
``hooks`` columns), ``handoffs``, ``notes`` and ``settings``; no ``autosave`` and no measurement
tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from .connection import copy_database
from .errors import WorkspaceFileError
from .schema import (
    SCHEMA_VERSION,
    create_measurement_tables,
    write_meta,
)

__all__ = ["MIGRATIONS", "Migration", "backup_path", "migrate"]


@dataclass(frozen=True, slots=True)
class Migration:
    from_version: int
    to_version: int
    run: Callable[[sqlite_utils.Database], None]
    summary: str


def _v0_to_v1(db: sqlite_utils.Database) -> None:
    stages = db.table("stages")
    for column in ("sources", "hooks"):
        stages.add_column(column, str)
    db.execute("UPDATE stages SET sources = '{}', hooks = '{}'")
    db.table("autosave").create({"id": int, "saved_at": str, "payload": str}, pk="id")
    create_measurement_tables(db)


#: Every migration, oldest first; each ``to_version`` is the next one's ``from_version``.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(0, 1, _v0_to_v1, "stage sources and hooks; autosave and measurement tables"),
)


def backup_path(path: Path, version: int) -> Path:
    return path.with_name(f"{path.name}.bak-v{version}")


def _chain(version: int, path: Path) -> list[Migration]:
    chain: list[Migration] = []
    for migration in MIGRATIONS:
        if migration.from_version == version:
            chain.append(migration)
            version = migration.to_version
    if version != SCHEMA_VERSION:
        raise WorkspaceFileError(f"{path}: no migration from schema {version} to {SCHEMA_VERSION}")
    return chain


def migrate(db: sqlite_utils.Database, path: Path, version: int) -> Path:
    """Back ``path`` up, then lift it from ``version`` to the current schema in one transaction.

    Returns the backup's path.
    """
    chain = _chain(version, path)
    backup = backup_path(path, version)
    copy_database(db.conn, backup)
    try:
        with db.atomic():
            for migration in chain:
                migration.run(db)
            write_meta(db, SCHEMA_VERSION)
    except Exception as exc:
        raise WorkspaceFileError(
            f"{path}: upgrading from schema {version} failed ({exc}); the file is unchanged "
            f"and a copy is at {backup}"
        ) from exc
    return backup
