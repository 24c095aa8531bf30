"""Measurements in the app: import real delivery data, measure each stage, show it.

``install_measure(window)`` adds the Data menu (Import events…, Import outcomes…, Imports…,
and the Measurements, Hooks and Charts views), docks the Measurements and Hooks panels under
the canvas (hidden until used) and opens the charts in their own window. pyqtgraph loads only
when the charts are first opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget

from vsm_desktop.model import ELAPSED, AddMapCommand
from vsm_desktop.ui.dialogs import prompts

from . import file_prompts
from .data import MeasureData
from .hooks_panel import HooksPanel
from .import_dialog import ImportDialog
from .import_state import ImportDialogState
from .imports_dialog import ImportsDialog
from .jobs import DraftSpec, ImportOutcome
from .measurements_panel import MeasurementsPanel

if TYPE_CHECKING:
    from vsm_desktop.ui.document import Document
    from vsm_desktop.ui.main_window import MainWindow

    from .charts import ChartsPanel

__all__ = ["MeasureController", "install_measure"]


class MeasureController(QObject):
    """Owns the measurement data, panels and dialogs of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("measure_controller")
        self.window = window
        self.data = MeasureData(window.document, self)
        self.data.failed.connect(lambda m: window.statusBar().showMessage(m, 8000))
        self.measurements = MeasurementsPanel(self.data)
        self.hooks = HooksPanel(self.data)
        self.charts: ChartsPanel | None = None
        self.import_dialog: ImportDialog | None = None
        self.imports_dialog: ImportsDialog | None = None

        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        self.measurements_dock = window.add_panel("Measurements", self.measurements, bottom)
        self.hooks_dock = window.add_panel("Hooks", self.hooks, bottom)
        # Under the metrics strip, full width, the two tabbed; hidden until first used.
        metrics = window.dock("Metrics")
        window.splitDockWidget(metrics, self.measurements_dock, Qt.Orientation.Vertical)
        window.tabifyDockWidget(self.measurements_dock, self.hooks_dock)
        self.measurements_dock.hide()
        self.hooks_dock.hide()

        menu = window.menu("&Data")
        self.import_action = self._action(
            "&Import events…", "action_import_events", self.import_events
        )
        self.import_action.setShortcut("Ctrl+I")
        self.import_outcomes_action = self._action(
            "Import &outcomes (incidents, deploys, feature bets)…",
            "action_import_outcomes",
            lambda: self.import_events("incidents"),
        )
        self.imports_action = self._action("Imp&orts…", "action_imports", self.show_imports)
        self.show_measure_action = self._action(
            "&Measurements", "action_measurements", lambda: self.show_dock(self.measurements_dock)
        )
        self.show_hooks_action = self._action(
            "&Hooks", "action_hooks", lambda: self.show_dock(self.hooks_dock)
        )
        self.charts_action = self._action("&Charts…", "action_charts", self.show_charts)
        for action in (self.import_action, self.import_outcomes_action, self.imports_action):
            menu.addAction(action)
        menu.addSeparator()
        for action in (self.show_measure_action, self.show_hooks_action, self.charts_action):
            menu.addAction(action)
        window.document_replaced.connect(self._on_document_replaced)

    def _action(self, text: str, name: str, slot: object) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.triggered.connect(lambda *_a: slot())  # type: ignore[operator]
        return action

    @property
    def document(self) -> Document:
        return self.window.document

    def _on_document_replaced(self, document: Document) -> None:
        self.data.set_document(document)
        self.measurements.set_document(document)
        self.hooks.set_document(document)
        if self.charts is not None:
            self.charts.set_document(document)

    # -- showing -------------------------------------------------------------------------------
    def show_dock(self, dock: QDockWidget) -> None:
        dock.show()
        dock.raise_()
        if not dock.isFloating():
            metrics = self.window.dock("Metrics")
            height = 420 if dock is self.hooks_dock else 300  # the hook lists need room
            self.window.resizeDocks([metrics, dock], [130, height], Qt.Orientation.Vertical)

    def show_charts(self) -> ChartsPanel:
        """Open (or raise) the charts window."""
        from .charts import ChartsPanel

        if self.charts is None:
            self.charts = ChartsPanel(self.data, self.window)
            self.charts.setWindowFlag(Qt.WindowType.Window, True)
            self.charts.setWindowTitle("Measurement charts — VSM Desktop")
            self.charts.resize(1200, 760)
        self.charts.show()
        self.charts.raise_()
        self.charts.refresh()
        return self.charts

    def show_imports(self) -> ImportsDialog:
        if self.imports_dialog is None:
            self.imports_dialog = ImportsDialog(self.data, self.window)
        self.imports_dialog.refresh()
        self.imports_dialog.show()
        self.imports_dialog.raise_()
        return self.imports_dialog

    # -- importing -----------------------------------------------------------------------------
    def _ensure_saved(self) -> bool:
        """Imports go into the workspace file: a never-saved workspace is saved first."""
        if self.document.path is not None:
            return True
        if not prompts.confirm(
            self.window,
            "Save the workspace first",
            "Imported data is stored in the workspace file, next to the maps.\n\n"
            "Save the workspace now?",
        ):
            return False
        return self.window.save() and self.document.path is not None

    def import_events(self, kind: str = "events") -> ImportDialog | None:
        """Data ▸ Import…: save if needed, pick a file, open the column-mapping dialog."""
        if not self._ensure_saved():
            return None
        assert self.document.path is not None
        file = file_prompts.ask_import_file(self.window, str(self.document.path.parent))
        if not file:
            return None
        return self.open_import_dialog(Path(file), kind)

    def open_import_dialog(self, file: Path, kind: str = "events") -> ImportDialog | None:
        """The column-mapping dialog for ``file`` (window-modal, not blocking)."""
        if not self._ensure_saved():
            return None
        assert self.document.path is not None
        state = ImportDialogState(file)
        if kind != "events":
            state.set_kind(kind)
        current = self.document.current_map
        dialog = ImportDialog(
            state,
            self.document.path,
            map_name=current.name if current is not None else None,
            map_id=current.id if current is not None else None,
            draft=self._draft_spec,
            parent=self.window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._on_imported)
        dialog.destroyed.connect(lambda *_a: setattr(self, "import_dialog", None))
        self.import_dialog = dialog
        dialog.open()
        return dialog

    def _draft_spec(self, stem: str) -> DraftSpec:
        current = self.document.current_map
        calendar = current.calendar if current is not None else ELAPSED
        return DraftSpec(f"Measured: {stem}", calendar, dict(self.document.workspace.settings))

    def _on_imported(self, outcome: ImportOutcome) -> None:
        s = outcome.summary
        self.data.reload()
        if outcome.draft is not None:
            self.document.push(AddMapCommand(outcome.draft, label="Add draft map from the log"))
            self.document.set_current_map(outcome.draft.id)
        skipped = f", {s.skipped:,} bad rows skipped" if s.skipped else ""
        # How the file was read (e.g. the date order chosen) is worth a glance right away; the
        # Imports dialog keeps it on the import's row.
        notes = f" ({'; '.join(s.notes)})" if s.notes else ""
        self.window.statusBar().showMessage(
            f"Imported {s.rows:,} {s.kind} rows from {Path(s.source).name} as import "
            f"{s.import_id}{skipped}{notes}",
            15000 if notes else 10000,
        )
        if s.kind == "events":
            self.show_dock(self.measurements_dock)


def install_measure(window: MainWindow) -> MeasureController:
    """Add the Data menu, the Measurements and Hooks panels and the charts to ``window``."""
    return MeasureController(window)
