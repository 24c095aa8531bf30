"""Excel out and in from the app: *File ▸ Export to Excel…* and *File ▸ Update from Excel…*.

``install_excel(window)`` adds both to the File menu, next to the map exports. The workbook is
written and read by :mod:`vsm_desktop.export` (see docs/excel.md) in the thread pool; map
pictures are drawn on the UI thread first, because Qt scenes render only there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .export_flow import WorkbookExporter
from .update_flow import WorkbookUpdater

if TYPE_CHECKING:
    from vsm_desktop.ui.main_window import MainWindow

__all__ = ["ExcelFeature", "WorkbookExporter", "WorkbookUpdater", "excel_feature", "install_excel"]


@dataclass(frozen=True)
class ExcelFeature:
    exporter: WorkbookExporter
    updater: WorkbookUpdater


def install_excel(window: MainWindow) -> ExcelFeature:
    """Add the two Excel entries to ``window``'s File menu, after its Export submenu."""
    feature = ExcelFeature(WorkbookExporter(window), WorkbookUpdater(window))
    file_menu = window.menu("&File")
    actions = file_menu.actions()
    export_menu = next(
        (a for a in actions if a.menu() is not None and a.text().replace("&", "") == "Export"),
        None,
    )
    before = None
    if export_menu is not None and export_menu in actions:
        index = actions.index(export_menu)
        before = actions[index + 1] if index + 1 < len(actions) else None
    for action in (feature.exporter.action, feature.updater.action):
        if before is not None:
            file_menu.insertAction(before, action)
        else:
            file_menu.addAction(action)
    return feature


def excel_feature(window: MainWindow) -> ExcelFeature:
    """The Excel feature of ``window`` (installed by the window at start-up)."""
    exporter = window.findChild(WorkbookExporter, "excel_exporter")
    updater = window.findChild(WorkbookUpdater, "excel_updater")
    if exporter is None or updater is None:
        raise LookupError("this window has no Excel feature installed")
    return ExcelFeature(exporter, updater)
