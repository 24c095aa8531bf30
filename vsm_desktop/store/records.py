"""Plain JSON-able records of a workspace, and back.

Loading always goes rows -> records -> model objects (as orange-canvas-core's
``scheme/readwrite.py`` does), so the file layout and the model can change independently and the
same records serve the autosave snapshot and the clipboard. Records carry a version; older
versions are upgraded here before they become model objects.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable
from typing import Any, TypeVar

from vsm_desktop.model import (
    Calendar,
    Handoff,
    HandoffKind,
    MapRole,
    Note,
    NoteKind,
    Stage,
    ValueMap,
    Workspace,
)

from .errors import RecordsError

__all__ = [
    "RECORDS_FORMAT",
    "RECORDS_VERSION",
    "handoff_from_record",
    "handoff_to_record",
    "map_from_record",
    "map_to_record",
    "note_from_record",
    "note_to_record",
    "stage_from_record",
    "stage_to_record",
    "workspace_from_records",
    "workspace_to_records",
]

RECORDS_FORMAT = "vsm-desktop-workspace"
RECORDS_VERSION = 1

Record = dict[str, Any]
T = TypeVar("T")
_MISSING = object()

#: Upgrades of older record versions, keyed by the version they upgrade from; each returns the
#: records of the next version. Empty while version 1 is the only one ever written.
_UPGRADES: dict[int, Callable[[Record], Record]] = {}


# -- model -> records -------------------------------------------------------------------------
def stage_to_record(stage: Stage) -> Record:
    return {
        "id": stage.id,
        "name": stage.name,
        "team": stage.team,
        "touch_s": stage.touch_s,
        "wait_s": stage.wait_s,
        "pca": stage.pca,
        "people": stage.people,
        "fields": dict(stage.fields),
        "notes": stage.notes,
        "x": stage.x,
        "y": stage.y,
        "sources": dict(stage.sources),
        "link": stage.link,
        "hooks": {key: list(values) for key, values in stage.hooks.items()},
    }


def handoff_to_record(handoff: Handoff) -> Record:
    return {
        "id": handoff.id,
        "source": handoff.source,
        "target": handoff.target,
        "kind": handoff.kind.value,
        "label": handoff.label,
        "rework": handoff.rework,
        "rework_rate": handoff.rework_rate,
    }


def note_to_record(note: Note) -> Record:
    return {
        "id": note.id,
        "text": note.text,
        "kind": note.kind.value,
        "x": note.x,
        "y": note.y,
        "stage": note.stage,
    }


def map_to_record(value_map: ValueMap) -> Record:
    """One map with its stages, handoffs and notes, each as a list in model order."""
    return {
        "id": value_map.id,
        "name": value_map.name,
        "role": value_map.role.value,
        "target_of": value_map.target_of,
        "calendar": {
            "hours_per_day": value_map.calendar.hours_per_day,
            "days_per_week": value_map.calendar.days_per_week,
        },
        "demand_per_day": value_map.demand_per_day,
        "display_unit": value_map.display_unit,
        "supplier": value_map.supplier,
        "customer": value_map.customer,
        "show_swimlanes": value_map.show_swimlanes,
        "stages": [stage_to_record(s) for s in value_map.stages.values()],
        "handoffs": [handoff_to_record(h) for h in value_map.handoffs.values()],
        "notes": [note_to_record(n) for n in value_map.notes.values()],
    }


def workspace_to_records(ws: Workspace) -> Record:
    """The whole workspace as plain, versioned, JSON-able records (order kept in lists)."""
    return {
        "format": RECORDS_FORMAT,
        "version": RECORDS_VERSION,
        "maps": [map_to_record(m) for m in ws.maps.values()],
        "settings": dict(ws.settings),
    }


# -- records -> model -------------------------------------------------------------------------
@functools.cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls))


def _known(cls: type, record: Record, where: str) -> Record:
    """The record's keys that are fields of ``cls``; unknown keys are refused, not dropped."""
    if not isinstance(record, dict):
        raise RecordsError(f"{where}: expected an object, got {type(record).__name__}")
    unknown = record.keys() - _field_names(cls)
    if unknown:
        raise RecordsError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    return dict(record)


def _enum(kind: Callable[[str], T], value: Any, where: str) -> T:
    try:
        return kind(value)
    except ValueError:
        raise RecordsError(f"{where}: {value!r} is not a valid value") from None


def _number(value: Any, where: str, *, optional: bool = False) -> float | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise RecordsError(f"{where}: expected a number, got {value!r}")
    return float(value)


def _str_dict(value: Any, where: str) -> dict[str, str]:
    if type(value) is not dict or not all(
        type(k) is str and type(v) is str for k, v in value.items()
    ):
        raise RecordsError(f"{where}: expected an object of text values, got {value!r}")
    return dict(value)


def _numbers(data: Record, keys: tuple[str, ...], where: str, *, optional: bool) -> None:
    for key in keys:
        value = data.get(key, _MISSING)
        # floats that are not NaN are by far the common case: skip the slower checks for them
        if value is _MISSING or (type(value) is float and value == value):
            continue
        data[key] = _number(value, f"{where}.{key}", optional=optional)


