"""The ``.vsm`` workspace file: schema, migrations, load and save (sqlite-utils, no Qt).

Only this package touches SQLite for the workspace. Other store modules (e.g. measurements)
open the file through :func:`database`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .autosave import clear_autosave, read_autosave, write_autosave
    from .connection import database
    from .errors import RecordsError, WorkspaceFileError
    from .migrations import MIGRATIONS, Migration
    from .origins import workspace_origin
    from .records import (
        RECORDS_VERSION,
        map_from_record,
        map_to_record,
        workspace_from_records,
        workspace_to_records,
    )
    from .schema import SCHEMA_VERSION
    from .workspace_file import last_saved_at, open_workspace, save_workspace

# The names below load their module on first use (PEP 562). Importing a light submodule such as
# store.cancel, store.records or store.event_tables runs this file first, and eager imports here
# would load sqlite-utils (and pandas, where installed) into the app's start-up path before the
# first paint, which needs none of it.
_HOME = {
    "clear_autosave": "autosave",
    "read_autosave": "autosave",
    "write_autosave": "autosave",
    "database": "connection",
    "RecordsError": "errors",
    "WorkspaceFileError": "errors",
    "MIGRATIONS": "migrations",
    "Migration": "migrations",
    "workspace_origin": "origins",
    "RECORDS_VERSION": "records",
    "map_from_record": "records",
    "map_to_record": "records",
    "workspace_from_records": "records",
    "workspace_to_records": "records",
    "SCHEMA_VERSION": "schema",
    "last_saved_at": "workspace_file",
    "open_workspace": "workspace_file",
    "save_workspace": "workspace_file",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "MIGRATIONS",
    "RECORDS_VERSION",
    "SCHEMA_VERSION",
    "Migration",
    "RecordsError",
    "WorkspaceFileError",
    "clear_autosave",
    "database",
    "last_saved_at",
    "map_from_record",
    "map_to_record",
    "open_workspace",
    "read_autosave",
    "save_workspace",
    "workspace_from_records",
    "workspace_origin",
    "workspace_to_records",
    "write_autosave",
]
