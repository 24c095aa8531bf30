"""File ▸ Update from Excel…: read an edited workbook in the thread pool, show what it
changes, and apply it as one undo step; a refused workbook lists every problem."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QProgressDialog

from vsm_desktop.ui.dialogs import prompts

from . import prompts as excel_prompts
from .jobs import ReadJob, preload

if TYPE_CHECKING:
    from vsm_desktop.export.workbook_read import WorkbookReadError, WorkbookUpdate
    from vsm_desktop.ui.document import Document
    from vsm_desktop.ui.main_window import MainWindow

__all__ = ["WorkbookUpdater"]


class WorkbookUpdater(QObject):
    """Owns *Update from Excel…* of one window.

    Signals:
      * ``done(str)`` — the update ended: ``"applied"``, ``"declined"`` (the user said
        Cancel), ``"nothing"`` (no change in the workbook), ``"refused"`` (problems listed),
        ``"cancelled"`` (reading stopped), ``"stale"`` (the workspace changed meanwhile) or
        ``"failed"``.
    """

    done = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("excel_updater")
        self.window = window
        self.pool = QThreadPool.globalInstance()
        self.job: ReadJob | None = None
        self.progress: QProgressDialog | None = None
        self._document: Document | None = None
        self._touched = False  # the workspace changed while the worker read it
        self._cancelled = False
        self.action = QAction("&Update from Excel…", window)
        self.action.setObjectName("action_update_from_excel")
        self.action.setStatusTip("Apply the edits of an exported Excel workbook (one undo step)")
        self.action.triggered.connect(self.ask_and_update)
        window.addAction(self.action)

    def ask_and_update(self) -> bool:
        """Ask for a workbook and start reading it; False when the user backed out."""
        if self.job is not None:  # also after Cancel, until the worker has let go
            self.window.statusBar().showMessage("Still reading the last workbook", 4000)
            return False
        document = self.window.document
        folder = self.window.settings.last_directory()
        if not folder and document.path is not None:
            folder = str(document.path.parent)
        path = excel_prompts.ask_open_workbook(self.window, folder)
        if path is None:
            return False
        self.start(path)
        return True

    def start(self, path: Path) -> None:
        """Read ``path`` against the window's workspace in the background."""
        if self.job is not None:
            raise RuntimeError("a workbook is already being read")
        document = self.window.document
        self._document = document
        self._touched = False
        self._cancelled = False
        document.changed.connect(self._on_document_changed)
        preload()
        job = ReadJob(path, document.workspace)
        job.signals.finished.connect(self._on_read)
        job.signals.refused.connect(self._on_refused)
        job.signals.failed.connect(self._on_failed)
        self.job = job
        self.progress = self._progress_dialog(path)
        self.pool.start(job)

    def cancel(self) -> None:
        """Stop waiting for the workbook; what it would change is dropped."""
        if self.job is not None:
            self._cancelled = True
            self._close_progress()

    # -- UI-thread parts -----------------------------------------------------------------------
    def _progress_dialog(self, path: Path) -> QProgressDialog:
        dialog = QProgressDialog(f"Reading {path.name}…", "Cancel", 0, 0, self.window)
        dialog.setObjectName("excel_update_progress")
        dialog.setWindowTitle("Update from Excel")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        dialog.canceled.connect(self.cancel)
        dialog.show()
        return dialog

    def _on_document_changed(self, _change: object) -> None:
        self._touched = True

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _finish(self) -> str | None:
        """End the job; the outcome when the result must be dropped, else ``None``."""
        self.job = None
        self._close_progress()
        document, self._document = self._document, None
        if document is not None:
            document.changed.disconnect(self._on_document_changed)
        if self._cancelled:
            self.window.statusBar().showMessage("Update from Excel cancelled", 4000)
            return "cancelled"
        if document is not self.window.document or self._touched:
            return "stale"
        return None

    def _on_read(self, update: WorkbookUpdate) -> None:
        dropped = self._finish()
        if dropped == "stale":  # the changes were worked out against an older workspace
            prompts.show_error(
                self.window,
                "Update from Excel",
                "The workspace changed while the workbook was read; nothing was applied. "
                "Try again.",
            )
        if dropped is not None:
            self.done.emit(dropped)
            return
        name = Path(update.source).name
        command = update.command
        if command is None:
            self.window.statusBar().showMessage(f"{name}: nothing to change", 6000)
            self.done.emit("nothing")
            return
        if not excel_prompts.confirm_update(self.window, update):
            self.done.emit("declined")
            return
        try:
            self.window.document.push(command)
        except ValueError as exc:  # the model refused; nothing was recorded
            prompts.show_error(self.window, "Cannot update from Excel", f"{name}: {exc}")
            self.done.emit("failed")
            return
        count = len(update.maps)
        maps = "1 map" if count == 1 else f"{count} maps"
        self.window.statusBar().showMessage(f"Updated {maps} from {name} (Undo reverts it)", 8000)
        self.done.emit("applied")

    def _on_refused(self, error: WorkbookReadError) -> None:
        dropped = self._finish()
        if dropped == "cancelled":
            self.done.emit(dropped)
            return
        excel_prompts.show_workbook_errors(self.window, error)
        self.done.emit("refused")

    def _on_failed(self, message: str) -> None:
        dropped = self._finish()
        if dropped == "cancelled":
            self.done.emit(dropped)
            return
        prompts.show_error(self.window, "Cannot update from Excel", message)
        self.done.emit("failed")
