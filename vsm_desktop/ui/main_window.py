"""The main window: the canvas in the centre, panels docked around it, menus and tool bar.

The window only wires things together: panels edit through the document, file operations live
in :mod:`.file_ops`, actions are built in :mod:`.actions`, presentation mode in
:mod:`.presentation`. Other features plug in with :meth:`MainWindow.menu` and
:meth:`MainWindow.add_panel`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from . import theme
from .actions import build_actions, build_menus, build_toolbar
from .autosave import Autosaver
from .compare import install_compare
from .dialogs import prompts
from .document import Document
from .excel import install_excel
from .file_ops import FileOps
from .measure import install_measure
from .panels.maps_panel import MapsPanel
from .panels.metrics_panel import MetricsPanel
from .panels.problems_panel import ProblemsPanel
from .panels.properties import PropertiesPanel
from .presentation import PresentationController
from .settings import AppSettings

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from .canvas.view import MapView

APP_TITLE = "VSM Desktop"
DEFAULT_SIZE = (1600, 1000)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.replace("&", "").lower()).strip("_")


def _dropped_workspace(mime: QMimeData) -> Path | None:
    """The one local ``.vsm`` file in a drag, if that is what it carries."""
    urls = [u for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []
    if len(urls) != 1:
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.suffix.lower() == ".vsm" else None


def _drop_document(document: Document) -> None:
    """Close and delete a document the window no longer shows."""
    # QUndoStack's destructor clears itself and emits cleanChanged; nobody may hear that.
    document.undo_stack.blockSignals(True)
    document.close()
    document.deleteLater()


class MainWindow(QMainWindow):
    """One workspace on screen.

    Signals:
      * ``document_replaced(Document)`` — after New/Open/recovery swapped the document; panels
        added with :meth:`add_panel` connect here to follow the current workspace.
    """

    document_replaced = Signal(object)

    def __init__(
        self,
        document: Document | None = None,
        settings: AppSettings | None = None,
        recovery_dir: Path | None = None,
        autosave_s: int | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings if settings is not None else AppSettings()
        self.setObjectName("main_window")
        self.setAcceptDrops(True)  # drop a .vsm file to open it
        self.resize(*DEFAULT_SIZE)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks
            | QMainWindow.DockOption.AllowTabbedDocks
            | QMainWindow.DockOption.AllowNestedDocks
        )
        self._menus: dict[str, QMenu] = {}
        self._docks: dict[str, QDockWidget] = {}
        self.panels_menu: QMenu | None = None
        self.theme_name = self.settings.theme()
        self.undo_group = QUndoGroup(self)
        self.document: Document = document if document is not None else Document.new()
        self.document.setParent(self)
        self.view: MapView | None = None  # made by _install_document at the end of start-up

        self.maps_panel = MapsPanel()
        self.properties_panel = PropertiesPanel()
        self.metrics_panel = MetricsPanel()
        self.problems_panel = ProblemsPanel()
        self.file_ops = FileOps(self)
        self.presentation = PresentationController(self)
        self.autosaver = Autosaver(
            lambda: self.document,
            autosave_s if autosave_s is not None else self.settings.autosave_interval_s(),
            recovery_dir,
            self,
        )
        self.autosaver.saved.connect(self._on_autosaved)
        self.autosaver.failed.connect(lambda message: self.statusBar().showMessage(message, 8000))

        self._central = QWidget(self)
        self._central_layout = QVBoxLayout(self._central)
        self._central_layout.setContentsMargins(0, 0, 0, 0)
        self._central_layout.setSpacing(0)
        self._central_layout.addWidget(self.presentation.bar)
        self.setCentralWidget(self._central)

        self.window_actions = build_actions(self)
        build_menus(self, self.window_actions)
        self.toolbar = build_toolbar(self, self.window_actions)
        self.window_actions.recent_menu.aboutToShow.connect(self.file_ops.fill_recent_menu)
        self._build_docks()
        self.status_file = QLabel(self)
        self.status_autosave = QLabel(self)
        self.status_zoom = QLabel(self)
        self.status_zoom.setToolTip("Zoom (Ctrl+0 fits the map)")
        self.statusBar().addPermanentWidget(self.status_autosave)
        self.statusBar().addPermanentWidget(self.status_zoom)
        self.statusBar().addPermanentWidget(self.status_file)
        self.maps_panel.status_message.connect(lambda m: self.statusBar().showMessage(m, 6000))
        self.problems_panel.stage_activated.connect(self.select_stage)

        self.window_actions.snap.setChecked(self.settings.snap())
        self.window_actions.waste.setChecked(self.settings.waste_coloring())
        self._install_document(self.document)
        self.set_theme(self.theme_name, remember=False)
        self._install_features()
        help_menu = self.menu("&Help")
        help_menu.addAction("&About VSM Desktop", lambda: prompts.show_about(self))
        self._restore_layout()

    # -- extension points --------------------------------------------------------------------
    def _install_features(self) -> None:
        """Features that plug in with :meth:`menu` and :meth:`add_panel`: one line each, e.g.
        ``install_measurements(self)``. Runs before the saved layout is restored, so their
        panels come back where the user left them."""
        install_compare(self)
        install_excel(self)
        install_measure(self)

    def menu(self, name: str) -> QMenu:
        """The top-level menu called ``name`` ("Data", "&Compare" ...), created on first use.

        Other features add their actions here, e.g. ``window.menu("Data").addAction(...)``.
        """
        key = name.replace("&", "").strip().lower()
        existing = self._menus.get(key)
        if existing is not None:
            return existing
        menu = QMenu(name if "&" in name else f"&{name}", self)
        help_menu = self._menus.get("help")
        if help_menu is not None:
            # Help stays last, wherever features add their menus.
            self.menuBar().insertMenu(help_menu.menuAction(), menu)
        else:
            self.menuBar().addMenu(menu)
        menu.setObjectName(f"menu_{_slug(name)}")
        self._menus[key] = menu
        return menu

    def add_panel(
        self,
        title: str,
        widget: QWidget,
        area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea,
    ) -> QDockWidget:
        """Dock ``widget`` as a panel called ``title``; listed in View ▸ Panels, its place is
        kept in the settings. Panels in the same area are tabbed together."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{_slug(title)}")
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        same_area = [d for d in self._docks.values() if self.dockWidgetArea(d) == area]
        self.addDockWidget(area, dock)
        if same_area and area == Qt.DockWidgetArea.RightDockWidgetArea:
            self.tabifyDockWidget(same_area[0], dock)
            same_area[0].raise_()
        self._docks[dock.objectName()] = dock
        if self.panels_menu is not None:
            self.panels_menu.addAction(dock.toggleViewAction())
        # A panel added after start-up still gets the place the user gave it last time.
        self.restoreDockWidget(dock)
        return dock

    def docks(self) -> list[QDockWidget]:
        return list(self._docks.values())

    def dock(self, title: str) -> QDockWidget:
        return self._docks[f"dock_{_slug(title)}"]

    def toolbars(self) -> list[QToolBar]:
        return self.findChildren(QToolBar)

    def presentation_action(self) -> QAction:
        return self.window_actions.presentation

    # -- document ----------------------------------------------------------------------------
    def set_document(self, document: Document) -> None:
        """Show ``document`` instead of the current one (which is closed and dropped)."""
        old = self.document
        if old is document:
            return
        self.undo_group.removeStack(old.undo_stack)
        _drop_document(old)
        document.setParent(self)
        self.document = document
        self._install_document(document)
        self.document_replaced.emit(document)

    def _install_document(self, document: Document) -> None:
        self.undo_group.addStack(document.undo_stack)
        self.undo_group.setActiveStack(document.undo_stack)
        self._set_view(self._make_view(document))
        for panel in (
            self.maps_panel,
            self.properties_panel,
            self.metrics_panel,
            self.problems_panel,
        ):
            panel.set_document(document)
        document.current_map_changed.connect(self._on_current_map_changed)
        document.modified_changed.connect(self.setWindowModified)
        document.path_changed.connect(lambda _path: self._update_title())
        if document.current_map_id:
            self._show_map(document.current_map_id)
        self.setWindowModified(document.is_modified)
        self._update_title()

    def _make_view(self, document: Document) -> MapView:
        from .canvas.view import MapView

        view = MapView(document)
        view.selection_changed.connect(self._on_selection_changed)
        view.stage_activated.connect(self._on_stage_activated)
        view.zoom_changed.connect(self._on_zoom_changed)
        return view

    def _set_view(self, view: MapView) -> None:
        if self.view is not None:
            self._central_layout.removeWidget(self.view)
            self.view.deleteLater()
        self.view = view
        self._central_layout.insertWidget(0, view, 1)
        view.set_snap(self.window_actions.snap.isChecked())
        view.set_waste_coloring(self.window_actions.waste.isChecked())
        self.apply_canvas_palette(
            theme.HIGH_CONTRAST if self.presentation.active else self.theme_name
        )

    def current_map_id(self) -> str | None:
        return self.document.current_map_id

    def select_stage(self, stage_id: str) -> None:
        self.map_view().select_stage(stage_id)

    def map_view(self) -> MapView:
        """The canvas of the current document (there is one from the end of start-up on)."""
        if self.view is None:
            raise RuntimeError("the map view is made at the end of MainWindow.__init__")
        return self.view

    def _show_map(self, map_id: str) -> None:
        if map_id:
            self.map_view().show_map(map_id)

    def _on_current_map_changed(self, map_id: str) -> None:
        self._show_map(map_id)
        self._update_title()
        if map_id and self.document.path is not None:
            self.settings.set_last_map(self.document.path, map_id)

    def _on_stage_activated(self, stage_id: str) -> None:
        # Double-click on a stage: take the user to its full set of fields.
        self.select_stage(stage_id)
        dock = self.dock("Properties")
        dock.show()
        dock.raise_()
        self.properties_panel.stage_form.name.setFocus()

    def _on_zoom_changed(self, zoom: float) -> None:
        self.status_zoom.setText(f"{zoom * 100:.0f} %")

    def _on_selection_changed(self, *_args: object) -> None:
        view = self.map_view()
        self.properties_panel.show_selection(
            view.selected_stage_ids(), view.selected_handoff_ids(), view.selected_note_ids()
        )

    # -- view options ------------------------------------------------------------------------
    def set_snap(self, on: bool) -> None:
        self.settings.set_snap(on)
        if self.view is not None:  # start-up: applied again when the view is made
            self.view.set_snap(on)

    def set_waste_coloring(self, on: bool) -> None:
        self.settings.set_waste_coloring(on)
        if self.view is not None:  # start-up: applied again when the view is made
            self.view.set_waste_coloring(on)

    def set_autosave_interval(self, seconds: int) -> None:
        """Autosave every ``seconds`` (0: off), kept in the settings."""
        self.settings.set_autosave_interval_s(seconds)
        self.autosaver.set_interval(seconds)

    def set_theme(self, name: str, *, remember: bool = True) -> None:
        """Switch widgets and canvas to the light or dark theme (kept in the settings)."""
        theme.theme(name)  # refuses an unknown name before anything changes
        self.theme_name = name
        if remember:
            self.settings.set_theme(name)
        self.window_actions.theme_light.setChecked(name == theme.LIGHT)
        self.window_actions.theme_dark.setChecked(name == theme.DARK)
        if self.presentation.active:
            return
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply_theme(app, name)
        self.apply_canvas_palette(name)
        self.refresh_panels()

    def apply_canvas_palette(self, name: str) -> None:
        from .canvas.palette import PALETTES

        palette = PALETTES.get(name)
        if palette is not None and self.view is not None:
            self.view.set_palette(palette)

    def refresh_panels(self) -> None:
        self.metrics_panel.refresh()
        self.problems_panel.refresh()
        form = self.properties_panel.current_form()
        if form is not None:
            form.load()

    def toggle_presentation(self, *_args: object) -> None:
        self.presentation.toggle()

    # -- files (delegated) -------------------------------------------------------------------
    def new_workspace(self) -> bool:
        return self.file_ops.new_workspace()

    def ask_open(self) -> bool:
        return self.file_ops.ask_open()

    def open_path(self, path: str | Path) -> bool:
        return self.file_ops.open_path(Path(path))

    def save(self) -> bool:
        return self.file_ops.save()

    def save_as(self) -> bool:
        return self.file_ops.save_as()

    def export_map(self, kind: str) -> Path | None:
        return self.file_ops.export_map(kind)

    def _on_autosaved(self, path: Path) -> None:
        from datetime import datetime

        self.status_autosave.setText(f"Autosaved {datetime.now():%H:%M}")
        self.status_autosave.setToolTip(str(path))

    # -- layout and closing ------------------------------------------------------------------
    def _build_docks(self) -> None:
        left = Qt.DockWidgetArea.LeftDockWidgetArea
        right = Qt.DockWidgetArea.RightDockWidgetArea
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        # The metrics strip runs the full width under everything: seven big figures need it.
        self.setCorner(Qt.Corner.BottomLeftCorner, bottom)
        self.setCorner(Qt.Corner.BottomRightCorner, bottom)
        maps = self.add_panel("Maps", self.maps_panel, left)
        problems = self.add_panel("Problems", self.problems_panel, left)
        self.splitDockWidget(maps, problems, Qt.Orientation.Vertical)
        properties = self.add_panel("Properties", self.properties_panel, right)
        metrics = self.add_panel("Metrics", self.metrics_panel, bottom)
        metrics.setFeatures(metrics.features() & ~QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.resizeDocks([maps, properties], [250, 340], Qt.Orientation.Horizontal)
        self.resizeDocks([maps, problems], [300, 420], Qt.Orientation.Vertical)
        self.resizeDocks([metrics], [130], Qt.Orientation.Vertical)

    def _restore_layout(self) -> None:
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)

    def save_layout(self) -> None:
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        self.settings.sync()

    def _update_title(self) -> None:
        doc = self.document
        name = doc.path.name if doc.path is not None else "Untitled"
        current = doc.current_map
        map_part = f" · {current.name}" if current is not None else ""
        self.setWindowTitle(f"{name}[*]{map_part} — {APP_TITLE}")
        self.status_file.setText(str(doc.path) if doc.path is not None else "Not saved yet")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_workspace(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_workspace(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.open_path(path)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.presentation.active:
            self.presentation.leave()
        if not self.file_ops.maybe_save():
            event.ignore()
            return
        self.autosaver.timer.stop()
        self.save_layout()
        # The user has saved or discarded by now: stop the dying undo stack from announcing
        # its last clean-state change to a document that is already gone.
        self.document.undo_stack.blockSignals(True)
        event.accept()
        super().closeEvent(event)
