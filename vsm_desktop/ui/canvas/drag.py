"""Dragging items on the canvas: attached notes follow their stage, a whole drag becomes ONE
:class:`MoveCommand`, and notes dropped onto a stage are attached to it.

A note dropped onto a stage is parked just above the box rather than left where it fell: notes
are drawn under the boxes (they must never hide a stage's figures), so one left on a box would
vanish behind it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF

from vsm_desktop.model import (
    Command,
    EditCommand,
    MacroCommand,
    MoveCommand,
    Note,
    NoteKind,
    Stage,
    ValueMap,
    with_attached_notes,
)
from vsm_desktop.model.commands import Moves

from . import style
from .note_item import NoteItem
from .stage_item import StageItem

if TYPE_CHECKING:
    from .scene import MapScene

__all__ = ["carry_attached_notes", "commit_moves", "note_spot"]

#: Gap between a parked note and the top of its stage's box, and between stacked notes.
NOTE_GAP = 16.0


def _size(kind: NoteKind) -> tuple[float, float]:
    if kind == NoteKind.KAIZEN:
        return style.KAIZEN_W, style.KAIZEN_H
    return style.NOTE_W, style.NOTE_H


def note_spot(
    value_map: ValueMap,
    stage_id: str,
    kind: NoteKind,
    taken: list[QRectF] | None = None,
    skip: frozenset[str] = frozenset(),
) -> tuple[float, float]:
    """Top-left of a note parked above a stage, centred on the box. Notes already attached
    there (but not those in ``skip``, which are being moved) and ``taken`` (spots claimed
    earlier in the same gesture) push it further up, so every note stays readable and clearly
    belongs to this stage rather than to a neighbour."""
    stage = value_map.stages[stage_id]
    width, height = _size(kind)
    used = list(taken or ())
    for note in value_map.notes.values():
        if note.stage == stage_id and note.id not in skip:
            used.append(QRectF(note.x, note.y, *_size(note.kind)))
    spot = QRectF(stage.x + (style.BOX_W - width) / 2, stage.y - height - NOTE_GAP, width, height)
    while hits := [r for r in used if spot.intersects(r)]:
        spot.moveTop(min(r.top() for r in hits) - height - NOTE_GAP)
    return spot.x(), spot.y()


def carry_attached_notes(scene: MapScene, item: StageItem) -> None:
    """While a stage is dragged, slide the notes attached to it by the same offset. Their
    model positions change only when the drag is committed; selected notes are moved by the
    drag itself and are left alone."""
    if not scene.dragging or scene.map_id is None:
        return
    value_map = scene.value_map
    stage = value_map.stages.get(item.stage_id)
    if stage is None:
        return
    dx, dy = item.pos().x() - stage.x, item.pos().y() - stage.y
    for note in value_map.notes.values():
        if note.stage != item.stage_id:
            continue
        note_item = scene.item_for_note.get(note.id)
        if note_item is not None and not note_item.isSelected():
            note_item.setPos(note.x + dx, note.y + dy)


def _dragged(scene: MapScene) -> tuple[Moves, list[str], bool]:
    """Moves of the selected items from their model positions, the moved note ids, and whether
    a stage moved."""
    value_map = scene.value_map
    moves: Moves = {}
    notes: list[str] = []
    stage_moved = False
    for item in scene.selectedItems():
        model: Stage | Note | None
        if isinstance(item, StageItem):
            model = value_map.stages.get(item.stage_id)
            obj_id = item.stage_id
        elif isinstance(item, NoteItem):
            model = value_map.notes.get(item.note_id)
            obj_id = item.note_id
        else:
            continue
        if model is None:
            continue
        new = (item.pos().x(), item.pos().y())
        if new != (model.x, model.y):
            moves[obj_id] = ((model.x, model.y), new)
            if isinstance(item, NoteItem):
                notes.append(obj_id)
            else:
                stage_moved = True
    return moves, notes, stage_moved


def commit_moves(scene: MapScene, drop: QPointF | None = None) -> bool:
    """Turn the positions items were dragged to into ONE undo step; attached notes come along.
    When only notes were dragged and ``drop`` (where the pointer or finger let go) is on a
    stage, they are attached to that stage in the same step."""
    if scene.map_id is None:
        return False
    value_map = scene.value_map
    moves, notes, stage_moved = _dragged(scene)
    if not moves:
        return False
    target = scene.stage_item_at(drop) if drop is not None and not stage_moved else None
    command: Command
    if target is None:
        # Named after what was dragged; the notes that came along are part of the same step.
        label = "Move stage" if stage_moved else "Move note"
        if len(moves) > 1:
            label = f"Move {len(moves)} items"
        command = MoveCommand(scene.map_id, with_attached_notes(value_map, moves), label=label)
    else:
        stage_id = target.stage_id
        taken: list[QRectF] = []
        attach: list[Command] = []
        for note_id in notes:
            note = value_map.notes[note_id]
            spot = note_spot(value_map, stage_id, note.kind, taken, frozenset(notes))
            taken.append(QRectF(*spot, *_size(note.kind)))
            moves[note_id] = (moves[note_id][0], spot)
            if note.stage != stage_id:
                attach.append(EditCommand("note", scene.map_id, note_id, {"stage": stage_id}))
        name = value_map.stages[stage_id].name
        label = f"Attach {'note' if len(notes) == 1 else f'{len(notes)} notes'} to {name}"
        command = MacroCommand(label, [MoveCommand(scene.map_id, moves), *attach])
    scene.document.push(command)
    return True
