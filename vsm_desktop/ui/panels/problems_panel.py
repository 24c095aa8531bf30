"""Validation problems of the current map; clicking one selects the stage it concerns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from vsm_desktop.ui.theme import current_theme

from .binding import CurrentMapPanel

if TYPE_CHECKING:
    from vsm_desktop.analysis.results import Problem

STAGE_IDS_ROLE = Qt.ItemDataRole.UserRole + 1


class ProblemsPanel(CurrentMapPanel):
    """A list of the map's problems, errors first."""

    #: The user picked a problem that concerns this stage.
    stage_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.itemClicked.connect(self._on_item_activated)
        self.list.itemActivated.connect(self._on_item_activated)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        self.refresh()

    def problems(self) -> tuple[Problem, ...]:
        doc = self._document
        if doc is None or not doc.current_map_id or doc.current_map_id not in doc.workspace.maps:
            return ()
        problems = doc.metrics(doc.current_map_id).problems
        return tuple(sorted(problems, key=lambda p: p.severity != "error"))

    def refresh(self) -> None:
        t = current_theme()
        self.list.clear()
        problems = self.problems()
        errors = sum(p.severity == "error" for p in problems)
        warnings = len(problems) - errors
        doc = self._document
        if doc is None or doc.current_map_id not in doc.workspace.maps:
            # "No problems" would vouch for a map that is not there.
            self.summary.setText("No map open.")
            self.summary.setStyleSheet(f"color: {t.muted};")
        elif not problems:
            self.summary.setText("No problems: the map is complete and consistent.")
            self.summary.setStyleSheet(f"color: {t.good};")
        else:
            parts = []
            if errors:
                parts.append(f"{errors} error{'s' * (errors != 1)}")
            if warnings:
                parts.append(f"{warnings} warning{'s' * (warnings != 1)}")
            self.summary.setText(", ".join(parts) + " — click one to select its stage")
            self.summary.setStyleSheet(f"color: {t.error if errors else t.warning};")
        for problem in problems:
            mark = "⛔" if problem.severity == "error" else "⚠"
            item = QListWidgetItem(f"{mark}  {problem.message}")
            item.setData(STAGE_IDS_ROLE, list(problem.stage_ids))
            item.setToolTip(problem.message)
            item.setForeground(QBrush(QColor(t.error if problem.severity == "error" else t.text)))
            self.list.addItem(item)

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        stage_ids = item.data(STAGE_IDS_ROLE) or []
        if stage_ids:
            self.stage_activated.emit(str(stage_ids[0]))
