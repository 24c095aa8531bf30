"""The hooks editor without widgets: pending hook edits of a map, their coverage, one command.

Edits collect here until the user applies them; then every changed stage goes into one
:func:`hooks_command` (one undo step).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence

from vsm_desktop.measure.events import EventTable
from vsm_desktop.measure.hooks import (
    HOOK_KEYS,
    HookCoverage,
    hook_coverage,
    hooks_command,
    stage_hooks,
)
from vsm_desktop.model import Command, ValueMap

__all__ = ["HOOK_TITLES", "HooksEditState"]

HOOK_TITLES = {
    "start": "Start events",
    "end": "End events",
    "active": "Active (touch)",
    "waiting": "Waiting",
}


def _norm(name: str) -> str:
    return name.strip().casefold()


class HooksEditState:
    """Hooks of every stage of ``value_map`` as edited, against the names in the data."""

    def __init__(self, value_map: ValueMap, activities: Iterable[object] = ()) -> None:
        self.value_map = value_map
        self.activities = sorted({str(a) for a in activities}, key=str.casefold)
        self._stored = {sid: stage_hooks(s) for sid, s in value_map.stages.items()}
        self.hooks = copy.deepcopy(self._stored)

    @property
    def stored(self) -> dict[str, dict[str, list[str]]]:
        """The hooks as the map holds them (defaults filled in)."""
        return self._stored

    @property
    def stage_ids(self) -> list[str]:
        return list(self.value_map.stages)

    def names(self, stage_id: str, key: str) -> list[str]:
        return list(self.hooks[stage_id][key])

    def choices(self, stage_id: str, key: str) -> list[tuple[str, bool, bool]]:
        """(name, checked, in the data) for one stage and hook key: every name in the data,
        plus names the stage lists that the data lacks (kept so they can be unticked)."""
        chosen = self.hooks[stage_id][key]
        in_data = {_norm(a) for a in self.activities}
        chosen_norm = {_norm(n) for n in chosen}
        out = [(a, _norm(a) in chosen_norm, True) for a in self.activities]
        out += [(n, True, False) for n in chosen if _norm(n) not in in_data]
        return out

    def set_names(self, stage_id: str, key: str, names: Sequence[str]) -> None:
        if key not in HOOK_KEYS:
            raise ValueError(f"unknown hook key {key!r}; use {', '.join(HOOK_KEYS)}")
        if stage_id not in self.hooks:
            raise KeyError(f"map {self.value_map.name!r} has no stage {stage_id!r}")
        seen: set[str] = set()
        kept = []
        for name in names:
            if name.strip() and _norm(name) not in seen:
                seen.add(_norm(name))
                kept.append(name.strip())
        self.hooks[stage_id][key] = kept

    def toggle(self, stage_id: str, key: str, name: str, on: bool) -> None:
        current = self.names(stage_id, key)
        if on and any(_norm(n) == _norm(name) for n in current):
            return  # already there, in the spelling first given
        rest = [n for n in current if _norm(n) != _norm(name)]
        self.set_names(stage_id, key, [*rest, name] if on else rest)

    def owners(self, name: str) -> list[str]:
        """Stage ids whose edited hooks name ``name`` (under any key)."""
        wanted = _norm(name)
        return [
            sid
            for sid, hooks in self.hooks.items()
            if any(_norm(n) == wanted for key in HOOK_KEYS for n in hooks[key])
        ]

    def changed(self) -> dict[str, dict[str, list[str]]]:
        """Stage id -> edited hooks, for the stages whose hooks differ from the map's."""
        out = {}
        for sid, hooks in self.hooks.items():
            stored = self._stored[sid]
            if any(
                [_norm(n) for n in hooks[k]] != [_norm(n) for n in stored[k]] for k in HOOK_KEYS
            ):
                out[sid] = {k: list(v) for k, v in hooks.items()}
        return out

    @property
    def dirty(self) -> bool:
        return bool(self.changed())

    def reset(self) -> None:
        self.hooks = copy.deepcopy(self._stored)

    def command(self) -> Command | None:
        """One undoable change for every edited stage (``None`` when nothing changed)."""
        changed = self.changed()
        return hooks_command(self.value_map, changed) if changed else None

    def load(self, hooks: dict[str, dict[str, list[str]]]) -> None:
        """Take the hooks read from a hooks CSV (stage id -> hooks) as edits; stages the file
        does not list keep theirs."""
        for sid, given in hooks.items():
            if sid not in self.hooks:
                raise KeyError(f"map {self.value_map.name!r} has no stage {sid!r}")
            loaded = {k: [n for n in given.get(k, []) if n.strip()] for k in HOOK_KEYS}
            if not any(loaded.values()):
                loaded["active"] = [self.value_map.stages[sid].name]  # the default, as stored
            self.hooks[sid] = loaded

    def preview_map(self) -> ValueMap:
        """A copy of the map carrying the edited hooks (for coverage and saving)."""
        preview = copy.deepcopy(self.value_map)
        for sid, hooks in self.hooks.items():
            preview.stages[sid].hooks = {k: list(v) for k, v in hooks.items() if v}
        return preview

    def coverage(self, events: EventTable | None) -> dict[str, HookCoverage]:
        """Coverage per stage with the edited hooks (empty without events)."""
        if events is None:
            return {}
        return {c.stage_id: c for c in hook_coverage(self.preview_map(), events)}
