"""Every question the Excel actions ask, one function each, called through the module so
tests replace one with ``monkeypatch`` and never block on a modal dialog."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from .state import MapChoice, with_xlsx_suffix

if TYPE_CHECKING:
    from vsm_desktop.export.workbook_read import WorkbookReadError, WorkbookUpdate

__all__ = [
    "XLSX_FILTER",
    "ask_open_workbook",
    "ask_save_workbook",
    "choose_maps",
    "confirm_update",
    "show_workbook_errors",
]

XLSX_FILTER = "Excel workbooks (*.xlsx);;All files (*)"


def choose_maps(parent: QWidget | None, choice: MapChoice) -> list[str] | None:
    """The ids of the maps to export, in workspace order; ``None`` when cancelled."""
    from .dialogs import ChooseMapsDialog

    dialog = ChooseMapsDialog(choice, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen_ids() or None
    finally:
        dialog.deleteLater()


def ask_save_workbook(parent: QWidget | None, suggested: Path) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, "Export to Excel", str(suggested), XLSX_FILTER)
    return with_xlsx_suffix(path) if path else None


def ask_open_workbook(parent: QWidget | None, directory: str) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Update from Excel", directory, XLSX_FILTER)
    return Path(path) if path else None


def confirm_update(parent: QWidget | None, update: WorkbookUpdate) -> bool:
    """Show what ``update`` changes; True when the user chose Apply."""
    from .dialogs import UpdatePreviewDialog

    dialog = UpdatePreviewDialog(
        Path(update.source).name, update.describe(), len(update.maps), parent
    )
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


def show_workbook_errors(parent: QWidget | None, error: WorkbookReadError) -> None:
    """List every problem of a refused workbook by sheet, row and column."""
    from .dialogs import WorkbookErrorsDialog

    dialog = WorkbookErrorsDialog(Path(error.source).name, error.errors, parent)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()
