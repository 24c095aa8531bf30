"""The maps of the workspace with their roles: pick, create, rename, make a target, delete.

Every change is one undoable command pushed on the document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vsm_desktop.model import (
    AddMapCommand,
    EditCommand,
    MapRole,
    RemoveMapCommand,
    ValueMap,
    Workspace,
    duplicate_map,
)
from vsm_desktop.ui.dialogs import prompts

from .binding import Connections

if TYPE_CHECKING:
    from vsm_desktop.ui.document import Document

MAP_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROLE_TEXT = {MapRole.CURRENT: "Current state", MapRole.TARGET: "Target state", MapRole.FREE: "Map"}


def unique_name(workspace: Workspace, wanted: str) -> str:
    """``wanted``, or ``wanted (2)``, ``(3)``... when a map already has that name."""
    if workspace.map_named(wanted) is None:
        return wanted
    number = 2
    while workspace.map_named(f"{wanted} ({number})") is not None:
        number += 1
    return f"{wanted} ({number})"


def name_taken(workspace: Workspace, name: str, map_id: str) -> bool:
    """Whether a map other than ``map_id`` already has ``name`` (case-insensitively)."""
    other = workspace.map_named(name)
    return other is not None and other.id != map_id


def target_name(source: ValueMap) -> str:
    base = source.name
    for suffix in (" — current", " - current", " (current)", " current"):
        if base.lower().endswith(suffix):
            return base[: -len(suffix)] + " — target"
    return f"{base} — target"


class MapsPanel(QWidget):
    """List of maps; the selected row is the document's current map."""

    #: A user-facing note about what just happened ("Deleted map X — Undo brings it back").
    status_message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document: Document | None = None
        self._connections = Connections()
        self._filling = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        self.list = QListWidget(self)
        self.list.setIconSize(QSize(0, 0))
        self.list.setSpacing(2)
        self.list.setUniformItemSizes(False)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.currentItemChanged.connect(self._on_current_item)
        self.list.itemDoubleClicked.connect(lambda _item: self.ask_rename())
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        self.new_button = self._button("New", "Create an empty map", self.ask_create)
        self.rename_button = self._button("Rename", "Rename the selected map", self.ask_rename)
        self.target_button = self._button(
            "Make target",
            "Copy this map as its target state (stages stay linked)",
            self.make_target,
        )
        self.delete_button = self._button(
            "Delete", "Delete the selected map (undoable)", self.delete
        )
        for button in (self.new_button, self.rename_button, self.target_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    def _button(self, text: str, tip: str, slot: object) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(False)
        button.clicked.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return button

    # -- wiring ------------------------------------------------------------------------------
    def set_document(self, document: Document | None) -> None:
        self._connections.clear()
        self._document = document
        if document is not None:
            self._connections.connect(document.changed, self._on_changed)
            self._connections.connect(document.current_map_changed, self._on_current_map)
        self.refresh()

    def map_ids(self) -> list[str]:
        return [self.list.item(i).data(MAP_ID_ROLE) for i in range(self.list.count())]

    def selected_map_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(MAP_ID_ROLE) if item is not None else None

    def refresh(self) -> None:
        doc = self._document
        self._filling = True
        try:
            self.list.clear()
            if doc is None:
                return
            for value_map in doc.workspace.maps.values():
                self.list.addItem(self._item(doc.workspace, value_map))
            self._select(doc.current_map_id)
        finally:
            self._filling = False
        self._update_buttons()

    def _item(self, workspace: Workspace, value_map: ValueMap) -> QListWidgetItem:
        role = ROLE_TEXT.get(value_map.role, "Map")
        detail = f"{role} · {len(value_map.stages)} stages"
        if value_map.target_of and value_map.target_of in workspace.maps:
            detail += f" · target of {workspace.map(value_map.target_of).name}"
        item = QListWidgetItem(f"{value_map.name}\n{detail}")
        item.setData(MAP_ID_ROLE, value_map.id)
        item.setToolTip(f"{value_map.name}\n{detail}")
        font = QFont(self.font())
        if value_map.id == (self._document.current_map_id if self._document else None):
            font.setWeight(QFont.Weight.DemiBold)
        item.setFont(font)
        return item

    def _select(self, map_id: str | None) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(MAP_ID_ROLE) == map_id:
                self.list.setCurrentRow(i)
                return

    def _update_buttons(self) -> None:
        has_map = self.selected_map_id() is not None
        self.new_button.setEnabled(self._document is not None)
        for button in (self.rename_button, self.target_button, self.delete_button):
            button.setEnabled(has_map)

    # -- actions (public so menus and tests can call them) -----------------------------------
    def create_map(self, name: str | None = None) -> str | None:
        doc = self._document
        if doc is None:
            return None
        value_map = ValueMap(unique_name(doc.workspace, name or "New map"), role=MapRole.FREE)
        doc.push(AddMapCommand(value_map, label=f"Add map {value_map.name}"))
        doc.set_current_map(value_map.id)
        return value_map.id

    def rename_map(self, map_id: str, name: str) -> bool:
        doc = self._document
        name = name.strip()
        if doc is None or not name or map_id not in doc.workspace.maps:
            return False
        if doc.workspace.map(map_id).name == name:
            return False
        if name_taken(doc.workspace, name, map_id):
            return False
        doc.push(EditCommand("map", map_id, map_id, {"name": name}, label="Rename map"))
        return True

    def make_target(self, map_id: str | None = None) -> str | None:
        """Copy ``map_id`` (default: the selected map) as its target state; returns the new id."""
        doc = self._document
        map_id = map_id or self.selected_map_id()
        if doc is None or map_id is None:
            return None
        source = doc.workspace.map(map_id)
        clone = duplicate_map(source, unique_name(doc.workspace, target_name(source)))
        doc.push(AddMapCommand(clone, label=f"Make target from {source.name}"))
        doc.set_current_map(clone.id)
        self.status_message.emit(f"Created {clone.name}: its stages stay linked to {source.name}")
        return clone.id

    def delete_map(self, map_id: str | None = None) -> bool:
        doc = self._document
        map_id = map_id or self.selected_map_id()
        if doc is None or map_id is None or map_id not in doc.workspace.maps:
            return False
        name = doc.workspace.map(map_id).name
        doc.push(RemoveMapCommand(map_id, label=f"Delete map {name}"))
        self.status_message.emit(f"Deleted map {name} — Undo brings it back")
        return True

    def delete(self) -> None:
        self.delete_map()

    def ask_create(self) -> None:
        if self._document is None:
            return
        name = prompts.ask_text(self, "New map", "Name of the new map:", "New map")
        if name:
            self.create_map(name)

    def ask_rename(self) -> None:
        doc = self._document
        map_id = self.selected_map_id()
        if doc is None or map_id is None:
            return
        old = doc.workspace.map(map_id).name
        name = prompts.ask_text(self, "Rename map", "New name:", old)
        if name and name_taken(doc.workspace, name, map_id):
            # Maps are found by name (compare, the command line, Excel sheets): refuse with
            # the reason rather than leave two maps nobody can tell apart.
            prompts.show_error(self, "Rename map", f"Another map is already named {name!r}.")
        elif name:
            self.rename_map(map_id, name)

    # -- document events ---------------------------------------------------------------------
    def _on_changed(self, change: object) -> None:
        what = getattr(change, "what", "")
        if what == "map" or (what == "stage" and getattr(change, "action", "") != "changed"):
            self.refresh()

    def _on_current_map(self, map_id: str) -> None:
        self.refresh()

    def _on_current_item(self, current: QListWidgetItem | None, _previous: object) -> None:
        self._update_buttons()
        if self._filling or current is None or self._document is None:
            return
        map_id = current.data(MAP_ID_ROLE)
        if map_id in self._document.workspace.maps:
            self._document.set_current_map(map_id)
