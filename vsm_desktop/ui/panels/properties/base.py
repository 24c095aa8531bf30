"""What every properties form shares: binding to one model object, pushing edits as commands,
and a guard so the form never hears its own writing back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from vsm_desktop.model import EditCommand
from vsm_desktop.model.workspace import What
from vsm_desktop.ui.theme import current_theme

if TYPE_CHECKING:
    from vsm_desktop.ui.document import Document


class ElidedLabel(QLabel):
    """One line that ends in "…" when it does not fit, the whole text in its tooltip: a stage
    named at length must not push the panel wider than the screen or be cut off unmarked."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setMinimumWidth(40)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:
        self._full = text
        self._elide()

    def text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(
            self._full, Qt.TextElideMode.ElideRight, max(self.width(), 40)
        )
        super().setText(shown)
        self.setToolTip(self._full if shown != self._full else "")


class EditForm(QWidget):
    """A form that edits the fields of one map, stage or handoff through ``EditCommand``s."""

    what: What = "map"
    title = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: Document | None = None
        self.map_id = ""
        self.obj_id = ""
        self._loading = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 8, 10, 8)
        outer.setSpacing(6)
        self.heading = ElidedLabel(self.title, self)
        heading_font = QFont(self.font())
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.25)
        heading_font.setWeight(QFont.Weight.Bold)
        self.heading.setFont(heading_font)
        self.subheading = QLabel(self)
        self.subheading.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.hide()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setHorizontalSpacing(10)
        self.form.setVerticalSpacing(6)
        outer.addWidget(self.heading)
        outer.addWidget(self.subheading)
        outer.addWidget(self.message)
        outer.addLayout(self.form)
        outer.addStretch(1)

    # -- binding -----------------------------------------------------------------------------
    def bind(self, document: Document, map_id: str, obj_id: str) -> None:
        self.document, self.map_id, self.obj_id = document, map_id, obj_id
        self.show_message("")
        self.load()

    def unbind(self) -> None:
        self.document, self.map_id, self.obj_id = None, "", ""

    def is_bound(self) -> bool:
        return self.document is not None

    def load(self) -> None:
        """Write the model's values into the widgets without triggering any edit."""
        if self.document is None:
            return
        with self.loading():
            self._load()
        self.subheading.setStyleSheet(f"color: {current_theme().muted};")

    def _load(self) -> None:
        raise NotImplementedError

    @contextmanager
    def loading(self) -> Iterator[None]:
        """While set, every edit slot of the form returns at once (no feedback loop)."""
        previous, self._loading = self._loading, True
        try:
            yield
        finally:
            self._loading = previous

    # -- editing -----------------------------------------------------------------------------
    def push(self, changes: dict[str, Any], *, mergeable: bool = False, label: str = "") -> bool:
        """Push one ``EditCommand``; False (and the reason shown) when the model refused it."""
        if self._loading or self.document is None:
            return False
        command = EditCommand(
            self.what, self.map_id, self.obj_id, changes, label=label, mergeable=mergeable
        )
        try:
            self.document.push(command)
        except (ValueError, KeyError) as exc:
            self.show_message(str(exc))
            self.load()
            return False
        self.show_message("")
        return True

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message.setStyleSheet(f"color: {current_theme().error};")


# -- small helpers shared by the forms ---------------------------------------------------------
def set_text(edit: QLineEdit, text: str) -> None:
    # Only when different: resetting equal text would move the user's cursor.
    if edit.text() != text:
        edit.setText(text)


def set_combo_text(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    if index >= 0:
        combo.setCurrentIndex(index)
    elif combo.isEditable():
        combo.setEditText(text)


def set_combo_data(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)


def spin_box(
    minimum: float, maximum: float, *, decimals: int = 1, step: float = 1.0, suffix: str = ""
) -> QDoubleSpinBox:
    """A spin box that commits on Enter/leave/arrow, not on every typed digit."""
    box = QDoubleSpinBox()
    box.setRange(minimum, maximum)
    box.setDecimals(decimals)
    box.setSingleStep(step)
    box.setSuffix(suffix)
    box.setKeyboardTracking(False)
    box.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
    box.setAccelerated(True)
    return box


def set_spin(box: QDoubleSpinBox, value: float) -> None:
    if abs(box.value() - value) > 1e-9:
        box.setValue(value)
