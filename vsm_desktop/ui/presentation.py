"""Presentation mode (F5): the map full screen for a projector.

Panels, tool bar and menus go away, the high-contrast palette comes in, and the headline
figures stay on screen as a bar in large type. Esc (or F5 again) restores the window exactly as
it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vsm_desktop.ui import theme
from vsm_desktop.ui.panels.binding import Connections
from vsm_desktop.ui.panels.metrics_panel import MetricsPanel

if TYPE_CHECKING:
    from vsm_desktop.ui.document import Document
    from vsm_desktop.ui.main_window import MainWindow


class FiguresBar(QFrame):
    """The headline figures in presentation size, with the map's name above them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figuresBar")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(2)
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSize(20)
        font.setBold(True)
        self.title.setFont(font)
        self.metrics = MetricsPanel(value_pt=34, columns=7, show_hints=False, parent=self)
        # On a touch screen there may be no Esc key: a finger-sized way out.
        self.exit_button = QPushButton("✕  Exit presentation (Esc)", self)
        self.exit_button.setMinimumHeight(44)
        self.exit_button.setCursor(Qt.CursorShape.PointingHandCursor)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.exit_button)
        layout.addLayout(header)
        layout.addWidget(self.metrics)
        self._document: Document | None = None
        self._connections = Connections()

    def set_document(self, document: Document | None) -> None:
        self._connections.clear()
        self._document = document
        self.metrics.set_document(document)
        if document is not None:
            self._connections.connect(document.current_map_changed, self._update_title)
        self._update_title()

    def refresh(self, screen_width: int = 1920) -> None:
        # As large as seven figures in one row allow: 29 pt on a 1920 px projector.
        self.metrics.strip.set_value_pt(max(14, min(40, int((screen_width - 80) / 66))))
        self.metrics.refresh()
        self._update_title()
        t = theme.current_theme()
        self.setStyleSheet(
            f"#figuresBar {{ background: {t.window}; border-top: 2px solid {t.accent}; }}"
        )
        self.title.setStyleSheet(f"color: {t.text};")

    def _update_title(self, *_args: object) -> None:
        value_map = self._document.current_map if self._document is not None else None
        self.title.setText(value_map.name if value_map is not None else "")


class PresentationController(QObject):
    """Enters and leaves presentation mode for one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.bar = FiguresBar()
        self.bar.hide()
        self.bar.exit_button.clicked.connect(self.leave)
        self._saved_state: QByteArray | None = None
        self._was_maximized = False
        self._was_fullscreen = False
        self._hidden: list[QWidget] = []
        self._escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), window)
        self._escape.setContext(Qt.ShortcutContext.WindowShortcut)
        self._escape.setEnabled(False)
        self._escape.activated.connect(self.leave)
        # Ctrl+O and Ctrl+N still work while presenting (the actions belong to the window):
        # the new document must be presented too, not the closed one.
        window.document_replaced.connect(self._on_document_replaced)
        self._fitted: QWidget | None = None  # the viewport kept fitted while presenting
        self.active = False

    def toggle(self) -> None:
        if self.active:
            self.leave()
        else:
            self.enter()

    def enter(self) -> None:
        if self.active:
            return
        window = self.window
        self.active = True
        self._saved_state = window.saveState()
        self._was_maximized = window.isMaximized()
        self._was_fullscreen = window.isFullScreen()
        self._hidden = [
            w
            for w in (*window.docks(), *window.toolbars(), window.menuBar(), window.statusBar())
            if w.isVisible()
        ]
        for widget in self._hidden:
            widget.hide()
        self._apply_palette(theme.HIGH_CONTRAST)
        self.bar.set_document(window.document)
        self.bar.refresh(self._screen_width())
        self.bar.show()
        self._escape.setEnabled(True)
        window.presentation_action().setChecked(True)
        self._set_scroll_bars(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        window.showFullScreen()
        self._keep_fitted()

    def leave(self) -> None:
        if not self.active:
            return
        window = self.window
        self.active = False
        self._stop_fitting()
        self._escape.setEnabled(False)
        self.bar.hide()
        self.bar.set_document(None)
        self._set_scroll_bars(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        # The theme the window holds now: one picked while presenting wins over the old one.
        self._apply_palette(self.window.theme_name)
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        if self._was_fullscreen:
            pass
        elif self._was_maximized:
            window.showMaximized()
        else:
            window.showNormal()
        if self._saved_state is not None:
            window.restoreState(self._saved_state)
        window.presentation_action().setChecked(False)
        window.map_view().zoom_to_fit()

    def _on_document_replaced(self, document: Document) -> None:
        if not self.active:
            return
        self.bar.set_document(document)
        self.bar.refresh(self._screen_width())
        self._set_scroll_bars(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._keep_fitted()

    def _keep_fitted(self) -> None:
        """Fit the map now and again whenever the canvas changes size while presenting: full
        screen (and the figures bar's final height) arrive only after enter() returns, so a
        single fit would be for the old window size and run off the projector's edge."""
        self._stop_fitting()
        view = self.window.map_view()
        self._fitted = view.viewport()
        self._fitted.installEventFilter(self)
        view.zoom_to_fit()

    def _stop_fitting(self) -> None:
        if self._fitted is not None:
            self._fitted.removeEventFilter(self)
            self._fitted = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._fitted and event.type() == QEvent.Type.Resize and self.active:
            self.window.map_view().zoom_to_fit()
        return False

    def _screen_width(self) -> int:
        screen = self.window.screen()
        return screen.geometry().width() if screen is not None else 1920

    def _set_scroll_bars(self, policy: Qt.ScrollBarPolicy) -> None:
        # Scroll bars are clutter on a projector; the map is zoomed to fit anyway.
        view = self.window.view
        if isinstance(view, QAbstractScrollArea):
            view.setHorizontalScrollBarPolicy(policy)
            view.setVerticalScrollBarPolicy(policy)

    def _apply_palette(self, name: str) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply_theme(app, name)
        self.window.apply_canvas_palette(name)
        self.window.refresh_panels()
