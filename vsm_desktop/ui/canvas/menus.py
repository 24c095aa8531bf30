"""The canvas context menu: what can be done with the thing under the pointer (or finger)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMenu

from vsm_desktop.model import EditCommand, HandoffKind, NoteKind

from . import editing
from .clipboard import items_from_mime
from .handoff_item import HandoffItem
from .note_item import NoteItem
from .stage_item import StageItem

if TYPE_CHECKING:
    from .view import MapView

__all__ = ["build_context_menu"]

_KIND_NAMES = {
    HandoffKind.PUSH: "&Push",
    HandoffKind.PULL: "P&ull",
    HandoffKind.FIFO: "&FIFO lane",
    HandoffKind.INFORMATION: "&Information",
}


def build_context_menu(view: MapView, scene_pos: QPointF) -> QMenu:
    """The menu for ``scene_pos``; actions push commands through the document."""
    scene = view.map_scene
    menu = QMenu(view)
    if scene.map_id is None:
        # Every map was deleted: say where to go instead of offering edits with no map.
        menu.addAction("No map open: create one in the Maps panel").setEnabled(False)
        return menu
    item = scene.model_item_at(scene_pos)
    if item is not None and not item.isSelected():
        scene.clearSelection()
        item.setSelected(True)

    if isinstance(item, StageItem):
        stage_id = item.stage_id
        menu.addAction("&Rename", lambda: view.start_edit("stage", stage_id, "name"))
        menu.addAction("Edit &touch time", lambda: view.start_edit("stage", stage_id, "touch_s"))
        menu.addAction("Edit &wait time", lambda: view.start_edit("stage", stage_id, "wait_s"))
        menu.addAction("&Properties…", lambda: scene.stage_activated.emit(stage_id))
        menu.addSeparator()
        # Attached to the stage, so they follow it when it moves.
        menu.addAction(
            "Add &note", lambda: editing.add_note_to_stage(scene, stage_id, NoteKind.NOTE)
        )
        menu.addAction(
            "Add &kaizen burst",
            lambda: editing.add_note_to_stage(scene, stage_id, NoteKind.KAIZEN),
        )
        menu.addSeparator()
        menu.addAction("&Copy", view.copy_selection)
        menu.addAction("D&uplicate", view.duplicate_selection)
        menu.addAction("&Delete", view.delete_selection)
    elif isinstance(item, HandoffItem):
        handoff = item.handoff
        handoff_id = item.handoff_id
        group = QActionGroup(menu)
        for kind, text in _KIND_NAMES.items():
            action = QAction(text, menu, checkable=True, checked=handoff.kind == kind)
            action.triggered.connect(
                lambda _=False, k=kind: editing.set_handoff_kind(scene, handoff_id, k)
            )
            group.addAction(action)
            menu.addAction(action)
        menu.addSeparator()
        rework = QAction("&Rework (goes back upstream)", menu, checkable=True)
        rework.setChecked(handoff.rework)
        rework.triggered.connect(lambda on: editing.set_rework(scene, handoff_id, on))
        menu.addAction(rework)
        menu.addSeparator()
        menu.addAction("&Delete", view.delete_selection)
    elif isinstance(item, NoteItem):
        note_id = item.note_id
        note = item.note
        menu.addAction("&Edit text", lambda: view.start_edit("note", note_id, "text"))
        other = NoteKind.NOTE if note.kind == NoteKind.KAIZEN else NoteKind.KAIZEN
        text = "Make a sticky &note" if other == NoteKind.NOTE else "Make a &kaizen burst"
        menu.addAction(
            text,
            lambda: scene.document.push(
                EditCommand(
                    "note", scene.map_id or "", note_id, {"kind": other}, label="Change note kind"
                )
            ),
        )
        stage = scene.value_map.stages.get(note.stage) if note.stage else None
        if stage is not None:
            menu.addAction(
                f"Detach from {stage.name.replace('&', '&&')}",
                lambda: editing.detach_note(scene, note_id),
            )
        menu.addSeparator()
        menu.addAction("&Delete", view.delete_selection)
    else:
        scene.clearSelection()
        menu.addAction("Add &stage here", lambda: view.add_stage_at(scene_pos))
        menu.addAction(
            "Add &note here", lambda: editing.add_note_at(scene, scene_pos, NoteKind.NOTE)
        )
        menu.addAction(
            "Add &kaizen burst here", lambda: editing.add_note_at(scene, scene_pos, NoteKind.KAIZEN)
        )
        paste = menu.addAction("&Paste", lambda: editing.paste(scene, at=scene_pos))
        paste.setEnabled(items_from_mime(QApplication.clipboard().mimeData()) is not None)
        menu.addSeparator()
        menu.addAction("&Auto layout", view.auto_layout)
        menu.addAction("&Zoom to fit", view.zoom_to_fit)
    return menu
