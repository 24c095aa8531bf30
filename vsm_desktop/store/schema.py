"""The layout of a ``.vsm`` workspace file, schema version :data:`SCHEMA_VERSION`.

Map content lives in ``maps``/``stages``/``handoffs``/``notes`` (dict and list fields as JSON
text, a ``position`` column keeping the model's order). Imported measurements live in
``imports``/``events``/``incidents``/``deploys``/``features``; they are filled by
:mod:`vsm_desktop.measure` through :func:`vsm_desktop.store.database` and are never touched by
saving maps.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

import vsm_desktop

__all__ = [
    "APPLICATION",
    "MAP_TABLES",
    "MEASUREMENT_TABLES",
    "SCHEMA_VERSION",
    "create_measurement_tables",
    "create_schema",
    "create_support_tables",
]

#: The version of the layout this code writes; files up to this version can be read.
SCHEMA_VERSION = 1
#: ``meta.application`` of every workspace file; tells ours from any other SQLite file.
APPLICATION = "vsm-desktop"

#: Tables a save replaces, in the order rows are deleted (children first).
MAP_TABLES = ("notes", "handoffs", "stages", "maps")
MEASUREMENT_TABLES = ("imports", "events", "incidents", "deploys", "features")

_MAPS: dict[str, Any] = {
    "id": str,
    "position": int,
    "name": str,
    "role": str,
    "target_of": str,
    "hours_per_day": float,
    "days_per_week": float,
    "demand_per_day": float,
    "display_unit": str,
    "supplier": str,
    "customer": str,
    "show_swimlanes": int,
}
_STAGES: dict[str, Any] = {
    "map_id": str,
    "id": str,
    "position": int,
    "name": str,
    "team": str,
    "touch_s": float,
    "wait_s": float,
    "pca": float,
    "people": float,
    "fields": str,
    "notes": str,
    "x": float,
    "y": float,
    "sources": str,
    "link": str,
    "hooks": str,
}
_HANDOFFS: dict[str, Any] = {
    "map_id": str,
    "id": str,
    "position": int,
    "source": str,
    "target": str,
    "kind": str,
    "label": str,
    "rework": int,
    "rework_rate": float,
}
_NOTES: dict[str, Any] = {
    "map_id": str,
    "id": str,
    "position": int,
    "text": str,
    "kind": str,
    "x": float,
    "y": float,
    "stage": str,
}

#: Column lists in insert order, used by the saver's ``executemany``-style batches.
COLUMNS: dict[str, tuple[str, ...]] = {
    "maps": tuple(_MAPS),
    "stages": tuple(_STAGES),
    "handoffs": tuple(_HANDOFFS),
    "notes": tuple(_NOTES),
}


def create_measurement_tables(db: sqlite_utils.Database) -> None:
    """The measurement tables exactly as :mod:`vsm_desktop.measure` expects them."""
    db.table("imports").create(
        {
            "id": int,
            "kind": str,
            "format": str,
            "source": str,
            "created_at": str,
            "rows": int,
            "skipped": int,
            "map_id": str,
            "options": str,
        },
        pk="id",
    )
    db.table("events").create(
        {
            "import_id": int,
            "item": str,
            "activity": str,
            "start": float,
            "end": float,
            "resource": str,
            "attrs": str,
        }
    )
    db.table("events").create_index(["import_id"])
    db.table("events").create_index(["item", "start"])
    db.table("incidents").create(
        {"import_id": int, "ident": str, "opened": float, "resolved": float, "severity": str}
    )
    db.table("deploys").create({"import_id": int, "at": float, "failed": int})
    db.table("features").create({"import_id": int, "ident": str, "shipped": float, "paid_off": int})


def create_support_tables(db: sqlite_utils.Database) -> None:
    """``settings`` and ``autosave`` (the crash-recovery snapshot)."""
    db.table("settings").create({"key": str, "value": str}, pk="key")
    db.table("autosave").create({"id": int, "saved_at": str, "payload": str}, pk="id")


def create_schema(db: sqlite_utils.Database) -> None:
    """Create every table of the current version in an empty database (inside a transaction)."""
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("maps").create(_MAPS, pk="id", not_null={"id", "name"})
    db.table("stages").create(_STAGES, pk=("map_id", "id"), not_null={"map_id", "id", "name"})
    db.table("handoffs").create(_HANDOFFS, pk=("map_id", "id"), not_null={"map_id", "id"})
    db.table("notes").create(_NOTES, pk=("map_id", "id"), not_null={"map_id", "id"})
    create_support_tables(db)
    create_measurement_tables(db)
    write_meta(db, SCHEMA_VERSION)


def write_meta(db: sqlite_utils.Database, version: int) -> None:
    db.table("meta").upsert_all(
        [
            {"key": "application", "value": APPLICATION},
            {"key": "schema_version", "value": str(version)},
            {"key": "app_version", "value": vsm_desktop.__version__},
        ],
        pk="key",
    )