def stage_from_record(record: Record, where: str = "stage") -> Stage:
    data = _known(Stage, record, where)
    if "name" not in data:
        raise RecordsError(f"{where}: a stage needs a name")
    _numbers(data, ("touch_s", "wait_s"), where, optional=True)
    _numbers(data, ("pca", "people", "x", "y"), where, optional=False)
    for key in ("fields", "sources"):
        if key in data:
            data[key] = _str_dict(data[key], f"{where}.{key}")
    if "hooks" in data:
        hooks = data["hooks"]
        if not isinstance(hooks, dict) or not all(
            type(v) is list and all(type(s) is str for s in v) for v in hooks.values()
        ):
            raise RecordsError(f"{where}.hooks: expected lists of names, got {hooks!r}")
        data["hooks"] = {str(k): list(v) for k, v in hooks.items()}
    return Stage(**data)


def handoff_from_record(record: Record, where: str = "handoff") -> Handoff:
    data = _known(Handoff, record, where)
    if "source" not in data or "target" not in data:
        raise RecordsError(f"{where}: a handoff needs a source and a target")
    if "kind" in data:
        data["kind"] = _enum(HandoffKind, data["kind"], f"{where}.kind")
    if "rework" in data:
        data["rework"] = bool(data["rework"])
    _numbers(data, ("rework_rate",), where, optional=True)
    return Handoff(**data)


def note_from_record(record: Record, where: str = "note") -> Note:
    data = _known(Note, record, where)
    if "text" not in data:
        raise RecordsError(f"{where}: a note needs a text")
    if "kind" in data:
        data["kind"] = _enum(NoteKind, data["kind"], f"{where}.kind")
    _numbers(data, ("x", "y"), where, optional=False)
    return Note(**data)


def _items(record: Record, key: str, where: str) -> list[Record]:
    items = record.get(key, [])
    if not isinstance(items, list):
        raise RecordsError(f"{where}.{key}: expected a list")
    return items


def map_from_record(record: Record, where: str = "map") -> ValueMap:
    data = _known(ValueMap, record, where)
    if "name" not in data:
        raise RecordsError(f"{where}: a map needs a name")
    stages = _items(data, "stages", where)
    handoffs = _items(data, "handoffs", where)
    notes = _items(data, "notes", where)
    data["stages"], data["handoffs"], data["notes"] = {}, {}, {}
    if "role" in data:
        data["role"] = _enum(MapRole, data["role"], f"{where}.role")
    if "calendar" in data:
        calendar = data["calendar"]
        if not isinstance(calendar, dict):
            raise RecordsError(f"{where}.calendar: expected an object, got {calendar!r}")
        try:
            data["calendar"] = Calendar(
                float(calendar.get("hours_per_day", 8.0)), float(calendar.get("days_per_week", 5.0))
            )
        except (TypeError, ValueError) as exc:
            raise RecordsError(f"{where}.calendar: {exc}") from None
    if "demand_per_day" in data:
        data["demand_per_day"] = _number(data["demand_per_day"], f"{where}.demand", optional=True)
    if "show_swimlanes" in data:
        data["show_swimlanes"] = bool(data["show_swimlanes"])
    value_map = ValueMap(**data)
    for i, item in enumerate(stages):
        stage = stage_from_record(item, f"{where}.stages[{i}]")
        if stage.id in value_map.stages:
            raise RecordsError(f"{where}.stages[{i}]: stage id {stage.id!r} appears twice")
        value_map.stages[stage.id] = stage
    for i, item in enumerate(handoffs):
        handoff = handoff_from_record(item, f"{where}.handoffs[{i}]")
        for end in (handoff.source, handoff.target):
            if end not in value_map.stages:
                raise RecordsError(f"{where}.handoffs[{i}]: refers to a missing stage {end!r}")
        value_map.handoffs[handoff.id] = handoff
    for i, item in enumerate(notes):
        note = note_from_record(item, f"{where}.notes[{i}]")
        value_map.notes[note.id] = note
    return value_map


def _upgrade(records: Record) -> Record:
    if not isinstance(records, dict) or records.get("format") != RECORDS_FORMAT:
        raise RecordsError(f"not VSM Desktop workspace records (format must be {RECORDS_FORMAT!r})")
    version = records.get("version")
    if not isinstance(version, int) or version < 1:
        raise RecordsError(f"workspace records have no valid version: {version!r}")
    if version > RECORDS_VERSION:
        raise RecordsError(
            f"workspace records of version {version} come from a newer VSM Desktop "
            f"(this version reads up to {RECORDS_VERSION})"
        )
    while version < RECORDS_VERSION:
        records = _UPGRADES[version](records)
        version = records["version"]
    return records


def workspace_from_records(records: Record) -> Workspace:
    """Build a fresh workspace from :func:`workspace_to_records` output (any known version)."""
    records = _upgrade(records)
    ws = Workspace()
    for i, item in enumerate(_items(records, "maps", "workspace")):
        value_map = map_from_record(item, f"maps[{i}]")
        if value_map.id in ws.maps:
            raise RecordsError(f"maps[{i}]: map id {value_map.id!r} appears twice")
        ws.maps[value_map.id] = value_map
    ws.settings = _str_dict(records.get("settings", {}), "settings")
    return ws
