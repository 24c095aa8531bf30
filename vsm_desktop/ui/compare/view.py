"""The compare view: two maps stacked, side by side or overlaid, with their figures, stage diff,
charts and summary, all following every edit of either map."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vsm_desktop.model import Change
from vsm_desktop.ui.panels.binding import Connections
from vsm_desktop.ui.theme import current_theme

from .canvases import LAYOUTS, CanvasPair, Layout
from .charts import StageChart, TotalsChart
from .diff_tree import DiffTree
from .figures_table import FiguresTable
from .overlay import DEFAULT_GHOST_OPACITY
from .state import CompareResult, CompareState
from .summary_box import SummaryBox

if TYPE_CHECKING:
    from vsm_desktop.ui.document import Document

__all__ = ["CompareView"]


class CompareView(QWidget):
    """Current versus target for one document.

    Shown as its own window by the Compare menu (so a facilitator can put it on the projector
    while editing on the laptop), but it is a plain widget and can sit in a dock or a tab too.
    Edits made on its canvases go through the document like any other.
    """

    def __init__(
        self, document: Document, focus_map_id: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("compare_view")
        self.setWindowTitle("Compare")
        self.document = document
        self.state = CompareState(document.workspace, focus_map_id, document.metrics)
        self.result: CompareResult | None = None
        self._connections = Connections()
        self._listening = False
        self._filling = False  # the combo boxes are being written back: ignore their signals
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)

        self.current_combo = QComboBox(self)
        self.current_combo.setObjectName("compare_current_map")
        self.target_combo = QComboBox(self)
        self.target_combo.setObjectName("compare_target_map")
        for combo in (self.current_combo, self.target_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._on_combo)
        self.swap_button = QPushButton("⇄ Swap", self)
        self.swap_button.setToolTip("Swap the two sides")
        self.swap_button.clicked.connect(self.swap)
        self.link_check = QCheckBox("Link zoom && pan", self)
        self.link_check.setChecked(True)
        self.highlight_check = QCheckBox("Highlight differences", self)
        self.highlight_check.setChecked(True)
        self.highlight_check.setToolTip("Outline added stages green, removed red, changed amber")
        self.layout_combo = QComboBox(self)
        self.layout_combo.setObjectName("compare_layout")
        self.layout_combo.setToolTip(
            "Show the maps one above the other, side by side, or the target drawn faded over "
            "the current map on one canvas"
        )
        for mode, label in LAYOUTS.items():
            self.layout_combo.addItem(label, mode)
        self.layout_combo.currentIndexChanged.connect(self._on_layout)
        self.ghost_label = QLabel("Target:", self)
        self.ghost_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.ghost_slider.setObjectName("compare_ghost_opacity")
        self.ghost_slider.setRange(0, 100)
        self.ghost_slider.setValue(round(DEFAULT_GHOST_OPACITY * 100))
        self.ghost_slider.setFixedWidth(120)
        self.ghost_slider.setToolTip("How strongly the target shows over the current map")
        self.ghost_slider.valueChanged.connect(self._on_ghost_opacity)
        for widget in (self.ghost_label, self.ghost_slider):
            widget.setVisible(False)
        self.fit_button = QPushButton("Fit both", self)
        self.fit_button.clicked.connect(self.fit)
        self.message = QLabel(self)
        self.message.setObjectName("compare_message")

        bar = QHBoxLayout()
        bar.setContentsMargins(10, 8, 10, 4)
        bar.setSpacing(8)
        bar.addWidget(QLabel("Current:", self))
        bar.addWidget(self.current_combo)
        bar.addWidget(QLabel("→", self))
        bar.addWidget(QLabel("Target:", self))
        bar.addWidget(self.target_combo)
        bar.addWidget(self.swap_button)
        bar.addSpacing(16)
        bar.addWidget(self.link_check)
        bar.addWidget(self.highlight_check)
        bar.addWidget(self.layout_combo)
        bar.addWidget(self.ghost_label)
        bar.addWidget(self.ghost_slider)
        bar.addWidget(self.fit_button)
        bar.addStretch(1)
        bar.addWidget(self.message)

        self.figures = FiguresTable(self)
        self.summary = SummaryBox(self)
        self.diff = DiffTree(self)
        self.totals_chart = TotalsChart(self)
        self.stage_chart = StageChart(self)
        self.diff.stage_activated.connect(self.show_stage)

        left = QSplitter(Qt.Orientation.Vertical, self)
        left.addWidget(self.figures)
        left.addWidget(self.summary)
        left.setSizes([300, 170])
        left.setChildrenCollapsible(False)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.stage_chart, "Wait and touch per stage")
        self.tabs.addTab(self.totals_chart, "Headline times")
        self.tabs.addTab(self.diff, "Stage changes")
        self.bottom = QSplitter(Qt.Orientation.Horizontal, self)
        self.bottom.addWidget(left)
        self.bottom.addWidget(self.tabs)
        self.bottom.setSizes([620, 980])

        self.canvases = CanvasPair(document, self)
        self._wire_canvases()
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.addWidget(self.canvases)
        self.split.addWidget(self.bottom)
        self.split.setSizes([520, 460])
        self.split.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.split, 1)

        undo = document.undo_stack.createUndoAction(self, "Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = document.undo_stack.createRedoAction(self, "Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.addActions([undo, redo])

        self._listen(document)
        self._fill_combos()
        self.canvases.show_pair(self.state.current_id, self.state.target_id)
        self._theme = ""
        self.apply_theme()
        QTimer.singleShot(0, self.fit)

    # -- public ----------------------------------------------------------------------------------
    def set_pair(self, current_id: str | None, target_id: str | None) -> None:
        """Compare these two maps (ids of the document's workspace)."""
        if self.state.set_pair(current_id, target_id):
            self._pair_changed()

    @property
    def layout_mode(self) -> Layout:
        return self.canvases.layout_mode

    def set_layout(self, mode: Layout) -> None:
        """Stacked, side by side, or the target overlaid on the current map."""
        self.layout_combo.setCurrentIndex(self.layout_combo.findData(mode))

    def swap(self) -> None:
        self.state.swap()
        self._pair_changed()

    def set_document(self, document: Document) -> None:
        """Follow a new document (after New/Open): rebuild the canvases, pick its default pair."""
        self._connections.clear()
        self.document = document
        self.state = CompareState(document.workspace, document.current_map_id, document.metrics)
        old = self.canvases
        self.canvases = CanvasPair(document, self)
        self._wire_canvases()
        self.canvases.set_linked(self.link_check.isChecked())
        self.canvases.highlight = self.highlight_check.isChecked()
        self.canvases.set_layout(self.layout_combo.currentData())
        self.canvases.set_ghost_opacity(self.ghost_slider.value() / 100)
        self.split.replaceWidget(0, self.canvases)
        old.deleteLater()
        self._listen(document)
        self._fill_combos()
        self.canvases.show_pair(self.state.current_id, self.state.target_id)
        self.apply_theme()

    def refresh(self) -> None:
        """Recompute and redraw everything for the current pair, now."""
        self._timer.stop()
        result = self.state.compute()
        self.result = result
        if result is None:
            missing = "two maps" if len(self.document.workspace.maps) < 2 else "a map for a side"
            self.message.setText(f"Pick {missing} to compare")
            self.setWindowTitle("Compare")
            self.canvases.set_status({}, {})
            return
        cur, tgt = result.current_map, result.target_map
        self.message.setText("")
        self.setWindowTitle(f"Compare — {cur.name} → {tgt.name}")
        self.figures.figures_model.set_rows(result.figures, cur.name, tgt.name)
        self.summary.show_lines(result.summary)
        self.diff.show_diff(result.diff, cur.name, tgt.name)
        self.totals_chart.show_data(result.chart, cur.name, tgt.name)
        self.stage_chart.show_data(result.chart, cur.name, tgt.name)
        lead = result.figure("lead_time_s")
        flow = result.figure("flow_efficiency_pct")
        self.canvases.set_captions(
            (cur.name, f"LT {lead.current} · FE {flow.current}"),
            (tgt.name, f"LT {lead.target} · FE {flow.target}"),
        )
        self.canvases.set_status(result.current_status, result.target_status)

    def fit(self) -> None:
        self.canvases.fit()

    def apply_theme(self) -> None:
        """Follow the application theme: canvas palette, chart and table colours."""
        from vsm_desktop.ui.canvas.palette import PALETTES

        name = current_theme().name
        self._theme = name
        palette = PALETTES.get(name)
        for pane in (self.canvases.current, self.canvases.target):
            set_palette = getattr(pane.view, "set_palette", None)
            if palette is not None and callable(set_palette):
                set_palette(palette)
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        # apply_theme() swaps the application palette: every widget hears PaletteChange.
        if event.type() == QEvent.Type.PaletteChange and current_theme().name != self._theme:
            QTimer.singleShot(0, self.apply_theme)
        super().changeEvent(event)

    def show_stage(self, current_id: str, target_id: str) -> None:
        """Centre both canvases on a stage from the diff (each side that has it)."""
        panes = (self.canvases.current, self.canvases.target)
        for pane, stage_id in zip(panes, (current_id, target_id), strict=True):
            items = getattr(pane.scene(), "item_for_stage", {})
            item = items.get(stage_id) if stage_id else None
            if item is not None:
                pane.view.centerOn(item)
                item.scene().clearSelection()
                item.setSelected(True)

    def schedule_refresh(self) -> None:
        self._timer.start()

    # -- internals -------------------------------------------------------------------------------
    def _wire_canvases(self) -> None:
        self.link_check.toggled.connect(self.canvases.set_linked)
        self.highlight_check.toggled.connect(self.canvases.set_highlight)

    def _on_layout(self, _index: int) -> None:
        mode: Layout = self.layout_combo.currentData()
        self.canvases.set_layout(mode)
        for widget in (self.ghost_label, self.ghost_slider):
            widget.setVisible(mode == "overlay")
        QTimer.singleShot(0, self.fit)

    def _on_ghost_opacity(self, value: int) -> None:
        self.canvases.set_ghost_opacity(value / 100)

    def _listen(self, document: Document) -> None:
        self._listening = True
        self._connections.connect(document.metrics_changed, self._on_metrics_changed)
        self._connections.connect(document.changed, self._on_change)

    def _on_metrics_changed(self, map_id: str) -> None:
        if map_id in (self.state.current_id, self.state.target_id):
            self.schedule_refresh()

    def _on_change(self, change: Change) -> None:
        if change.what != "map":
            return
        if change.action == "removed" and self.state.follow_workspace():
            self._fill_combos()
            self.canvases.show_pair(self.state.current_id, self.state.target_id)
            self.schedule_refresh()
            return
        # Added, renamed or removed elsewhere: the pickers list every map by name.
        self._fill_combos()
        if not self.state.ready:
            self.state.follow_workspace()
            self.canvases.show_pair(self.state.current_id, self.state.target_id)
            self.schedule_refresh()

    def _pair_changed(self) -> None:
        self._fill_combos()
        self.canvases.show_pair(self.state.current_id, self.state.target_id)
        self.refresh()
        self.fit()

    def _fill_combos(self) -> None:
        self._filling = True
        try:
            choices = self.state.map_choices()
            for combo, selected in (
                (self.current_combo, self.state.current_id),
                (self.target_combo, self.state.target_id),
            ):
                combo.clear()
                for map_id, name in choices:
                    combo.addItem(name, map_id)
                combo.setCurrentIndex(combo.findData(selected) if selected else -1)
        finally:
            self._filling = False

    def _on_combo(self, _index: int) -> None:
        if self._filling:
            return
        self.set_pair(self.current_combo.currentData(), self.target_combo.currentData())

    def closeEvent(self, event: QCloseEvent) -> None:
        # A closed view must not recompute or redraw on every edit: drop the listeners and
        # the canvases' items; showing it again rebuilds both.
        self._connections.clear()
        self._listening = False
        self.canvases.show_pair(None, None)
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        if not self._listening:
            self._listen(self.document)
            self.state.follow_workspace()
            self._fill_combos()
            self.canvases.show_pair(self.state.current_id, self.state.target_id)
            self.refresh()
            QTimer.singleShot(0, self.fit)
        super().showEvent(event)
