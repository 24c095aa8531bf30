"""Editor widgets of the properties panel that Qt does not have as such: a duration field that
refuses bad input visibly, a notes box that commits on leaving, and the data-box table."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vsm_desktop.model import WORKING, Calendar, DurationError, format_duration, parse_duration
from vsm_desktop.ui.theme import current_theme


class DurationField(QWidget):
    """A typed duration (``2d 4h``, ``45m``; a bare number is in the map's display unit).

    On Enter or leaving the field the text is parsed in the map's calendar. A valid value is
    announced with :attr:`committed` (``None`` for an empty field: "not known yet"). Invalid
    text is refused: the reason appears in red under the field, the text stays so the user can
    fix it, and nothing is announced.
    """

    committed = Signal(object)  # float seconds or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.calendar: Calendar = WORKING
        self.unit = "h"
        self._value: float | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("not known — type e.g. 45m, 1.5h, 2d 4h")
        self.edit.setClearButtonEnabled(True)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        self.edit.editingFinished.connect(self._on_editing_finished)
        self.edit.textEdited.connect(self._on_text_edited)

    # -- model -> field ----------------------------------------------------------------------
    def set_value(self, seconds: float | None, calendar: Calendar, unit: str) -> None:
        """Show a model value (no signal). Leaves a refused text alone while the user is on it."""
        self.calendar, self.unit = calendar, unit
        self._value = seconds
        if self.has_error() and self.edit.hasFocus():
            return
        self.edit.setText("" if seconds is None else format_duration(seconds, calendar, parts=3))
        self.edit.setToolTip(self._tooltip())
        self._set_error("")

    def value(self) -> float | None:
        return self._value

    def has_error(self) -> bool:
        return bool(self.error.text())

    def error_text(self) -> str:
        return self.error.text()

    # -- field -> model ----------------------------------------------------------------------
    def commit(self) -> bool:
        """Parse the text now; True when it was valid (and announced if it changed)."""
        text = self.edit.text().strip()
        if not text:
            seconds: float | None = None
        else:
            try:
                seconds = parse_duration(text, self.calendar, self.unit)
            except DurationError as exc:
                self._set_error(str(exc))
                return False
        self._set_error("")
        if seconds != self._value:
            self._value = seconds
            self.committed.emit(seconds)
        if seconds is not None:
            # Show the value as it is stored, so "90m" reads back as "1h 30m".
            self.edit.setText(format_duration(seconds, self.calendar, parts=3))
        return True

    def _on_editing_finished(self) -> None:
        self.commit()

    def _on_text_edited(self, _text: str) -> None:
        if self.has_error():
            self._set_error("")

    def _set_error(self, message: str) -> None:
        t = current_theme()
        self.error.setText(message)
        self.error.setVisible(bool(message))
        if message:
            self.error.setStyleSheet(f"color: {t.error};")
            self.edit.setStyleSheet(f"QLineEdit {{ border: 2px solid {t.error}; }}")
        else:
            self.edit.setStyleSheet("")

    def _tooltip(self) -> str:
        cal = self.calendar
        return (
            f"Working time: 1d = {cal.hours_per_day:g}h, 1w = {cal.days_per_week:g}d. "
            f"A bare number is in {self.unit}."
        )


class NotesEdit(QPlainTextEdit):
    """Multi-line notes; :attr:`editing_finished` fires when the user leaves the box, so a
    paragraph of typing becomes one undo step."""

    editing_finished = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editing_finished.emit()


class FieldsTable(QWidget):
    """The free key/value data-box fields of a stage (changeover, uptime, batch size ...).

    Every cell edit, added or removed row announces the whole new dict with :attr:`edited`.
    Empty keys are not kept; a duplicate key is refused with a message.
    """

    edited = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(["Field", "Value"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(80)
        self.table.setMaximumHeight(140)
        self.table.itemChanged.connect(self._on_item_changed)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add field", self)
        self.remove_button = QPushButton("Remove", self)
        self.add_button.clicked.connect(self._add_row)
        self.remove_button.clicked.connect(self._remove_rows)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.error)

    def set_fields(self, fields: dict[str, str]) -> None:
        self._loading = True
        try:
            self.table.setRowCount(0)
            for key, value in fields.items():
                self._append(key, value)
        finally:
            self._loading = False
        self._show_error("")

    def fields(self) -> dict[str, str] | None:
        """The table as a dict, or ``None`` (with the reason shown) when two keys clash."""
        out: dict[str, str] = {}
        for row in range(self.table.rowCount()):
            key = _cell_text(self.table.item(row, 0))
            if not key:
                continue
            if key in out:
                self._show_error(f"field {key!r} appears twice; rename one of them")
                return None
            out[key] = _cell_text(self.table.item(row, 1))
        self._show_error("")
        return out

    def _append(self, key: str, value: str) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(key))
        self.table.setItem(row, 1, QTableWidgetItem(value))
        return row

    def _add_row(self) -> None:
        self._loading = True
        try:
            row = self._append("", "")
        finally:
            self._loading = False
        self.table.setCurrentCell(row, 0)
        item = self.table.item(row, 0)
        if item is not None:
            self.table.editItem(item)

    def _remove_rows(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        if not rows:
            return
        self._loading = True
        try:
            for row in rows:
                self.table.removeRow(row)
        finally:
            self._loading = False
        self._announce()

    def _on_item_changed(self, _item: QTableWidgetItem) -> None:
        if not self._loading:
            self._announce()

    def _announce(self) -> None:
        fields = self.fields()
        if fields is not None:
            self.edited.emit(fields)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.error.setStyleSheet(f"color: {current_theme().error};")


def _cell_text(item: QTableWidgetItem | None) -> str:
    return item.text().strip() if item is not None else ""
