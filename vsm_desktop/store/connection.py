"""Opening a workspace file safely: identify it, refuse what we cannot read, migrate the rest."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from .errors import WorkspaceFileError
from .schema import APPLICATION, SCHEMA_VERSION

__all__ = ["connect", "copy_database", "database", "fsync_path", "open_checked", "settle"]

PathLike = str | os.PathLike[str]


def connect(path: Path) -> sqlite_utils.Database:
    """A connection with full syncing, so a committed transaction survives a power cut."""
    conn = sqlite3.connect(str(path), timeout=10.0)
    try:
        conn.execute("PRAGMA synchronous=FULL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise WorkspaceFileError(
            f"{path} is not a VSM workspace: it is not an SQLite database ({exc})"
        ) from None
    return sqlite_utils.Database(conn)


def read_version(db: sqlite_utils.Database, path: Path) -> int:
    """The schema version of ``db``; refuses files that are not VSM workspaces."""
    try:
        tables = set(db.table_names())
    except sqlite3.DatabaseError as exc:
        raise WorkspaceFileError(
            f"{path} is not a VSM workspace: it is not an SQLite database ({exc})"
        ) from None
    if "meta" not in tables:
        raise WorkspaceFileError(
            f"{path} is an SQLite database but not a VSM workspace (it has no meta table)"
        )
    try:
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.DatabaseError as exc:
        raise WorkspaceFileError(f"{path}: cannot read its meta table ({exc})") from None
    if meta.get("application") != APPLICATION:
        raise WorkspaceFileError(
            f"{path} is an SQLite database but not a VSM workspace "
            f"(meta.application is {meta.get('application')!r}, not {APPLICATION!r})"
        )
    try:
        version = int(meta["schema_version"])
    except (KeyError, TypeError, ValueError):
        raise WorkspaceFileError(
            f"{path}: the workspace has no valid schema version "
            f"(meta.schema_version is {meta.get('schema_version')!r})"
        ) from None
    if version > SCHEMA_VERSION:
        raise WorkspaceFileError(
            f"{path} was made by a newer VSM Desktop (schema {version}, "
            f"this version reads up to {SCHEMA_VERSION})"
        )
    return version


@contextlib.contextmanager
def open_checked(path: PathLike) -> Iterator[sqlite_utils.Database]:
    """An open workspace of the current schema; older files are migrated first (with backup)."""
    from .migrations import migrate  # migrations build on this module

    file = Path(path)
    if not file.exists():
        raise WorkspaceFileError(f"{file}: no such workspace file")
    if not file.is_file():
        raise WorkspaceFileError(f"{file} is not a file")
    db = connect(file)
    try:
        version = read_version(db, file)
        if version < SCHEMA_VERSION:
            migrate(db, file, version)
        yield db
    finally:
        db.close()


@contextlib.contextmanager
def database(path: PathLike) -> Iterator[sqlite_utils.Database]:
    """The workspace at ``path`` as a sqlite-utils database, for other store modules.

    The file must already be a workspace (create one with ``save_workspace``); it is migrated to
    the current schema if older. Wrap writes in ``db.atomic()``; never write the map tables here.
    """
    with open_checked(path) as db:
        yield db


def fsync_path(path: Path) -> None:
    """Flush a file (or a directory entry, after a rename) to disk."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY
    try:
        fd = os.open(path, flags)
    except OSError:
        return  # some platforms cannot open directories; the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """Copy a live database page by page (sqlite3 backup API) into a new file at ``target``."""
    for leftover in (target, Path(f"{target}-journal")):
        leftover.unlink(missing_ok=True)
    dest = sqlite3.connect(str(target))
    try:
        source.backup(dest)
    finally:
        dest.close()
    fsync_path(target)


def settle(path: Path) -> None:
    """Roll back a hot journal left by a killed save before the file is replaced.

    SQLite does not check that a ``-journal`` belongs to the file next to it, so a stale one
    would be played back into the new file after ``os.replace``.
    """
    journal = Path(f"{path}-journal")
    if not journal.exists():
        return
    if path.exists():
        conn = sqlite3.connect(str(path), timeout=10.0)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError:
            pass  # not a database: nothing to roll back, the journal is removed below
        finally:
            conn.close()
    journal.unlink(missing_ok=True)
