"""Plain dataclasses of the workspace; no Qt, SQLite or Excel here."""

from .commands import (
    AddItemsCommand,
    AddMapCommand,
    Command,
    CommandStack,
    EditCommand,
    MacroCommand,
    MoveCommand,
    RemoveItemsCommand,
    RemoveMapCommand,
    ReplaceMapContentCommand,
    duplicate_map,
    with_attached_notes,
)
from .duration import ELAPSED, WORKING, Calendar, DurationError, format_duration, parse_duration
from .entities import Handoff, HandoffKind, MapRole, Note, NoteKind, Stage, ValueMap, new_id
from .workspace import Change, Workspace

__all__ = [
    "ELAPSED",
    "WORKING",
    "AddItemsCommand",
    "AddMapCommand",
    "Calendar",
    "Change",
    "Command",
    "CommandStack",
    "DurationError",
    "EditCommand",
    "Handoff",
    "HandoffKind",
    "MacroCommand",
    "MapRole",
    "MoveCommand",
    "Note",
    "NoteKind",
    "RemoveItemsCommand",
    "RemoveMapCommand",
    "ReplaceMapContentCommand",
    "Stage",
    "ValueMap",
    "Workspace",
    "duplicate_map",
    "format_duration",
    "new_id",
    "parse_duration",
    "with_attached_notes",
]
