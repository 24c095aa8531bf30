"""The "Dates and times" box of the import dialog: the zone of times written without one and
the order of 03/04/2026-style dates, the two timestamp options of ``vsm import`` (``--tz``,
``--date-order``), with a line telling how the dates of the rows shown will be read.

The choices live in :class:`ImportDialogState`; this box only shows and edits them.
"""

from __future__ import annotations

import zoneinfo
from functools import cache

from PySide6.QtCore import Qt, QTimeZone, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QFormLayout, QGroupBox, QLabel, QWidget

from .import_state import DATE_ORDERS, ImportDialogState

__all__ = ["TimeOptionsBox", "zone_names"]

#: Item data of "Automatic" (a None item data would not be found again by findData).
_AUTO = "auto"


@cache
def zone_names() -> list[str]:
    """UTC, the computer's own zone, then every IANA zone name (A to Z)."""
    names = sorted(n for n in zoneinfo.available_timezones() if "/" in n and n != "Etc/UTC")
    own = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
    first = ["UTC"]
    if own in names:
        # The zone a spreadsheet was most likely written in: offered second, not buried.
        first.append(own)
    return first + [n for n in names if n not in first]


class TimeOptionsBox(QGroupBox):
    """Signals: ``changed()`` after the user changed an option (the state holds it already)."""

    changed = Signal()

    def __init__(self, state: ImportDialogState, parent: QWidget | None = None) -> None:
        super().__init__("Dates and times", parent)
        self.state = state
        self._loading = False
        form = QFormLayout(self)

        self.date_order_box = QComboBox(objectName="date_order_box")
        for order, text in DATE_ORDERS.items():
            self.date_order_box.addItem(text, order or _AUTO)
        self.date_order_box.setToolTip(
            "How to read dates like 03/04/2026. Automatic: a first number above 12 means day "
            "first, a second above 12 month first; when no date in the file tells, day first."
        )
        form.addRow("Dates like 03/04/2026", self.date_order_box)

        self.date_hint = QLabel(objectName="date_hint")
        self.date_hint.setWordWrap(True)
        self.date_hint.setStyleSheet("color: gray;")
        form.addRow(self.date_hint)

        self.tz_box = QComboBox(objectName="tz_box")
        self.tz_box.setEditable(True)
        self.tz_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.tz_box.addItems(zone_names())
        self.tz_box.setMaxVisibleItems(20)
        completer = QCompleter(zone_names(), self.tz_box)
        # "berlin" finds Europe/Berlin: people know the city, not the region prefix.
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.tz_box.setCompleter(completer)
        self.tz_box.setToolTip(
            "The zone of times written without one, e.g. Europe/Berlin (daylight saving time "
            "is followed). Times with a zone (Z, +01:00) keep theirs."
        )
        form.addRow("Time zone", self.tz_box)
        tz_hint = QLabel("of times written without one; a Z or +01:00 in the file wins")
        tz_hint.setWordWrap(True)
        tz_hint.setStyleSheet("color: gray;")
        form.addRow(tz_hint)

        self.date_order_box.currentIndexChanged.connect(self._on_date_order)
        self.tz_box.currentTextChanged.connect(self._on_tz)
        self.refresh()

    def refresh(self) -> None:
        """Show the state's options and how the dates of the rows shown read with them."""
        self._loading = True  # written, not edited: the slots must not react
        try:
            s = self.state
            self.date_order_box.setCurrentIndex(self.date_order_box.findData(s.date_order or _AUTO))
            self.date_order_box.setEnabled(s.date_order_applies)
            text = s.tz or "UTC"
            if self.tz_box.currentText() != text:
                self.tz_box.setCurrentText(text)
            self.date_hint.setText(s.date_hint())
        finally:
            self._loading = False

    def set_tz(self, name: str) -> None:
        """Type a zone name the way the user does."""
        self.tz_box.setCurrentText(name)

    def set_date_order(self, order: str | None) -> None:
        """Choose a date order the way the user does, through the combo box."""
        self.date_order_box.setCurrentIndex(self.date_order_box.findData(order or _AUTO))

    def _on_date_order(self, _index: int) -> None:
        if not self._loading:
            data = self.date_order_box.currentData()
            self.state.set_date_order(None if data == _AUTO else data)
            self.date_hint.setText(self.state.date_hint())
            self.changed.emit()

    def _on_tz(self, text: str) -> None:
        if not self._loading:
            self.state.set_tz(text)
            self.changed.emit()
