"""Hooks: which events or statuses of a log belong to which stage of a map.

A stage's ``hooks`` dict has up to four lists of event/status names:

- ``active``: time in these statuses (or the duration of these activities) is touch time;
- ``waiting``: time in these statuses is wait time;
- ``start``: an event that starts the stage (the gap before it is wait, its duration touch);
- ``end``: an event that ends the stage (the time since the previous event is touch).

Names match case-insensitively, ignoring surrounding blanks. A stage with no hook names at all
takes the activity or status that has its own name (``{"active": [stage.name]}``). When two
stages claim the same name the first stage in map order gets it and the clash is reported.
The hooks of a map travel as a CSV (stage, start, end, active, waiting; names ``;``-separated)
so teams can keep and refine them outside the app.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from vsm_desktop.model import Command, EditCommand, MacroCommand, Stage, ValueMap

from .events import EventTable

__all__ = [
    "END",
    "HOOK_KEYS",
    "ROLE_ACTIVE",
    "ROLE_END",
    "ROLE_START",
    "ROLE_WAITING",
    "HookClash",
    "HookCoverage",
    "HookIndex",
    "HooksError",
    "hook_coverage",
    "hooks_command",
    "read_hooks_csv",
    "resolve_hooks",
    "stage_hooks",
    "write_hooks_csv",
]

HOOK_KEYS = ("start", "end", "active", "waiting")
END = "end"

#: Row roles used by the figures (small ints so they index numpy arrays).
ROLE_ACTIVE = 0
ROLE_WAITING = 1
ROLE_START = 2
ROLE_END = 3
_ROLE_OF_KEY = {
    "start": ROLE_START,
    "end": ROLE_END,
    "waiting": ROLE_WAITING,
    "active": ROLE_ACTIVE,
}


class HooksError(ValueError):
    """A hooks file or hooks dict is malformed; the message names the row or stage."""


def _norm(name: object) -> str:
    return str(name).strip().casefold()


def stage_hooks(stage: Stage) -> dict[str, list[str]]:
    """The stage's hooks with the default filled in (its own name as the active status)."""
    hooks = {key: [n for n in stage.hooks.get(key, []) if n.strip()] for key in HOOK_KEYS}
    if not any(hooks.values()):
        hooks["active"] = [stage.name]
    return hooks


@dataclass(frozen=True, slots=True)
class HookClash:
    """An event/status name claimed by more than one stage; ``stage_ids[0]`` got it."""

    name: str
    stage_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HookIndex:
    """Hooks resolved against the activity labels of an event table.

    ``stage_of[code]`` is the index into ``stage_ids`` of the stage an activity code belongs
    to (-1 for none) and ``role_of[code]`` its role (``ROLE_*``).
    """

    stage_ids: tuple[str, ...]
    stage_of: npt.NDArray[np.intp]
    role_of: npt.NDArray[np.intp]
    clashes: tuple[HookClash, ...] = ()

    def matched(self, activity_labels: Sequence[object] | np.ndarray) -> dict[str, list[str]]:
        """Stage id -> the activity labels hooked to it (for showing what matched)."""
        out: dict[str, list[str]] = {sid: [] for sid in self.stage_ids}
        for code, index in enumerate(self.stage_of):
            if index >= 0:
                out[self.stage_ids[index]].append(str(activity_labels[code]))
        return out


def resolve_hooks(
    stages: Iterable[Stage], activity_labels: Sequence[object] | np.ndarray
) -> HookIndex:
    """Map every activity label to the stage (and role) whose hooks name it."""
    owner: dict[str, tuple[int, int]] = {}
    claimed: dict[str, list[str]] = {}
    stage_ids: list[str] = []
    for index, stage in enumerate(stages):
        stage_ids.append(stage.id)
        hooks = stage_hooks(stage)
        # Within one stage a name listed twice takes the most specific role.
        for key in ("active", "waiting", "end", "start"):
            for name in hooks[key]:
                norm = _norm(name)
                if norm in owner and owner[norm][0] != index:
                    if stage.id not in claimed[norm]:
                        claimed[norm].append(stage.id)
                    continue
                owner[norm] = (index, _ROLE_OF_KEY[key])
                claimed.setdefault(norm, [stage.id])
    n = len(activity_labels)
    stage_of = np.full(n, -1, dtype=np.intp)
    role_of = np.zeros(n, dtype=np.intp)
    for code, label in enumerate(activity_labels):
        hit = owner.get(_norm(label))
        if hit is not None:
            stage_of[code], role_of[code] = hit
    clashes = tuple(HookClash(name, tuple(ids)) for name, ids in claimed.items() if len(ids) > 1)
    return HookIndex(tuple(stage_ids), stage_of, role_of, clashes)


