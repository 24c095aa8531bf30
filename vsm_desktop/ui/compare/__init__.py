"""Current versus target: the compare view and its one-line hook into the main window.

``install_compare(window)`` adds *Compare ▸ Compare Current vs Target…*; the view opens as its
own window (a facilitator can put it on the projector and keep editing on the laptop) and
follows the window's document, also after New/Open. The view (and pyqtgraph, ~0.4 s to import)
loads on first use, so installing the menu entry costs the app's start-up nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from vsm_desktop.ui.document import Document
    from vsm_desktop.ui.main_window import MainWindow

    from .view import CompareView

__all__ = ["CompareLauncher", "CompareView", "install_compare", "open_compare"]

SHORTCUT = "Ctrl+Shift+K"


class CompareLauncher(QObject):
    """Owns the compare window of one main window: opens it, raises it, keeps its document."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("compare_launcher")
        self.window = window
        self.view: CompareView | None = None
        self.action = QAction("&Compare Current vs Target…", window)
        self.action.setObjectName("action_compare")
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setStatusTip("Open the current map and its target side by side, with deltas")
        self.action.triggered.connect(self.open)
        window.document_replaced.connect(self._on_document_replaced)

    def open(self) -> CompareView:
        """Show the compare window (made on first use) for the map the user is looking at."""
        from .view import CompareView

        document: Document = self.window.document
        if self.view is None:
            self.view = CompareView(document, document.current_map_id, self.window)
            # A separate top-level window that still closes with (and stays above) the app.
            self.view.setWindowFlag(Qt.WindowType.Window, True)
            self.view.resize(1600, 1000)
        self.view.show()
        self.view.raise_()
        self.view.activateWindow()
        return self.view

    def _on_document_replaced(self, document: Document) -> None:
        if self.view is not None:
            self.view.set_document(document)


def install_compare(window: MainWindow) -> CompareLauncher:
    """Add the Compare menu entry to ``window``; returns the launcher (tests open it)."""
    launcher = CompareLauncher(window)
    window.menu("&Compare").addAction(launcher.action)
    return launcher


def open_compare(window: MainWindow) -> CompareView:
    """Open (or raise) the compare window of ``window``, fitted to both maps; for scripts and
    tests that have no menu to click."""
    launcher = window.findChild(CompareLauncher, "compare_launcher") or install_compare(window)
    view = launcher.open()
    view.fit()
    return view


def __getattr__(name: str) -> Any:
    if name == "CompareView":
        from .view import CompareView

        return CompareView
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
