"""The plain-language summary of the comparison: selectable text and a Copy button."""

from __future__ import annotations

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

__all__ = ["SummaryBox"]


class SummaryBox(QWidget):
    """Read-only, selectable summary lines; "Copy summary" puts them on the clipboard as one
    bullet per line, ready for a slide."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        top = QHBoxLayout()
        title = QLabel("Summary", self)
        font = QFont(title.font())
        font.setBold(True)
        title.setFont(font)
        self.copy_button = QPushButton("Copy summary", self)
        self.copy_button.setObjectName("compare_copy_summary")
        self.copy_button.setToolTip("Copy these lines to paste onto a slide or into a chat")
        self.copy_button.clicked.connect(self.copy)
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.copy_button)
        layout.addLayout(top)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("compare_summary")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        layout.addWidget(self.text, 1)
        self._lines: tuple[str, ...] = ()

    def show_lines(self, lines: tuple[str, ...]) -> None:
        if lines == self._lines:
            return
        self._lines = lines
        self.text.setPlainText("\n".join(f"• {line}" for line in lines))

    def lines(self) -> tuple[str, ...]:
        return self._lines

    def copy(self) -> None:
        QGuiApplication.clipboard().setText("\n".join(f"• {line}" for line in self._lines))
