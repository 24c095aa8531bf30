"""The Measurements panel: measured figures per stage of the current map, and Apply to map."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vsm_desktop.measure.stats import STATISTICS, Summary
from vsm_desktop.model import Calendar, format_duration

from .data import Measured, MeasureData
from .map_panel import MapPanel

__all__ = ["STAGE_COLUMNS", "MeasurementsPanel"]

STAGE_COLUMNS = (
    "Stage",
    "Items",
    "Passes",
    "Coverage",
    "Touch mean",
    "Touch median",
    "Touch p85",
    "Touch p95",
    "Wait mean",
    "Wait median",
    "Wait p85",
    "Wait p95",
)
_STATS = ("mean", "median", "p85", "p95")


def fmt(seconds: float, calendar: Calendar) -> str:
    """A measured duration in the map's calendar; ``–`` when there is no data."""
    return "–" if math.isnan(seconds) else format_duration(seconds, calendar)


class MeasurementsPanel(MapPanel):
    """Per-stage items, coverage and touch/wait statistics of the current map."""

    def __init__(self, data: MeasureData, parent: QWidget | None = None) -> None:
        super().__init__(data, parent)
        self.setObjectName("measurements_panel")
        self.measured: Measured | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.summary = QLabel(objectName="measure_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(QLabel("Data"))
        self.imports_box = QComboBox(objectName="imports_box")
        self.imports_box.setToolTip("Which event imports to measure")
        self.imports_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.imports_box.currentIndexChanged.connect(self._on_import_chosen)
        top.addWidget(self.imports_box)
        layout.addLayout(top)
        self.table = QTableWidget(0, len(STAGE_COLUMNS), objectName="measure_table")
        self.table.setHorizontalHeaderLabels(list(STAGE_COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        # Figures share the width; the stage names take what they need.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(70)
        layout.addWidget(self.table, 1)
        self.notes = QLabel(objectName="measure_notes")
        self.notes.setWordWrap(True)
        layout.addWidget(self.notes)
        row = top
        row.addWidget(QLabel("Statistic"))
        self.statistic_box = QComboBox(objectName="statistic_box")
        for stat in STATISTICS:
            self.statistic_box.addItem(stat, stat)
        self.statistic_box.setCurrentIndex(self.statistic_box.findData("median"))
        row.addWidget(self.statistic_box)
        self.apply_button = QPushButton("Apply to map", objectName="apply_to_map")
        self.apply_button.setToolTip(
            "Set touch and wait of every stage with data to this statistic (one undo step); "
            "each stage remembers where its figures came from"
        )
        self.apply_button.clicked.connect(self.apply_to_map)
        row.addWidget(self.apply_button)
        self.follow()
        self.refresh()

    # -- showing -------------------------------------------------------------------------------
    def _fill_imports_box(self) -> None:
        box = self.imports_box
        box.blockSignals(True)  # written here, not chosen by the user
        try:
            box.clear()
            records = self.data.imports("events")
            box.addItem(f"All event imports ({len(records)})", None)
            for r in records:
                name = Path(r.source).name
                box.addItem(f"Import {r.id}: {name} ({r.rows:,} rows)", r.id)
            index = box.findData(self.data.selected) if self.data.selected is not None else 0
            box.setCurrentIndex(max(index, 0))
            box.setEnabled(len(records) > 1)
        finally:
            box.blockSignals(False)

    def _on_import_chosen(self, _index: int) -> None:
        self.data.select_import(self.imports_box.currentData())

    def choose_import(self, import_id: int | None) -> None:
        """Pick the imports to measure through the combo box, as the user does."""
        index = self.imports_box.findData(import_id) if import_id is not None else 0
        if index < 0:
            raise KeyError(f"no event import {import_id} listed")
        self.imports_box.setCurrentIndex(index)

    def refresh(self) -> None:
        self._fill_imports_box()
        value_map = self.document.current_map
        measured = self.data.measure(value_map.id) if value_map is not None else None
        self.measured = measured
        self.table.setRowCount(0)
        self.apply_button.setEnabled(measured is not None)
        if value_map is None:
            self.summary.setText("No map.")
            self.notes.hide()
            return
        if measured is None:
            if self.data.busy:
                self.summary.setText("Measuring…")
            elif self.data.path is None:
                self.summary.setText(
                    "Save the workspace, then use <b>Data ▸ Import events…</b> to measure "
                    "this map from real delivery data."
                )
            else:
                self.summary.setText(
                    "No events imported yet: <b>Data ▸ Import events…</b> reads a CSV, "
                    "Excel, XES or Jira export."
                )
            self.notes.hide()
            return
        self._fill(measured, value_map.calendar)

    def _fill(self, measured: Measured, calendar: Calendar) -> None:
        f = measured.figures
        self.table.setRowCount(len(f.stages))
        for row, s in enumerate(f.stages):
            cells: list[tuple[str, float | None]] = [
                (s.name, None),
                (f"{s.items:,}", s.items),
                (f"{s.visits:,}", s.visits),
                (f"{s.coverage * 100:.0f} %", s.coverage),
            ]
            for summary in (s.touch, s.wait):
                cells += [(fmt(summary.get(stat), calendar), summary.get(stat)) for stat in _STATS]
            for col, (text, value) in enumerate(cells):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                    item.setData(Qt.ItemDataRole.UserRole, value)
                else:
                    item.setData(Qt.ItemDataRole.UserRole, s.stage_id)
                self.table.setItem(row, col, item)
        lead = f.lead_time
        throughput = measured.throughput
        parts = [
            f"<b>{f.item_count:,}</b> items ({lead.count:,} done) from {f.source}",
            f"lead time median <b>{fmt(lead.median, calendar)}</b>, "
            f"p85 <b>{fmt(lead.p85, calendar)}</b>",
        ]
        eff = f.flow_efficiency.median
        if not math.isnan(eff):
            parts.append(f"flow efficiency median <b>{eff * 100:.0f} %</b>")
        if len(throughput):
            parts.append(f"throughput <b>{throughput.mean:.1f}</b> items/week")
        self.summary.setText(" · ".join(parts))
        notes = []
        if f.unhooked:
            shown = ", ".join(f.unhooked[:8]) + (" …" if len(f.unhooked) > 8 else "")
            notes.append(f"Not hooked to any stage: {shown}")
        if f.clashes:
            notes.append("Claimed by two stages: " + ", ".join(c.name for c in f.clashes))
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))

    def cell(self, stage_name: str, column: str) -> str:
        """The text shown for a stage and column (tests and screenshots read the table)."""
        col = STAGE_COLUMNS.index(column)
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).text() == stage_name:
                return self.table.item(row, col).text()
        raise KeyError(f"no stage {stage_name!r} in the measurements table")

    # -- apply ---------------------------------------------------------------------------------
    def statistic(self) -> str:
        return str(self.statistic_box.currentData())

    def apply_to_map(self) -> bool:
        """Fill the map's touch and wait from the chosen statistic: one undoable change."""
        from vsm_desktop.measure.apply import NoFiguresError, apply_figures

        value_map = self.document.current_map
        if value_map is None or self.measured is None:
            return False
        try:
            command = apply_figures(value_map, self.measured.figures, self.statistic())
        except NoFiguresError as exc:
            self.notes.setText(str(exc))
            self.notes.show()
            return False
        self.document.push(command)
        return True


def summary_values(summary: Summary) -> dict[str, float]:
    return {stat: summary.get(stat) for stat in _STATS}
