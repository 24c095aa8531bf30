"""Data ▸ Imports…: what was imported into the workspace, from where, and removing an import."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vsm_desktop.ui.dialogs import prompts

from .data import MeasureData

__all__ = ["ImportsDialog"]

_COLUMNS = ("Id", "Kind", "File", "Format", "Rows", "Skipped", "Imported", "Map")


def _when(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return iso


class ImportsDialog(QDialog):
    """The imports of the workspace file with their provenance; Remove asks first."""

    def __init__(self, data: MeasureData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imports_dialog")
        self.setWindowTitle("Imports")
        self.data = data
        self.resize(900, 380)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, len(_COLUMNS), objectName="imports_table")
        self.table.setHorizontalHeaderLabels(list(_COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.remove_button = QPushButton("Remove import…", objectName="remove_import")
        self.remove_button.clicked.connect(self.remove_selected)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        data.imports_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        records = self.data.imports()
        maps = self.data.document.workspace.maps
        self.table.setRowCount(len(records))
        for row, r in enumerate(records):
            map_name = maps[r.map_id].name if r.map_id in maps else ""
            cells = (
                str(r.id),
                r.kind,
                r.source,
                r.format,
                f"{r.rows:,}",
                f"{r.skipped:,}",
                _when(r.created_at),
                map_name,
            )
            # How the file was read (date order, statuses left out, ...) without a column
            # of its own: on hover over the row.
            notes = r.options.get("notes") or []
            tip = "\n".join(str(n) for n in notes) if isinstance(notes, list) else str(notes)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if tip:
                    item.setToolTip(tip if col != 2 else f"{r.source}\n{tip}")
                if col in (0, 4, 5):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if col == 2 and not tip:
                    item.setToolTip(r.source)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                self.table.setItem(row, col, item)
        total = sum(r.rows for r in records)
        self.summary.setText(
            f"{len(records)} import(s), {total:,} rows in {self.data.path.name}"
            if self.data.path is not None
            else "The workspace is not saved yet: nothing imported."
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.selected_id() is not None)

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def select_import(self, import_id: int) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) == import_id:
                self.table.selectRow(row)
                return
        raise KeyError(f"no import {import_id} listed")

    def remove_selected(self) -> bool:
        """Remove the selected import after the user confirms; True when removed."""
        import_id = self.selected_id()
        path = self.data.path
        if import_id is None or path is None:
            return False
        record = next(r for r in self.data.imports() if r.id == import_id)
        if not prompts.confirm(
            self,
            "Remove import",
            f"Remove import {import_id} ({record.rows:,} {record.kind} rows from "
            f"{record.source})?\n\nThe rows leave the workspace file; this cannot be undone.",
        ):
            return False
        from vsm_desktop.store.measurements import remove_import

        remove_import(path, import_id)
        self.data.reload()
        return True
