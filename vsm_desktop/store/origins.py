"""Which file each in-memory workspace came from, so a plain Save As keeps its measurements.

The map is weak: a workspace that is dropped takes its entry with it. A workspace gets an origin
when it is opened, saved, or recovered from an autosave; one built from records has none.
"""

from __future__ import annotations

import weakref
from pathlib import Path

from vsm_desktop.model import Workspace

__all__ = ["set_origin", "workspace_origin"]

_ORIGINS: weakref.WeakKeyDictionary[Workspace, Path] = weakref.WeakKeyDictionary()


def workspace_origin(ws: Workspace) -> Path | None:
    """The file ``ws`` was last opened from, saved to or recovered from; ``None`` if new."""
    return _ORIGINS.get(ws)


def set_origin(ws: Workspace, path: Path) -> None:
    _ORIGINS[ws] = path
