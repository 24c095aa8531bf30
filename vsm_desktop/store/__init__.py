"""The ``.vsm`` workspace file: schema, migrations, load and save (sqlite-utils, no Qt).

Only this package touches SQLite for the workspace. Other store modules (e.g. measurements)
open the file through :func:`database`.
"""

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
from .timing import time_store
from .workspace_file import last_saved_at, open_workspace, save_workspace

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
    "time_store",
    "workspace_from_records",
    "workspace_origin",
    "workspace_to_records",
    "write_autosave",
]
