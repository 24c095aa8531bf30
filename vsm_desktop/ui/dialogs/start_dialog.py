"""The start dialog of a first run: one large button per way to begin (see :mod:`..first_run`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from ..first_run import StartOption


WIDTH = 640


class StartDialog(QDialog):
    """Lists the start options; clicking one closes the dialog with that choice."""

    def __init__(self, options: Sequence[StartOption], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("start_dialog")
        self.setWindowTitle("Welcome to VSM Desktop")
        self.setModal(True)
        self.options = list(options)
        self.chosen: StartOption | None = None
        self.buttons: dict[str, QCommandLinkButton] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(6)
        header = QHBoxLayout()
        logo = QLabel(self)
        logo.setPixmap(_logo(64))
        header.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        heading = QLabel(
            "<h2 style='margin:0'>How do you want to start?</h2>"
            "<p>Map how work flows from idea to customer, see where the time goes, agree a "
            "target and export it to Excel. You can change everything later.</p>",
            self,
        )
        heading.setWordWrap(True)
        header.addWidget(heading, 1)
        layout.addLayout(header)
        layout.addSpacing(8)

        for option in self.options:
            button = QCommandLinkButton(option.title, option.description, self)
            button.setObjectName(f"start_{option.key}")
            # Command links size their height badly for wrapped descriptions: fix it for the
            # dialog's width, and let a stretch take any spare height.
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            button.setFixedHeight(button.heightForWidth(WIDTH - 48) + 4)
            button.clicked.connect(lambda _checked=False, o=option: self._choose(o))
            self.buttons[option.key] = button
            layout.addWidget(button)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Keep the demo")
        close.rejected.connect(self.reject)
        layout.addStretch(1)
        layout.addWidget(close)
        self.resize(WIDTH, self.sizeHint().height())
        first = self.buttons.get(self.options[0].key) if self.options else None
        if first is not None:
            first.setDefault(True)
            first.setFocus()

    def _choose(self, option: StartOption) -> None:
        self.chosen = option
        self.accept()

    def choose(self) -> StartOption | None:
        """Run the dialog; the option clicked, or ``None`` when it was closed."""
        self.chosen = None
        return self.chosen if self.exec() == QDialog.DialogCode.Accepted else None


def _logo(size: int) -> QPixmap:
    from vsm_desktop.resources import app_icon

    return app_icon().pixmap(size, size)
