"""The Excel work that runs in the thread pool: writing a workbook and reading one back.

A job talks back only through the signals of a QObject made on the UI thread, so the slots of
the UI-side controllers run on the UI thread (queued connections).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, Signal

if TYPE_CHECKING:
    from vsm_desktop.analysis import MapMetrics
    from vsm_desktop.model import Workspace

__all__ = ["ExportJob", "ReadJob", "preload"]

#: Share of the progress bar for measuring (loading events) before the workbook is written.
_MEASURE_SHARE = 0.15


def preload() -> None:
    """Import on the UI thread what the jobs would import lazily, so that a worker never
    holds the import lock the UI thread may wait for, and the first export starts at once."""
    import openpyxl
    import openpyxl.drawing.image
    import openpyxl.worksheet.worksheet  # noqa: F401
    import PIL.Image
    import PIL.PngImagePlugin  # noqa: F401

    import vsm_desktop.export.workbook_read
    import vsm_desktop.export.workbook_write
    import vsm_desktop.measure.calendar_time
    import vsm_desktop.measure.stats
    import vsm_desktop.measure.workspace_figures
    import vsm_desktop.store.measurements  # noqa: F401


class ExportSignals(QObject):
    progressed = Signal(float)
    finished = Signal(object)  # Path written
    failed = Signal(str)
    cancelled = Signal()


class ExportJob(QRunnable):
    """Measure (when the workspace file holds event imports) and write the workbook.

    ``pictures`` and ``metrics`` come from the UI thread: Qt draws scenes only there, and the
    document has the metrics cached already.
    """

    def __init__(
        self,
        workspace: Workspace,
        workspace_path: Path | None,
        out: Path,
        map_ids: Sequence[str],
        pictures: Mapping[str, bytes],
        metrics: Mapping[str, MapMetrics],
        cancel: threading.Event | None = None,
    ) -> None:
        super().__init__()
        # The controller keeps this object until a signal says it is done.
        self.setAutoDelete(False)
        self.workspace = workspace
        self.workspace_path = workspace_path
        self.out = out
        self.map_ids = list(map_ids)
        self.pictures = dict(pictures)
        self.metrics = dict(metrics)
        self.cancel = cancel if cancel is not None else threading.Event()
        self.signals = ExportSignals()
        self._last = -1

    def _progress(self, share: float) -> None:
        percent = int(share * 100)
        if percent != self._last:
            self._last = percent
            self.signals.progressed.emit(share)

    def run(self) -> None:
        from vsm_desktop.export.workbook_write import ExportCancelled, ExportError, export_workbook
        from vsm_desktop.measure.workspace_figures import measured_figures

        try:
            if self.cancel.is_set():
                raise ExportCancelled("export cancelled")
            measurements = (
                measured_figures(self.workspace, self.workspace_path, self.map_ids)
                if self.workspace_path is not None and self.workspace_path.exists()
                else {}
            )
            self._progress(_MEASURE_SHARE)
            export_workbook(
                self.workspace,
                self.out,
                map_ids=self.map_ids,
                images=self.pictures,
                measurements=measurements,
                metrics=self.metrics,
                progress=lambda s: self._progress(_MEASURE_SHARE + (1 - _MEASURE_SHARE) * s),
                cancel=self.cancel,
            )
        except ExportCancelled:
            self.signals.cancelled.emit()
        except (ExportError, OSError, ValueError) as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # a bug must reach the user, not die in a worker thread
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.signals.finished.emit(self.out)


class ReadSignals(QObject):
    finished = Signal(object)  # WorkbookUpdate
    refused = Signal(object)  # WorkbookReadError
    failed = Signal(str)


class ReadJob(QRunnable):
    """Read an edited workbook against the workspace; changes nothing."""

    def __init__(self, path: Path, workspace: Workspace) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.path = path
        self.workspace = workspace
        self.signals = ReadSignals()

    def run(self) -> None:
        from vsm_desktop.export.workbook_read import WorkbookReadError, read_workbook

        try:
            update = read_workbook(self.path, self.workspace)
        except WorkbookReadError as exc:
            self.signals.refused.emit(exc)
        except Exception as exc:  # a bug must reach the user, not die in a worker thread
            self.signals.failed.emit(f"{self.path}: {type(exc).__name__}: {exc}")
        else:
            self.signals.finished.emit(update)
