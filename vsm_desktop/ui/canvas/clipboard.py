"""Copy, paste and duplicate of canvas items through plain records.

The records are those of :mod:`vsm_desktop.store.records` (one format for the file, the
autosave and the clipboard); pasting gives every object a fresh id and keeps the handoffs
between the copied stages.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QMimeData

from vsm_desktop.model import Handoff, Note, Stage, ValueMap, format_duration, new_id

# vsm_desktop.store.records is imported inside the functions: importing the store package loads
# sqlite-utils (and pandas where installed), which the window's first paint does not need.

__all__ = ["MIME_TYPE", "items_from_mime", "items_to_mime", "items_to_records", "records_to_items"]

MIME_TYPE = "application/x-vsm-desktop-items+json"
_FORMAT = "vsm-desktop-items"


def items_to_records(
    value_map: ValueMap,
    stage_ids: Iterable[str],
    handoff_ids: Iterable[str] = (),
    note_ids: Iterable[str] = (),
) -> dict[str, Any]:
    """The chosen objects as records; handoffs come along when both of their stages do."""
    from vsm_desktop.store.records import handoff_to_record, note_to_record, stage_to_record

    stages = [value_map.stages[s] for s in dict.fromkeys(stage_ids) if s in value_map.stages]
    chosen = {s.id for s in stages}
    handoffs = [h for h in value_map.handoffs.values() if h.source in chosen and h.target in chosen]
    del handoff_ids  # a handoff alone cannot be pasted without its stages
    notes = [value_map.notes[n] for n in dict.fromkeys(note_ids) if n in value_map.notes]
    return {
        "format": _FORMAT,
        "version": 1,
        "stages": [stage_to_record(s) for s in stages],
        "handoffs": [handoff_to_record(h) for h in handoffs],
        "notes": [note_to_record(n) for n in notes],
    }


def records_to_items(
    records: dict[str, Any], offset: tuple[float, float], keep_note_stage: set[str] | None = None
) -> tuple[list[Stage], list[Handoff], list[Note]]:
    """Fresh model objects from records, moved by ``offset``, every id new.

    A note stays attached to a stage that was copied with it (under the new id), or to a stage
    in ``keep_note_stage`` (stages of the map pasted into); otherwise it comes loose.
    """
    from vsm_desktop.store.records import handoff_from_record, note_from_record, stage_from_record

    if not isinstance(records, dict) or records.get("format") != _FORMAT:
        raise ValueError("the clipboard holds no VSM Desktop items")
    dx, dy = offset
    ids: dict[str, str] = {}
    stages: list[Stage] = []
    for i, record in enumerate(records.get("stages", [])):
        stage = stage_from_record(record, f"clipboard stages[{i}]")
        ids[stage.id] = new_id()
        stage.id = ids[stage.id]
        stage.x += dx
        stage.y += dy
        stages.append(stage)
    handoffs: list[Handoff] = []
    for i, record in enumerate(records.get("handoffs", [])):
        handoff = handoff_from_record(record, f"clipboard handoffs[{i}]")
        if handoff.source not in ids or handoff.target not in ids:
            continue
        handoff.id = new_id()
        handoff.source = ids[handoff.source]
        handoff.target = ids[handoff.target]
        handoffs.append(handoff)
    notes: list[Note] = []
    keep = keep_note_stage or set()
    for i, record in enumerate(records.get("notes", [])):
        note = note_from_record(record, f"clipboard notes[{i}]")
        note.id = new_id()
        note.x += dx
        note.y += dy
        if note.stage is not None:
            note.stage = ids.get(note.stage) or (note.stage if note.stage in keep else None)
        notes.append(note)
    return stages, handoffs, notes


def items_to_mime(records: dict[str, Any], value_map: ValueMap) -> QMimeData:
    """Mime data with the records, plus a tab-separated table for spreadsheets and text."""
    mime = QMimeData()
    mime.setData(MIME_TYPE, json.dumps(records).encode())
    calendar = value_map.calendar
    lines = ["Stage\tTeam\tTouch\tWait\t%C&A"]
    for record in records["stages"]:
        lines.append(
            "\t".join(
                [
                    record["name"],
                    record["team"],
                    format_duration(record["touch_s"], calendar),
                    format_duration(record["wait_s"], calendar),
                    f"{record['pca']:g}",
                ]
            )
        )
    mime.setText("\n".join(lines))
    return mime


def items_from_mime(mime: QMimeData | None) -> dict[str, Any] | None:
    """The records in mime data, or ``None`` when it holds none of ours."""
    if mime is None or not mime.hasFormat(MIME_TYPE):
        return None
    try:
        records = json.loads(bytes(mime.data(MIME_TYPE).data()).decode())
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return records if isinstance(records, dict) else None
