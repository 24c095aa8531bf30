"""Undoable edits of a workspace, as plain Python.

Every change a user makes (on the canvas, in a panel, by an import or an Excel round trip) is one
of these. ``ui/`` feeds them to a ``QUndoStack`` through a thin adapter; tests and the CLI use
:class:`CommandStack`. A command never pushes another command: compose with :class:`MacroCommand`.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .entities import Handoff, Note, Stage, ValueMap
from .workspace import What, Workspace


class Command:
    """Base class: ``apply`` then ``revert`` must leave the workspace as it was."""

    label: str = ""

    def apply(self, ws: Workspace) -> None:
        raise NotImplementedError

    def revert(self, ws: Workspace) -> None:
        raise NotImplementedError

    def merge_key(self) -> object | None:
        """Commands with equal non-None keys pushed in a row merge into one undo step."""
        return None

    def merge(self, other: Command) -> bool:
        return False


@dataclass
class EditCommand(Command):
    """Set fields of a map, stage, handoff or note. Merges with the next edit of the same
    fields of the same object when ``mergeable`` (key nudges, spin boxes)."""

    what: What
    map_id: str
    obj_id: str
    changes: dict[str, Any]
    label: str = ""
    mergeable: bool = False
    _old: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not self.label:
            names = ", ".join(sorted(self.changes))
            self.label = f"Edit {self.what} {names}"

    def apply(self, ws: Workspace) -> None:
        old = ws.update(self.what, self.map_id, self.obj_id, self.changes)
        # On redo after a merge the first recorded old values must survive.
        for key, value in old.items():
            self._old.setdefault(key, value)

    def revert(self, ws: Workspace) -> None:
        ws.update(self.what, self.map_id, self.obj_id, self._old)

    def merge_key(self) -> object | None:
        if not self.mergeable:
            return None
        return ("edit", self.what, self.map_id, self.obj_id, frozenset(self.changes))

    def merge(self, other: Command) -> bool:
        if not isinstance(other, EditCommand) or other.merge_key() != self.merge_key():
            return False
        self.changes = dict(other.changes)
        return True


#: object id -> (old (x, y), new (x, y))
Moves = dict[str, tuple[tuple[float, float], tuple[float, float]]]


@dataclass
class MoveCommand(Command):
    """Move stages and notes; one drag of many items is one step."""

    map_id: str
    moves: Moves
    label: str = "Move"
    mergeable: bool = False

    def _set(self, ws: Workspace, index: int) -> None:
        value_map = ws.map(self.map_id)
        for obj_id, positions in self.moves.items():
            x, y = positions[index]
            what: What = "stage" if obj_id in value_map.stages else "note"
            ws.update(what, self.map_id, obj_id, {"x": x, "y": y})

    def apply(self, ws: Workspace) -> None:
        self._set(ws, 1)

    def revert(self, ws: Workspace) -> None:
        self._set(ws, 0)

    def merge_key(self) -> object | None:
        return ("move", self.map_id, frozenset(self.moves)) if self.mergeable else None

    def merge(self, other: Command) -> bool:
        if not isinstance(other, MoveCommand) or other.merge_key() != self.merge_key():
            return False
        self.moves = {k: (self.moves[k][0], other.moves[k][1]) for k in self.moves}
        return True


def with_attached_notes(value_map: ValueMap, moves: Moves) -> Moves:
    """``moves`` plus every note attached to a moved stage, shifted by its stage's offset, so
    a kaizen burst stays beside its stage in the same undo step. A note that is itself in
    ``moves`` (dragged along with its stage) keeps its own move."""
    carried = dict(moves)
    for note in value_map.notes.values():
        if note.id in carried or note.stage is None or note.stage not in value_map.stages:
            continue
        move = moves.get(note.stage)
        if move is None:
            continue
        (old_x, old_y), (new_x, new_y) = move
        dx, dy = new_x - old_x, new_y - old_y
        if dx or dy:
            carried[note.id] = ((note.x, note.y), (note.x + dx, note.y + dy))
    return carried


@dataclass
class AddItemsCommand(Command):
    """Add stages, handoffs and notes (new stage, paste, duplicate, drag to empty space)."""

    map_id: str
    stages: Sequence[Stage] = ()
    handoffs: Sequence[Handoff] = ()
    notes: Sequence[Note] = ()
    label: str = "Add"

    def apply(self, ws: Workspace) -> None:
        for stage in self.stages:
            ws.add_stage(self.map_id, stage)
        for handoff in self.handoffs:
            ws.add_handoff(self.map_id, handoff)
        for note in self.notes:
            ws.add_note(self.map_id, note)

    def revert(self, ws: Workspace) -> None:
        for note in reversed(self.notes):
            ws.remove_note(self.map_id, note.id)
        for handoff in reversed(self.handoffs):
            ws.remove_handoff(self.map_id, handoff.id)
        for stage in reversed(self.stages):
            ws.remove_stage(self.map_id, stage.id)


@dataclass
class RemoveItemsCommand(Command):
    """Remove stages (with every handoff that touches them), handoffs and notes. Notes attached
    to a removed stage stay on the map, detached, so none points at a stage that is gone."""

    map_id: str
    stage_ids: Iterable[str] = ()
    handoff_ids: Iterable[str] = ()
    note_ids: Iterable[str] = ()
    label: str = "Delete"
    _removed: list[tuple[str, Any, int]] = field(default_factory=list, repr=False)
    _detached: list[tuple[str, str]] = field(default_factory=list, repr=False)

    def apply(self, ws: Workspace) -> None:
        value_map = ws.map(self.map_id)
        stage_ids = [s for s in self.stage_ids if s in value_map.stages]
        handoff_ids = list(dict.fromkeys(
            [h for h in self.handoff_ids if h in value_map.handoffs]
            + [h.id for s in stage_ids for h in value_map.handoffs_of(s)]
        ))  # fmt: skip
        note_ids = [n for n in self.note_ids if n in value_map.notes]
        self._removed = []
        for handoff_id in handoff_ids:
            handoff, index = ws.remove_handoff(self.map_id, handoff_id)
            self._removed.append(("handoff", handoff, index))
        for stage_id in stage_ids:
            stage, index = ws.remove_stage(self.map_id, stage_id)
            self._removed.append(("stage", stage, index))
        for note_id in note_ids:
            note, index = ws.remove_note(self.map_id, note_id)
            self._removed.append(("note", note, index))
        removed = set(stage_ids)
        self._detached = [
            (note.id, note.stage) for note in value_map.notes.values() if note.stage in removed
        ]
        for note_id, _stage in self._detached:
            ws.update("note", self.map_id, note_id, {"stage": None})

    def revert(self, ws: Workspace) -> None:
        # Back in reverse order so each object returns to its old index.
        order = {"stage": 0, "handoff": 1, "note": 2}
        for what, obj, index in sorted(reversed(self._removed), key=lambda r: order[r[0]]):
            getattr(ws, f"add_{what}")(self.map_id, obj, index)
        for note_id, stage_id in self._detached:
            ws.update("note", self.map_id, note_id, {"stage": stage_id})


@dataclass
class AddMapCommand(Command):
    value_map: ValueMap
    index: int | None = None
    label: str = "Add map"

    def apply(self, ws: Workspace) -> None:
        ws.add_map(self.value_map, self.index)

    def revert(self, ws: Workspace) -> None:
        ws.remove_map(self.value_map.id)


@dataclass
class RemoveMapCommand(Command):
    map_id: str
    label: str = "Delete map"
    _removed: tuple[ValueMap, int] | None = field(default=None, repr=False)
    _unlinked: list[str] = field(default_factory=list, repr=False)

    def apply(self, ws: Workspace) -> None:
        self._unlinked = [m.id for m in ws.maps.values() if m.target_of == self.map_id]
        for other in self._unlinked:
            ws.update_map(other, {"target_of": None})
        self._removed = ws.remove_map(self.map_id)

    def revert(self, ws: Workspace) -> None:
        assert self._removed is not None
        value_map, index = self._removed
        ws.add_map(value_map, index)
        for other in self._unlinked:
            ws.update_map(other, {"target_of": self.map_id})


@dataclass
class ReplaceMapContentCommand(Command):
    """Swap a map's stages, handoffs and notes for new ones (table or Excel import)."""

    map_id: str
    stages: Sequence[Stage]
    handoffs: Sequence[Handoff]
    notes: Sequence[Note] | None = None
    map_changes: dict[str, Any] = field(default_factory=dict)
    label: str = "Replace map content"
    _old: tuple[list[Stage], list[Handoff], list[Note]] | None = field(default=None, repr=False)
    _old_map: dict[str, Any] = field(default_factory=dict, repr=False)

    def apply(self, ws: Workspace) -> None:
        value_map = ws.map(self.map_id)
        old_notes = list(value_map.notes.values())
        self._old = (list(value_map.stages.values()), list(value_map.handoffs.values()), old_notes)
        notes = old_notes if self.notes is None else list(self.notes)
        self._swap(ws, self._old, (list(self.stages), list(self.handoffs), notes))
        self._old_map = ws.update_map(self.map_id, self.map_changes)

    def revert(self, ws: Workspace) -> None:
        assert self._old is not None
        value_map = ws.map(self.map_id)
        ws.update_map(self.map_id, self._old_map)
        current = (
            list(value_map.stages.values()),
            list(value_map.handoffs.values()),
            list(value_map.notes.values()),
        )
        self._swap(ws, current, self._old)

    def _swap(
        self,
        ws: Workspace,
        old: tuple[list[Stage], list[Handoff], list[Note]],
        new: tuple[list[Stage], list[Handoff], list[Note]],
    ) -> None:
        old_stages, old_handoffs, old_notes = old
        new_stages, new_handoffs, new_notes = new
        for handoff in old_handoffs:
            ws.remove_handoff(self.map_id, handoff.id)
        for note in old_notes:
            ws.remove_note(self.map_id, note.id)
        for stage in old_stages:
            ws.remove_stage(self.map_id, stage.id)
        for stage in new_stages:
            ws.add_stage(self.map_id, stage)
        for handoff in new_handoffs:
            ws.add_handoff(self.map_id, handoff)
        for note in new_notes:
            ws.add_note(self.map_id, note)


