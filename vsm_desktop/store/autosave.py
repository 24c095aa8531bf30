"""Crash-recovery snapshots of the in-memory workspace, kept in the workspace file itself.

The snapshot is the whole workspace as JSON records in the ``autosave`` table, written in one
transaction that touches no map table; ``save_workspace`` clears it in its own transaction.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from vsm_desktop.model import Workspace

from .connection import PathLike, open_checked
from .errors import RecordsError, WorkspaceFileError
from .origins import set_origin
from .records import workspace_from_records, workspace_to_records
from .workspace_file import save_workspace

__all__ = ["clear_autosave", "read_autosave", "write_autosave"]


def write_autosave(path: PathLike, ws: Workspace) -> None:
    """Store a snapshot of ``ws`` in the workspace at ``path``.

    When no file is there yet (an untitled workspace), an empty workspace file is created first
    so the snapshot has somewhere to live.
    """
    file = Path(path)
    payload = json.dumps(workspace_to_records(ws))
    if not file.exists():
        save_workspace(Workspace(), file)
    with open_checked(file) as db, db.atomic():
        db.conn.execute("DELETE FROM autosave")
        db.conn.execute(
            "INSERT INTO autosave (id, saved_at, payload) VALUES (1, ?, ?)",
            (datetime.now(UTC).isoformat(), payload),
        )


def read_autosave(path: PathLike) -> tuple[Workspace, datetime] | None:
    """The snapshot in the workspace at ``path`` and when it was taken, or ``None``."""
    file = Path(path)
    if not file.exists():
        return None
    with open_checked(file) as db:
        row = db.conn.execute("SELECT saved_at, payload FROM autosave WHERE id = 1").fetchone()
    if row is None:
        return None
    try:
        ws = workspace_from_records(json.loads(row[1]))
        saved_at = datetime.fromisoformat(row[0])
    except (json.JSONDecodeError, RecordsError, ValueError) as exc:
        raise WorkspaceFileError(f"{file}: the autosave snapshot cannot be read ({exc})") from None
    # the recovered work belongs to this file: saving it must keep the file's measurements
    set_origin(ws, file)
    return ws, saved_at


def clear_autosave(path: PathLike) -> None:
    """Drop the snapshot (after the user declined to recover it); a missing file is fine."""
    file = Path(path)
    if not file.exists():
        return
    with open_checked(file) as db, db.atomic():
        db.conn.execute("DELETE FROM autosave")
