"""Autosave of the in-memory workspace and recovery after a crash.

Every ``interval_s`` seconds a modified document is snapshotted into its own file's autosave
table (``store.write_autosave``); a workspace that was never saved goes into a recovery file in
the application data folder. Saving clears the snapshot (the store does that), so a snapshot
found on open is work the user never saved.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal

if TYPE_CHECKING:
    from vsm_desktop.model import Workspace
    from vsm_desktop.ui.document import Document

RECOVERY_NAME = "untitled-recovery.vsm"


def default_recovery_dir() -> Path:
    """``<AppDataLocation>/recovery`` (e.g. ``~/.local/share/VSM Desktop/VSM Desktop/recovery``)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".vsm-desktop") / "recovery"


@dataclass(frozen=True, slots=True)
class Recovery:
    """An autosave snapshot that is newer than the file's last save."""

    workspace: Workspace
    saved_at: datetime
    #: The workspace file it belongs to; ``None`` for a never-saved workspace.
    path: Path | None

    def describe_time(self) -> str:
        local = self.saved_at.astimezone()
        return local.strftime("%Y-%m-%d %H:%M:%S")


class Autosaver(QObject):
    """Snapshots the current document on a timer while it has unsaved changes."""

    saved = Signal(object)  # Path written
    failed = Signal(str)  # reason, for the status bar

    def __init__(
        self,
        document: Callable[[], Document | None],
        interval_s: int = 60,
        recovery_dir: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._document = document
        self.recovery_dir = recovery_dir or default_recovery_dir()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.autosave_now)
        self.set_interval(interval_s)

    @property
    def recovery_path(self) -> Path:
        return self.recovery_dir / RECOVERY_NAME

    def set_interval(self, seconds: int) -> None:
        """0 switches autosave off."""
        self.timer.stop()
        if seconds > 0:
            self.timer.start(int(seconds * 1000))

    def interval_s(self) -> int:
        return self.timer.interval() // 1000 if self.timer.isActive() else 0

    def target_for(self, document: Document) -> Path:
        return document.path if document.path is not None else self.recovery_path

    def autosave_now(self) -> Path | None:
        """Snapshot the document if it has unsaved changes; returns where it went."""
        document = self._document()
        if document is None or not document.is_modified:
            return None
        from vsm_desktop.store import WorkspaceFileError, write_autosave

        target = self.target_for(document)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_autosave(target, document.workspace)
        except (OSError, WorkspaceFileError) as exc:
            # Autosave must never interrupt the workshop: report, keep working.
            self.failed.emit(f"Autosave failed: {exc}")
            return None
        self.saved.emit(target)
        return target

    def discard(self, document: Document | None) -> None:
        """Forget the snapshot of ``document`` (the user chose to discard their changes)."""
        if document is None:
            return
        discard_snapshot(self.target_for(document), untitled=document.path is None)

    def pending_untitled(self) -> Recovery | None:
        """A snapshot of a never-saved workspace left by a crash, if any."""
        return find_recovery(self.recovery_path, untitled=True)


def find_recovery(path: Path, *, untitled: bool = False) -> Recovery | None:
    """The autosave in ``path`` when it is newer than the file's last save.

    A damaged snapshot is treated as none: the file itself stays the user's work.
    """
    if not path.exists():
        return None
    # Only now: the store loads sqlite-utils, which a first start without a snapshot (the usual
    # case) should not pay for before the window is painted.
    from vsm_desktop.store import WorkspaceFileError, last_saved_at, read_autosave

    try:
        found = read_autosave(path)
        if found is None:
            return None
        workspace, saved_at = found
        last = None if untitled else last_saved_at(path)
    except WorkspaceFileError:
        return None
    if last is not None and saved_at <= last:
        return None
    return Recovery(workspace, saved_at, None if untitled else path)


def discard_snapshot(path: Path, *, untitled: bool) -> None:
    if untitled:
        # The recovery file holds nothing but the snapshot.
        path.unlink(missing_ok=True)
        return
    from vsm_desktop.store import WorkspaceFileError, clear_autosave

    with contextlib.suppress(WorkspaceFileError):
        clear_autosave(path)