@dataclass
class MacroCommand(Command):
    """Several commands as one undo step."""

    label: str
    children: list[Command] = field(default_factory=list)

    def apply(self, ws: Workspace) -> None:
        for child in self.children:
            child.apply(ws)

    def revert(self, ws: Workspace) -> None:
        for child in reversed(self.children):
            child.revert(ws)


def duplicate_map(value_map: ValueMap, name: str, *, as_target: bool = True) -> ValueMap:
    """A deep copy with fresh ids; stages keep a link to their original (for the comparison)."""
    from .entities import MapRole, new_id

    clone = copy.deepcopy(value_map)
    clone.id = new_id()
    clone.name = name
    if as_target:
        clone.role = MapRole.TARGET
        clone.target_of = value_map.id
    id_map: dict[str, str] = {}
    stages: dict[str, Stage] = {}
    for stage in clone.stages.values():
        original = stage.id
        stage.id = new_id()
        stage.link = original if as_target else stage.link
        id_map[original] = stage.id
        stages[stage.id] = stage
    clone.stages = stages
    handoffs: dict[str, Handoff] = {}
    for handoff in clone.handoffs.values():
        handoff.id = new_id()
        handoff.source = id_map[handoff.source]
        handoff.target = id_map[handoff.target]
        handoffs[handoff.id] = handoff
    clone.handoffs = handoffs
    notes: dict[str, Note] = {}
    for note in clone.notes.values():
        note.id = new_id()
        note.stage = id_map.get(note.stage) if note.stage else None
        notes[note.id] = note
    clone.notes = notes
    return clone


class CommandStack:
    """A Qt-free undo stack with the semantics of ``QUndoStack`` (used by tests and the CLI)."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._done: list[Command] = []
        self._undone: list[Command] = []
        self._clean_depth: int | None = 0

    def push(self, command: Command) -> None:
        command.apply(self.workspace)
        self._undone.clear()
        if self._clean_depth is not None and self._clean_depth > len(self._done):
            self._clean_depth = None
        top = self._done[-1] if self._done else None
        key = command.merge_key()
        if (
            top is not None
            and key is not None
            and top.merge_key() == key
            and len(self._done) != self._clean_depth
            and top.merge(command)
        ):
            return
        self._done.append(command)

    def undo(self) -> bool:
        if not self._done:
            return False
        command = self._done.pop()
        command.revert(self.workspace)
        self._undone.append(command)
        return True

    def redo(self) -> bool:
        if not self._undone:
            return False
        command = self._undone.pop()
        command.apply(self.workspace)
        self._done.append(command)
        return True

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def set_clean(self) -> None:
        self._clean_depth = len(self._done)

    @property
    def is_clean(self) -> bool:
        return self._clean_depth == len(self._done)
