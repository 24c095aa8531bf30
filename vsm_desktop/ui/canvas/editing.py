"""Canvas edits as functions: each builds one command and pushes it through the document.

Tools, menus, keys and touch all call these, so the same gesture makes the same undo step
whatever started it.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication

from vsm_desktop.model import (
    AddItemsCommand,
    EditCommand,
    Handoff,
    HandoffKind,
    MoveCommand,
    Note,
    NoteKind,
    RemoveItemsCommand,
    Stage,
    ValueMap,
    with_attached_notes,
)

from . import style
from .clipboard import items_from_mime, items_to_mime, items_to_records, records_to_items
from .drag import note_spot
from .handoff_item import HandoffItem
from .layout import auto_layout
from .note_item import NoteItem
from .stage_item import StageItem

if TYPE_CHECKING:
    from .scene import MapScene

__all__ = [
    "add_connected_stage",
    "add_note_at",
    "add_note_to_stage",
    "add_stage_at",
    "apply_auto_layout",
    "connect_stages",
    "copy_selection",
    "delete_selection",
    "detach_note",
    "duplicate_selection",
    "nudge_selection",
    "paste",
    "selected_ids",
    "set_handoff_kind",
    "set_rework",
]

PASTE_OFFSET = 40.0


def _place(scene: MapScene, pos: QPointF) -> tuple[float, float]:
    """Top-left of a new box whose in-port lands at ``pos`` horizontally centred."""
    x, y = pos.x() - style.BOX_W / 2, pos.y() - style.ANCHOR_Y
    if scene.snap_enabled:
        x, y = round(x / style.GRID) * style.GRID, round(y / style.GRID) * style.GRID
    return x, y


def selected_ids(scene: MapScene) -> tuple[list[str], list[str], list[str]]:
    stages: list[str] = []
    handoffs: list[str] = []
    notes: list[str] = []
    for item in scene.selectedItems():
        if isinstance(item, StageItem):
            stages.append(item.stage_id)
        elif isinstance(item, HandoffItem):
            handoffs.append(item.handoff_id)
        elif isinstance(item, NoteItem):
            notes.append(item.note_id)
    order = {sid: i for i, sid in enumerate(scene.value_map.stages)} if scene.map_id else {}
    stages.sort(key=lambda s: order.get(s, 0))
    return stages, handoffs, notes


def add_stage_at(scene: MapScene, pos: QPointF, name: str = "New stage") -> str:
    x, y = _place(scene, pos)
    stage = Stage(name, x=x, y=y)
    assert scene.map_id is not None
    scene.document.push(AddItemsCommand(scene.map_id, stages=[stage], label="Add stage"))
    return stage.id


def add_note_at(
    scene: MapScene, pos: QPointF, kind: NoteKind = NoteKind.NOTE, stage_id: str | None = None
) -> str:
    text = "Improvement idea" if kind == NoteKind.KAIZEN else "Note"
    note = Note(text, kind, x=pos.x(), y=pos.y(), stage=stage_id)
    assert scene.map_id is not None
    label = "Add kaizen burst" if kind == NoteKind.KAIZEN else "Add note"
    scene.document.push(AddItemsCommand(scene.map_id, notes=[note], label=label))
    return note.id


def add_note_to_stage(scene: MapScene, stage_id: str, kind: NoteKind = NoteKind.NOTE) -> str:
    """A note attached to a stage, parked above its box; it follows the stage from now on."""
    assert scene.map_id is not None
    x, y = note_spot(scene.value_map, stage_id, kind)
    return add_note_at(scene, QPointF(x, y), kind, stage_id)


def detach_note(scene: MapScene, note_id: str) -> None:
    """Let a note stay where it is when its stage moves."""
    assert scene.map_id is not None
    scene.document.push(
        EditCommand("note", scene.map_id, note_id, {"stage": None}, label="Detach note")
    )


def _reaches(value_map: ValueMap, start: str, goal: str) -> bool:
    """Whether ``goal`` is downstream of ``start`` along forward handoffs."""
    forward: dict[str, list[str]] = {}
    for handoff in value_map.handoffs.values():
        if not handoff.rework:
            forward.setdefault(handoff.source, []).append(handoff.target)
    seen = {start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        for nxt in forward.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return False


def connect_stages(scene: MapScene, source_id: str, target_id: str) -> str | None:
    """Add a handoff; one that would close a loop of forward handoffs is made a rework
    handoff (that is what drawing an arrow back upstream means). ``None`` if it exists."""
    if source_id == target_id or scene.map_id is None:
        return None
    value_map = scene.value_map
    for handoff in value_map.handoffs.values():
        if handoff.source == source_id and handoff.target == target_id:
            return None
    rework = _reaches(value_map, target_id, source_id)
    handoff = Handoff(source_id, target_id, rework=rework)
    label = "Add rework handoff" if rework else "Connect stages"
    scene.document.push(AddItemsCommand(scene.map_id, handoffs=[handoff], label=label))
    return handoff.id


def add_connected_stage(scene: MapScene, source_id: str, pos: QPointF) -> str:
    """A new stage at ``pos`` fed by ``source_id``: one undo step."""
    assert scene.map_id is not None
    source = scene.value_map.stages[source_id]
    x, y = pos.x(), pos.y() - style.ANCHOR_Y
    if scene.snap_enabled:
        x, y = round(x / style.GRID) * style.GRID, round(y / style.GRID) * style.GRID
    stage = Stage("New stage", team=source.team, x=x, y=y)
    handoff = Handoff(source_id, stage.id)
    scene.document.push(
        AddItemsCommand(scene.map_id, stages=[stage], handoffs=[handoff], label="Add next stage")
    )
    return stage.id


def delete_selection(scene: MapScene) -> bool:
    stages, handoffs, notes = selected_ids(scene)
    if not (stages or handoffs or notes) or scene.map_id is None:
        return False
    count = len(stages) + len(handoffs) + len(notes)
    label = "Delete" if count == 1 else f"Delete {count} items"
    scene.document.push(RemoveItemsCommand(scene.map_id, stages, handoffs, notes, label=label))
    return True


def nudge_selection(scene: MapScene, dx: float, dy: float) -> bool:
    """Move the selection by a step; consecutive nudges of the same items merge."""
    if scene.map_id is None:
        return False
    stages, _, notes = selected_ids(scene)
    value_map = scene.value_map
    moves = {}
    for obj in [value_map.stages[s] for s in stages] + [value_map.notes[n] for n in notes]:
        moves[obj.id] = ((obj.x, obj.y), (obj.x + dx, obj.y + dy))
    if not moves:
        return False
    moves = with_attached_notes(value_map, moves)
    scene.document.push(MoveCommand(scene.map_id, moves, label="Nudge", mergeable=True))
    return True


def copy_selection(scene: MapScene) -> dict[str, object] | None:
    """Put the selection on the system clipboard; returns the records copied."""
    stages, handoffs, notes = selected_ids(scene)
    if not (stages or notes):
        return None
    records = items_to_records(scene.value_map, stages, handoffs, notes)
    QApplication.clipboard().setMimeData(items_to_mime(records, scene.value_map))
    return records


def paste(
    scene: MapScene, records: dict[str, object] | None = None, at: QPointF | None = None
) -> list[str]:
    """Paste records (default: from the clipboard) as one undo step and select them."""
    if scene.map_id is None:
        return []
    if records is None:
        records = items_from_mime(QApplication.clipboard().mimeData())
        if records is None:
            return []
    stage_records = records.get("stages") or []
    offset = (PASTE_OFFSET, PASTE_OFFSET)
    if at is not None and isinstance(stage_records, list) and stage_records:
        first = stage_records[0]
        offset = (at.x() - first["x"], at.y() - first["y"])
    value_map = scene.value_map
    stages, handoffs, notes = records_to_items(records, offset, set(value_map.stages))
    if not (stages or notes):
        return []
    scene.document.push(AddItemsCommand(scene.map_id, stages, handoffs, notes, label="Paste"))
    scene.clearSelection()
    for stage in stages:
        scene.item_for_stage[stage.id].setSelected(True)
    for note in notes:
        scene.item_for_note[note.id].setSelected(True)
    return [s.id for s in stages]


def duplicate_selection(scene: MapScene) -> list[str]:
    stages, handoffs, notes = selected_ids(scene)
    if not (stages or notes) or scene.map_id is None:
        return []
    records = items_to_records(scene.value_map, stages, handoffs, notes)
    return paste(scene, records)


def apply_auto_layout(scene: MapScene) -> bool:
    """Lay the map out left to right as one undo step, keeping its top-left corner; notes
    attached to a stage move with it."""
    if scene.map_id is None or not scene.value_map.stages:
        return False
    value_map = scene.value_map
    positions = auto_layout(value_map, by_team=value_map.show_swimlanes)
    origin_x = min(s.x for s in value_map.stages.values())
    origin_y = min(s.y for s in value_map.stages.values())
    moves = {}
    for stage_id, (x, y) in positions.items():
        stage = value_map.stages[stage_id]
        new = (x + origin_x, y + origin_y)
        if new != (stage.x, stage.y):
            moves[stage_id] = ((stage.x, stage.y), new)
    if not moves:
        return False
    moves = with_attached_notes(value_map, moves)  # notes keep their place next to their stage
    scene.document.push(MoveCommand(scene.map_id, moves, label="Auto layout"))
    return True


def set_handoff_kind(scene: MapScene, handoff_id: str, kind: HandoffKind) -> None:
    assert scene.map_id is not None
    scene.document.push(
        EditCommand(
            "handoff", scene.map_id, handoff_id, {"kind": kind}, label=f"Make handoff {kind.value}"
        )
    )


def set_rework(scene: MapScene, handoff_id: str, on: bool) -> None:
    assert scene.map_id is not None
    label = "Mark rework" if on else "Unmark rework"
    scene.document.push(
        EditCommand("handoff", scene.map_id, handoff_id, {"rework": on}, label=label)
    )
