"""Every headline figure of both maps with its absolute and relative change, coloured by
whether the change is for the better (``Delta.improved``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from vsm_desktop.ui.theme import current_theme

from .state import FigureRow

__all__ = ["IMPROVED_ROLE", "FiguresModel", "FiguresTable"]

#: Item-data role holding ``FigureRow.improved`` (True / False / None) on every cell of a row.
IMPROVED_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex
LABEL, CURRENT, TARGET, CHANGE, CHANGE_PCT = range(5)


class FiguresModel(QAbstractTableModel):
    """Rows of :class:`FigureRow`; columns figure, current, target, change, change %."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[FigureRow, ...] = ()
        self._headers = ["Figure", "Current", "Target", "Change", "Change %"]
        self._names = ("", "")

    def set_rows(self, rows: tuple[FigureRow, ...], current_name: str, target_name: str) -> None:
        # Short headers keep the figure names readable; the map names are in the tooltips and
        # in the canvas captions above.
        headers = ["Figure", "Current", "Target", "Change", "Change %"]
        self._names = (current_name, target_name)
        if len(rows) == len(self._rows) and [r.key for r in rows] == [r.key for r in self._rows]:
            # Same figures: update in place so the selection and scroll position survive edits.
            self._rows = rows
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, CURRENT, TARGET)
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, CHANGE_PCT))
            return
        self.beginResetModel()
        self._rows = rows
        self._headers = headers
        self.endResetModel()

    def row(self, index: int) -> FigureRow:
        return self._rows[index]

    def row_of(self, key: str) -> int:
        return next(i for i, row in enumerate(self._rows) if row.key == key)

    # -- Qt model API ----------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.ToolTipRole and section in (CURRENT, TARGET):
            return self._names[section - CURRENT]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = Qt.AlignmentFlag.AlignLeft if section == LABEL else Qt.AlignmentFlag.AlignRight
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.label, row.current, row.target, row.change, row.change_pct)[column]
        if role == IMPROVED_ROLE:
            return row.improved
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == LABEL:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column in (CHANGE, CHANGE_PCT):
            return _tone(row.improved)
        if role == Qt.ItemDataRole.BackgroundRole and column in (CHANGE, CHANGE_PCT):
            tone = _tone(row.improved)
            if tone is None:
                return None
            tint = QColor(tone)
            tint.setAlpha(28)
            return tint
        if role == Qt.ItemDataRole.FontRole and (column == LABEL or column >= CHANGE):
            font = QFont()
            font.setBold(column == LABEL or row.improved is not None)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            verdict = {True: "better", False: "worse", None: "no better or worse"}[row.improved]
            return f"{row.label}: {row.current} → {row.target} ({row.change}, {verdict})"
        return None


def _tone(improved: bool | None) -> QColor | None:
    if improved is None:
        return None
    t = current_theme()
    return QColor(t.good if improved else t.error)


class FiguresTable(QTableView):
    """A read-only table over :class:`FiguresModel`, sized for a projector."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figures_model = FiguresModel(self)
        self.setModel(self.figures_model)
        self.setObjectName("compare_figures")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
