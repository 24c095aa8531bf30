"""The stage diff as a tree: removed, added and changed stages, each changed one opened field
by field (old value, new value)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from vsm_desktop.ui.theme import current_theme

from .state import StageDiff, StageKind

__all__ = ["KIND_ROLE", "DiffTree", "kind_color"]

#: Item-data role (column 0) holding the kind of a stage item, or of a group's stages.
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
_IDS_ROLE = Qt.ItemDataRole.UserRole + 2
_OPEN_LIMIT = 30  # stages per group opened field by field on the first show
_GROUPS: tuple[tuple[StageKind, str], ...] = (
    ("removed", "Removed"),
    ("added", "Added"),
    ("changed", "Changed"),
    ("unchanged", "Unchanged"),
)


def kind_color(kind: str) -> QColor:
    """Green for added, red for removed, amber for changed (the theme's tones), grey else."""
    t = current_theme()
    return QColor({"added": t.good, "removed": t.error, "changed": t.warning}.get(kind, t.muted))


class DiffTree(QTreeWidget):
    """Stage differences; activating a stage emits ``stage_activated(current_id, target_id)``
    (``""`` for the side it is missing from)."""

    stage_activated = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compare_diff")
        self.setColumnCount(3)
        self.setHeaderLabels(["Stage / field", "Current", "Target"])
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        header = self.header()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.itemActivated.connect(self._on_activated)

    def show_diff(self, diff: tuple[StageDiff, ...], current_name: str, target_name: str) -> None:
        self.setHeaderLabels(["Stage / field", current_name, target_name])
        # Remember which groups the user collapsed so a live update keeps the tree as it was.
        collapsed = {
            self.topLevelItem(i).data(0, KIND_ROLE)
            for i in range(self.topLevelItemCount())
            if not self.topLevelItem(i).isExpanded()
        }
        first_update = self.topLevelItemCount() == 0
        self.clear()
        bold = QFont(self.font())
        bold.setBold(True)
        for kind, title in _GROUPS:
            entries = [d for d in diff if d.kind == kind]
            if not entries:
                continue
            color = kind_color(kind)
            group = QTreeWidgetItem(self, [f"{title} ({len(entries)})", "", ""])
            group.setData(0, KIND_ROLE, kind)
            group.setFont(0, bold)
            group.setForeground(0, QBrush(color))
            group.setFirstColumnSpanned(True)
            # Opening every stage of a long diff would bury the groups; few are opened.
            open_stages = len(entries) <= _OPEN_LIMIT
            for entry in entries:
                self._add_stage(group, entry, color, open_stages)
            unchanged_closed = first_update and kind == "unchanged"
            group.setExpanded(kind not in collapsed and not unchanged_closed)

    def _add_stage(
        self, group: QTreeWidgetItem, entry: StageDiff, color: QColor, expand: bool
    ) -> None:
        item = QTreeWidgetItem(group, [entry.name, entry.current_text, entry.target_text])
        item.setData(0, KIND_ROLE, entry.kind)
        item.setData(0, _IDS_ROLE, (entry.current_id or "", entry.target_id or ""))
        item.setForeground(0, QBrush(color))
        count = len(entry.fields)
        changes = f", {count} field{'s' if count != 1 else ''}" if count else ""
        item.setToolTip(0, f"{entry.name}: {entry.kind}{changes}; double-click to show it")
        for change in entry.fields:
            row = QTreeWidgetItem(item, [change.field, change.old, change.new])
            row.setToolTip(1, change.old)
            row.setToolTip(2, change.new)
        if expand and entry.fields:
            item.setExpanded(True)

    def stage_items(self, kind: StageKind | None = None) -> list[QTreeWidgetItem]:
        """The stage rows (not groups or fields), optionally of one kind."""
        out = []
        for i in range(self.topLevelItemCount()):
            group = self.topLevelItem(i)
            for j in range(group.childCount()):
                child = group.child(j)
                if kind is None or child.data(0, KIND_ROLE) == kind:
                    out.append(child)
        return out

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        while item is not None and item.data(0, _IDS_ROLE) is None:
            item = item.parent()
        if item is None:
            return
        current_id, target_id = item.data(0, _IDS_ROLE)
        self.stage_activated.emit(current_id, target_id)
