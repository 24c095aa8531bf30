"""In-place editing of a field on the canvas: a line edit over the field, and beside it the
reason when the input is refused.

Refused input is never dropped: the editor stays open with the text as typed and the model
keeps its value until the input is fixed or the edit is cancelled with Escape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from vsm_desktop.model import DurationError

from . import style

__all__ = ["InlineEditor"]

Validator = Callable[[str], Any]
Committer = Callable[[Any], None]


class InlineEditor(QObject):
    """One editor at a time over a viewport. ``closed(bool committed)`` after it goes away."""

    closed = Signal(bool)

    def __init__(self, viewport: QWidget) -> None:
        super().__init__(viewport)
        self.viewport = viewport
        self.line_edit = QLineEdit(viewport)
        self.line_edit.setObjectName("canvasInlineEditor")
        self.line_edit.hide()
        self.line_edit.installEventFilter(self)
        self.error_label = QLabel(viewport)
        self.error_label.setObjectName("canvasInlineError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self._validate: Validator | None = None
        self._commit: Committer | None = None
        self.target: tuple[str, str, str] | None = None  # (what, obj_id, field)
        self.set_colors("#d92d20")

    def set_colors(self, error: str) -> None:
        self.error_label.setStyleSheet(
            f"QLabel {{ background: {error}; color: white; border-radius: 4px;"
            " padding: 4px 8px; font-weight: bold; }"
        )

    @property
    def is_open(self) -> bool:
        # The editor's own state, not whether it is on screen: a canvas hidden with an edit
        # open (the compare overlay hides the target canvas) still holds that edit, and
        # switching its map must settle it like any other.
        return not self.line_edit.isHidden()

    def error_text(self) -> str:
        return "" if self.error_label.isHidden() else self.error_label.text()

    def open(
        self,
        rect: QRect,
        text: str,
        validate: Validator,
        commit: Committer,
        target: tuple[str, str, str],
    ) -> None:
        """Show the editor over ``rect`` (viewport coordinates), at least a finger tall."""
        if self.is_open and not self.submit():
            self.cancel()  # the open edit was refused and the user moved on to another field
        self._validate, self._commit, self.target = validate, commit, target
        self.place(rect)
        self.line_edit.setText(text)
        self.line_edit.selectAll()
        self.error_label.hide()
        self.line_edit.show()
        self.line_edit.raise_()
        self.line_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def place(self, rect: QRect) -> None:
        """Put the editor over ``rect`` (viewport coordinates), e.g. after a zoom or scroll."""
        height = max(rect.height(), int(style.MIN_TARGET))
        width = max(rect.width(), 120)
        geometry = QRect(0, 0, width, height)
        geometry.moveCenter(rect.center())
        self.line_edit.setGeometry(geometry)
        if self.error_label.isVisible():
            self._place_error()

    def submit(self) -> bool:
        """Validate and commit; on refusal show why and keep the editor open."""
        if not self.is_open or self._validate is None or self._commit is None:
            return False
        try:
            value = self._validate(self.line_edit.text())
        except (DurationError, ValueError) as exc:
            self._show_error(str(exc))
            return False
        commit = self._commit
        self._close()
        commit(value)
        self.closed.emit(True)
        return True

    def cancel(self) -> None:
        if self.is_open:
            self._close()
            self.closed.emit(False)

    def _close(self) -> None:
        self.line_edit.hide()
        self.error_label.hide()
        self._validate = self._commit = None
        self.target = None
        self.viewport.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setMaximumWidth(320)
        self.error_label.adjustSize()
        self._place_error()
        self.error_label.show()
        self.error_label.raise_()
        self.line_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _place_error(self) -> None:
        edit = self.line_edit.geometry()
        label = self.error_label
        x = edit.right() + 8
        if x + label.width() > self.viewport.width():
            # No room to the right: put the reason under the field instead.
            x = max(0, edit.left())
            label.move(x, edit.bottom() + 6)
        else:
            label.move(x, edit.center().y() - label.height() // 2)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.line_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
                self.submit()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.cancel()
                return True
        if watched is self.line_edit and event.type() == QEvent.Type.FocusOut and self.is_open:
            # Leaving the field commits valid input; refused input stays open with its reason.
            reason = getattr(event, "reason", lambda: None)()
            if reason not in (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.OtherFocusReason):
                self.submit()
        return False