@dataclass(frozen=True, slots=True)
class HookCoverage:
    """What a stage's hooks find in a log: the names it looks for, those that occur, and the
    share of the log's items with at least one matching row."""

    stage_id: str
    names: tuple[str, ...]
    matched: tuple[str, ...]
    items: int
    coverage: float


def hook_coverage(value_map: ValueMap, events: EventTable) -> list[HookCoverage]:
    """Per stage of ``value_map`` (in map order), how well its hooks cover ``events``; for the
    hooks editor, cheaper than the full figures."""
    index = resolve_hooks(value_map.stages.values(), events.activity_labels)
    n_items = len(events.item_labels)
    stage = index.stage_of[events.activity_codes] if len(events) else np.zeros(0, np.intp)
    hooked = stage >= 0
    pairs = np.unique(stage[hooked].astype(np.int64) * max(n_items, 1) + events.item_codes[hooked])
    per_stage = np.bincount(pairs // max(n_items, 1), minlength=len(index.stage_ids))
    matched = index.matched(events.activity_labels)
    out = []
    for k, st in enumerate(value_map.stages.values()):
        names = tuple(n for key in HOOK_KEYS for n in stage_hooks(st)[key])
        items = int(per_stage[k])
        out.append(
            HookCoverage(
                st.id, names, tuple(matched[st.id]), items, items / n_items if n_items else 0.0
            )
        )
    return out


# -- CSV ---------------------------------------------------------------------------------------
def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


def read_hooks_csv(path: str | Path, value_map: ValueMap) -> dict[str, dict[str, list[str]]]:
    """Read a hooks CSV: columns ``stage`` (name or id) and any of start, end, active, waiting.

    Returns stage id -> hooks dict. Unknown stages, a missing ``stage`` column, unknown columns
    and a stage listed twice raise :class:`HooksError` naming the file and row.
    """
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise HooksError(f"{source}: cannot read hooks file ({exc.strerror or exc})") from None
    reader = csv.DictReader(text.splitlines())
    header = [h.strip().casefold() for h in (reader.fieldnames or [])]
    if "stage" not in header:
        raise HooksError(f"{source}: row 1: the hooks file needs a 'stage' column")
    unknown = [h for h in header if h and h != "stage" and h not in HOOK_KEYS]
    if unknown:
        raise HooksError(
            f"{source}: row 1: unknown column(s) {', '.join(unknown)}; "
            f"use stage, {', '.join(HOOK_KEYS)}"
        )
    by_id = value_map.stages
    out: dict[str, dict[str, list[str]]] = {}
    for line, raw in enumerate(reader, start=2):
        row = {(k or "").strip().casefold(): v for k, v in raw.items()}
        name = (row.get("stage") or "").strip()
        if not name and not any((row.get(k) or "").strip() for k in HOOK_KEYS):
            continue  # a blank line
        stage = by_id.get(name) or value_map.stage_named(name)
        if stage is None:
            raise HooksError(
                f"{source}: row {line}: no stage named {name!r} in map {value_map.name!r}"
            )
        if stage.id in out:
            raise HooksError(f"{source}: row {line}: stage {stage.name!r} is listed twice")
        out[stage.id] = {key: _split(row.get(key)) for key in HOOK_KEYS if _split(row.get(key))}
    return out


def write_hooks_csv(path: str | Path, value_map: ValueMap) -> None:
    """Write every stage's own hooks (not the name default) as a hooks CSV."""
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["stage", *HOOK_KEYS])
        for stage in value_map.stages.values():
            writer.writerow(
                [stage.name, *("; ".join(stage.hooks.get(key, [])) for key in HOOK_KEYS)]
            )


def hooks_command(value_map: ValueMap, hooks: Mapping[str, Mapping[str, list[str]]]) -> Command:
    """One undoable change setting the hooks of the stages in ``hooks`` (stage id -> hooks)."""
    children: list[Command] = []
    for stage_id, stage_hooks_ in hooks.items():
        if stage_id not in value_map.stages:
            raise HooksError(f"map {value_map.name!r} has no stage with id {stage_id!r}")
        bad = set(stage_hooks_) - set(HOOK_KEYS)
        if bad:
            raise HooksError(
                f"stage {value_map.stages[stage_id].name!r}: unknown hook key(s) "
                f"{', '.join(sorted(bad))}; use {', '.join(HOOK_KEYS)}"
            )
        value = {k: list(v) for k, v in stage_hooks_.items() if v}
        children.append(EditCommand("stage", value_map.id, stage_id, {"hooks": value}))
    return MacroCommand("Set hooks", children)
