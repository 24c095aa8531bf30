"""File ▸ Export to Excel…: choose maps and a file, draw the map pictures on the UI thread,
write the workbook in the thread pool with a progress dialog that can cancel."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QProgressDialog, QToolButton

from vsm_desktop.ui.dialogs import prompts
from vsm_desktop.ui.map_pictures import render_map_pictures

from . import prompts as excel_prompts
from .jobs import ExportJob, preload
from .state import MapChoice, default_workbook_path

if TYPE_CHECKING:
    from vsm_desktop.analysis import MapMetrics
    from vsm_desktop.ui.main_window import MainWindow

__all__ = ["EXPORT_SHORTCUT", "WorkbookExporter"]

EXPORT_SHORTCUT = "Ctrl+E"
_MESSAGE_MS = 20_000
#: Share of the progress bar for drawing the map pictures (about as long as writing).
_PICTURES_SHARE = 0.3


@dataclass
class _Export:
    """One export under way."""

    out: Path
    map_ids: list[str]
    metrics: dict[str, MapMetrics]
    to_draw: list[str]  # maps whose picture is still to be drawn
    pictures: dict[str, bytes] = field(default_factory=dict)
    pictures_ok: bool = True
    cancel: threading.Event = field(default_factory=threading.Event)


class WorkbookExporter(QObject):
    """Owns *Export to Excel…* of one window and the export that runs at a time.

    Signals:
      * ``done(str)`` — the export ended: ``"exported"``, ``"cancelled"`` or ``"failed"``
        (:attr:`last_path` holds the workbook of the last success).
    """

    done = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("excel_exporter")
        self.window = window
        self.pool = QThreadPool.globalInstance()
        self.export: _Export | None = None  # the export under way
        self.job: ExportJob | None = None  # its worker, once the pictures are drawn
        self.progress: QProgressDialog | None = None
        self.last_path: Path | None = None
        self._message = ""
        self.action = QAction("Export to &Excel…", window)
        self.action.setObjectName("action_export_excel")
        self.action.setShortcut(QKeySequence(EXPORT_SHORTCUT))
        self.action.setStatusTip("Write the maps to an Excel workbook, figures as live formulas")
        self.action.triggered.connect(self.ask_and_export)
        window.addAction(self.action)
        self.open_folder = QToolButton(window)
        self.open_folder.setObjectName("excel_open_folder")
        self.open_folder.setText("Open Folder")
        self.open_folder.setAutoRaise(True)
        self.open_folder.hide()
        self.open_folder.clicked.connect(self._open_folder)
        window.statusBar().insertPermanentWidget(0, self.open_folder)  # beside the message
        window.statusBar().messageChanged.connect(self._on_message_changed)

    @property
    def busy(self) -> bool:
        return self.export is not None

    def ask_and_export(self) -> bool:
        """Ask which maps and where, then start the export; False when the user backed out."""
        if self.busy:
            self.window.statusBar().showMessage("An Excel export is already running", 4000)
            return False
        document = self.window.document
        choice = MapChoice.of(document.workspace)
        if not choice.maps:
            prompts.show_error(self.window, "Export to Excel", "The workspace has no maps.")
            return False
        map_ids: list[str] | None = choice.chosen_ids()
        if len(choice.maps) > 1:
            map_ids = excel_prompts.choose_maps(self.window, choice)
        if not map_ids:
            return False
        suggested = default_workbook_path(document.path, self.window.settings.last_directory())
        out = excel_prompts.ask_save_workbook(self.window, suggested)
        if out is None:
            return False
        self.start(map_ids, out)
        return True

    def start(self, map_ids: Sequence[str], out: Path) -> None:
        """Export ``map_ids`` of the window's workspace to ``out``: the map pictures are drawn
        here, one map per turn of the event loop (Qt draws scenes on the UI thread only), then
        the workbook is written in the thread pool."""
        if self.busy:
            raise RuntimeError("an Excel export is already running")
        document = self.window.document
        self.export = _Export(
            out,
            list(map_ids),
            {m: document.metrics(m) for m in map_ids},  # cached by the document
            list(map_ids),
        )
        self.progress = self._progress_dialog(out, len(map_ids))
        QTimer.singleShot(0, self._draw_next_picture)

    def cancel(self) -> None:
        """Stop the running export; the workbook is not written."""
        if self.export is not None:
            self.export.cancel.set()
            if self.progress is not None:
                self.progress.setLabelText("Cancelling…")

    # -- UI-thread parts -----------------------------------------------------------------------
    def _draw_next_picture(self) -> None:
        export = self.export
        if export is None:
            return
        if export.cancel.is_set():
            self._on_cancelled()
            return
        if not export.to_draw:
            self._start_job(export)
            return
        map_id = export.to_draw.pop(0)
        if export.pictures_ok:
            try:
                export.pictures.update(
                    render_map_pictures(self.window.document.workspace, [map_id])
                )
            except Exception as exc:  # a picture is not worth losing the workbook over
                export.pictures_ok = False
                export.pictures.clear()
                self.window.statusBar().showMessage(f"Map pictures left out: {exc}", 6000)
        done = len(export.map_ids) - len(export.to_draw)
        self._show_share(_PICTURES_SHARE * done / len(export.map_ids))
        QTimer.singleShot(0, self._draw_next_picture)

    def _start_job(self, export: _Export) -> None:
        preload()
        document = self.window.document
        job = ExportJob(
            document.workspace,
            document.path,
            export.out,
            export.map_ids,
            export.pictures,
            export.metrics,
            export.cancel,
        )
        job.signals.progressed.connect(self._on_progress)
        job.signals.finished.connect(self._on_finished)
        job.signals.failed.connect(self._on_failed)
        job.signals.cancelled.connect(self._on_cancelled)
        self.job = job
        self.pool.start(job)

    def _progress_dialog(self, out: Path, count: int) -> QProgressDialog:
        maps = "1 map" if count == 1 else f"{count} maps"
        dialog = QProgressDialog(f"Writing {maps} to {out.name}…", "Cancel", 0, 100, self.window)
        dialog.setObjectName("excel_export_progress")
        dialog.setWindowTitle("Export to Excel")
        # Window-modal: the workspace must not change while the worker reads it.
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        dialog.canceled.connect(self.cancel)
        dialog.setValue(0)
        dialog.show()
        return dialog

    def _on_progress(self, share: float) -> None:
        self._show_share(_PICTURES_SHARE + (1 - _PICTURES_SHARE) * share)

    def _show_share(self, share: float) -> None:
        export = self.export
        if self.progress is not None and export is not None and not export.cancel.is_set():
            self.progress.setValue(int(share * 100))

    def _finish(self) -> _Export | None:
        export, self.export, self.job = self.export, None, None
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        return export

    def _on_finished(self, path: Path) -> None:
        export = self._finish()
        count = len(export.map_ids) if export is not None else 0
        self.last_path = path
        self.window.settings.set_last_directory(path.parent)
        maps = "1 map" if count == 1 else f"{count} maps"
        self._message = f"Exported {maps} to {path}"
        self.window.statusBar().showMessage(self._message, _MESSAGE_MS)
        self.open_folder.setToolTip(f"Show {path.parent} in the file manager")
        self.open_folder.show()
        self.done.emit("exported")

    def _on_cancelled(self) -> None:
        self._finish()
        self.window.statusBar().showMessage("Excel export cancelled; no file written", 6000)
        self.done.emit("cancelled")

    def _on_failed(self, message: str) -> None:
        export = self._finish()
        where = export.out if export is not None else "the workbook"
        prompts.show_error(self.window, "Cannot export to Excel", f"{where}:\n{message}")
        self.done.emit("failed")

    def _on_message_changed(self, text: str) -> None:
        if text != self._message:  # our message timed out or another replaced it
            self.open_folder.hide()

    def _open_folder(self) -> None:
        if self.last_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_path.parent)))
