"""The workspace: every map of a ``.vsm`` file, with change events.

Mutation methods here are the only place model objects are changed after loading; each emits a
:class:`Change` only when a value really changes, so views can redraw exactly what moved.
Commands (:mod:`.commands`) call them; nothing else should.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from .entities import Handoff, Note, Stage, ValueMap

What = Literal["map", "stage", "handoff", "note"]
Action = Literal["added", "removed", "changed"]
Listener = Callable[["Change"], None]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Change:
    """One real change to the workspace."""

    what: What
    action: Action
    map_id: str
    obj_id: str
    fields: frozenset[str] = frozenset()


_MAP_FIELDS = frozenset(
    f.name
    for f in dataclasses.fields(ValueMap)
    if f.name not in {"stages", "handoffs", "notes", "id"}
)


def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls) if f.name != "id")


_EDITABLE: dict[What, frozenset[str]] = {
    "map": _MAP_FIELDS,
    "stage": _field_names(Stage),
    "handoff": _field_names(Handoff),
    "note": _field_names(Note),
}


def _insert(items: dict[str, T], key: str, value: T, index: int | None) -> None:
    if index is None or index >= len(items):
        items[key] = value
        return
    pairs = list(items.items())
    pairs.insert(index, (key, value))
    items.clear()
    items.update(pairs)


@dataclass(eq=False)
class Workspace:
    """All maps of one workspace file plus free settings."""

    maps: dict[str, ValueMap] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    _listeners: list[Listener] = field(default_factory=list, repr=False, compare=False)

    # -- listening ---------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` on every change; returns a function that stops it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _emit(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    # -- lookup ------------------------------------------------------------------------------
    def map(self, map_id: str) -> ValueMap:
        try:
            return self.maps[map_id]
        except KeyError:
            raise KeyError(f"no map with id {map_id!r}") from None

    def map_named(self, name: str) -> ValueMap | None:
        wanted = name.strip().casefold()
        for value_map in self.maps.values():
            if value_map.name.strip().casefold() == wanted:
                return value_map
        return None

    def target_of(self, map_id: str) -> ValueMap | None:
        """The first map whose ``target_of`` points at ``map_id``."""
        for value_map in self.maps.values():
            if value_map.target_of == map_id:
                return value_map
        return None

    # -- maps --------------------------------------------------------------------------------
    def add_map(self, value_map: ValueMap, index: int | None = None) -> None:
        if value_map.id in self.maps:
            raise ValueError(f"map {value_map.id} is already in the workspace")
        _insert(self.maps, value_map.id, value_map, index)
        self._emit(Change("map", "added", value_map.id, value_map.id))

    def remove_map(self, map_id: str) -> tuple[ValueMap, int]:
        index = list(self.maps).index(map_id)
        value_map = self.maps.pop(map_id)
        self._emit(Change("map", "removed", map_id, map_id))
        return value_map, index

    def update_map(self, map_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        return self._update("map", map_id, self.map(map_id), map_id, changes)

    # -- stages, handoffs, notes -------------------------------------------------------------
    def add_stage(self, map_id: str, stage: Stage, index: int | None = None) -> None:
        self._add("stage", map_id, self.map(map_id).stages, stage, index)

    def remove_stage(self, map_id: str, stage_id: str) -> tuple[Stage, int]:
        value_map = self.map(map_id)
        if any(stage_id in (h.source, h.target) for h in value_map.handoffs.values()):
            raise ValueError("remove the stage's handoffs before the stage")
        return self._remove("stage", map_id, value_map.stages, stage_id)

    def update_stage(self, map_id: str, stage_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        stage = self.map(map_id).stages[stage_id]
        return self._update("stage", map_id, stage, stage_id, changes)

    def add_handoff(self, map_id: str, handoff: Handoff, index: int | None = None) -> None:
        stages = self.map(map_id).stages
        for end in (handoff.source, handoff.target):
            if end not in stages:
                raise ValueError(f"handoff {handoff.id} refers to a missing stage {end!r}")
        self._add("handoff", map_id, self.map(map_id).handoffs, handoff, index)

    def remove_handoff(self, map_id: str, handoff_id: str) -> tuple[Handoff, int]:
        return self._remove("handoff", map_id, self.map(map_id).handoffs, handoff_id)

    def update_handoff(
        self, map_id: str, handoff_id: str, changes: dict[str, Any]
    ) -> dict[str, Any]:
        handoff = self.map(map_id).handoffs[handoff_id]
        return self._update("handoff", map_id, handoff, handoff_id, changes)

    def add_note(self, map_id: str, note: Note, index: int | None = None) -> None:
        self._add("note", map_id, self.map(map_id).notes, note, index)

    def remove_note(self, map_id: str, note_id: str) -> tuple[Note, int]:
        return self._remove("note", map_id, self.map(map_id).notes, note_id)

    def update_note(self, map_id: str, note_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        note = self.map(map_id).notes[note_id]
        return self._update("note", map_id, note, note_id, changes)

    def update(
        self, what: What, map_id: str, obj_id: str, changes: dict[str, Any]
    ) -> dict[str, Any]:
        """Dispatch to the ``update_*`` method for ``what``."""
        if what == "map":
            return self.update_map(map_id, changes)
        method = getattr(self, f"update_{what}")
        result: dict[str, Any] = method(map_id, obj_id, changes)
        return result

    # -- shared mechanics --------------------------------------------------------------------
    def _add(self, what: What, map_id: str, items: dict[str, T], obj: T, index: int | None) -> None:
        obj_id: str = obj.id  # type: ignore[attr-defined]
        if obj_id in items:
            raise ValueError(f"{what} {obj_id} is already in map {map_id}")
        _insert(items, obj_id, obj, index)
        self._emit(Change(what, "added", map_id, obj_id))

    def _remove(self, what: What, map_id: str, items: dict[str, T], obj_id: str) -> tuple[T, int]:
        index = list(items).index(obj_id)
        obj = items.pop(obj_id)
        self._emit(Change(what, "removed", map_id, obj_id))
        return obj, index

    def _update(
        self, what: What, map_id: str, obj: object, obj_id: str, changes: dict[str, Any]
    ) -> dict[str, Any]:
        """Apply ``changes``; return the old values of the fields that really changed."""
        unknown = set(changes) - _EDITABLE[what]
        if unknown:
            raise ValueError(f"{what} has no field(s) {', '.join(sorted(unknown))}")
        old: dict[str, Any] = {}
        for name, value in changes.items():
            current = getattr(obj, name)
            if current == value:
                continue
            old[name] = current
            setattr(obj, name, _copy_value(value))
        if old:
            self._emit(Change(what, "changed", map_id, obj_id, frozenset(old)))
        return old


def _copy_value(value: Any) -> Any:
    # dict fields (data-box fields, sources) must not alias the caller's dict, or undo would
    # see later edits through the shared object.
    if isinstance(value, dict):
        return dict(value)
    return value
