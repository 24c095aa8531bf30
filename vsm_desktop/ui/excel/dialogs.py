"""The three Excel dialogs: which maps to export, what a workbook will change, and why a
workbook was refused. Their logic lives in :mod:`.state`; the window opens them through
:mod:`.prompts`."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vsm_desktop.export.workbook_read import WorkbookError

from .state import MapChoice, change_lines, error_rows

__all__ = ["ChooseMapsDialog", "UpdatePreviewDialog", "WorkbookErrorsDialog"]

_ID_ROLE = Qt.ItemDataRole.UserRole


class ChooseMapsDialog(QDialog):
    """Tick the maps to export; Export stays disabled while none is ticked."""

    def __init__(self, choice: MapChoice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("excel_choose_maps")
        self.setWindowTitle("Export to Excel")
        self.choice = choice
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Maps to export. Each gets its own sheet; a target exported with its current map "
            "also gets a Compare sheet."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget(self)
        self.list.setObjectName("excel_map_list")
        for map_id, label in choice.maps:
            item = QListWidgetItem(label, self.list)
            item.setData(_ID_ROLE, map_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = map_id in choice.chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.itemChanged.connect(self._on_item_changed)
        layout.addWidget(self.list)
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(
            "Export…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        all_button = QPushButton("All", self)
        none_button = QPushButton("None", self)
        self.buttons.addButton(all_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.addButton(none_button, QDialogButtonBox.ButtonRole.ResetRole)
        all_button.clicked.connect(lambda: self.set_all(True))
        none_button.clicked.connect(lambda: self.set_all(False))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_button()
        self.resize(420, 120 + 26 * min(len(choice.maps), 12))

    def set_all(self, on: bool) -> None:
        self.choice.set_all(on)
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        self.list.blockSignals(True)  # the choice is already set; no echo per item
        for row in range(self.list.count()):
            self.list.item(row).setCheckState(state)
        self.list.blockSignals(False)
        self._update_button()

    def chosen_ids(self) -> list[str]:
        return self.choice.chosen_ids()

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        on = item.checkState() == Qt.CheckState.Checked
        self.choice.set_chosen(str(item.data(_ID_ROLE)), on)
        self._update_button()

    def _update_button(self) -> None:
        self.export_button.setEnabled(self.choice.can_export)


class UpdatePreviewDialog(QDialog):
    """What a workbook will change, map by map; Apply makes it one undoable step."""

    def __init__(
        self, source: str, lines: Sequence[str], map_count: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("excel_update_preview")
        self.setWindowTitle("Update from Excel")
        layout = QVBoxLayout(self)
        maps = "1 map" if map_count == 1 else f"{map_count} maps"
        intro = QLabel(
            f"<b>{_escape(source)}</b> changes {maps}. Apply the changes below? "
            "They become one step you can undo."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget(self)
        self.list.setObjectName("excel_change_list")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a list to read, not to pick from
        bold = QFont(self.list.font())
        bold.setBold(True)
        for line in change_lines(lines):
            item = QListWidgetItem(line.text if line.heading else f"    {line.text}", self.list)
            if line.heading:
                item.setFont(bold)
        layout.addWidget(self.list)
        self.buttons = QDialogButtonBox(self)
        self.apply_button = self.buttons.addButton("Apply", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(620, 180 + 20 * min(len(lines), 20))

    def lines(self) -> list[str]:
        return [self.list.item(row).text().strip() for row in range(self.list.count())]


class WorkbookErrorsDialog(QDialog):
    """Every problem of a refused workbook, one row each, with where it is."""

    HEADERS = ("Sheet", "Row", "Column", "Problem")

    def __init__(
        self, source: str, errors: Sequence[WorkbookError], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("excel_workbook_errors")
        self.setWindowTitle("Cannot update from Excel")
        self.rows = error_rows(errors)
        layout = QVBoxLayout(self)
        count = "1 problem" if len(errors) == 1 else f"{len(errors)} problems"
        intro = QLabel(
            f"<b>{_escape(source)}</b> has {count}. Nothing was changed. Correct the cells "
            "below in the workbook and try again."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(self.rows), len(self.HEADERS), self)
        self.table.setObjectName("excel_error_table")
        self.table.setHorizontalHeaderLabels(self.HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)  # one line per problem; the tooltip has the whole text
        self.table.verticalHeader().setVisible(False)
        for r, row in enumerate(self.rows):
            for c, text in enumerate(row):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(r, c, cell)
        header = self.table.horizontalHeader()
        for c in range(3):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setCurrentCell(-1, -1)
        layout.addWidget(self.table)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        copy = self.buttons.addButton("Copy List", QDialogButtonBox.ButtonRole.ActionRole)
        self._text = "\n".join(str(e) for e in errors)
        copy.clicked.connect(self.copy_to_clipboard)
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.accept)
        layout.addWidget(self.buttons)
        self.resize(820, 200 + 26 * min(len(self.rows), 14))

    def copy_to_clipboard(self) -> None:
        """The problems as text lines, for a mail to whoever edited the workbook."""
        QGuiApplication.clipboard().setText(self._text)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
