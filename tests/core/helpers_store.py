"""Workspaces and hand-made files for the store tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

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


def full_workspace() -> Workspace:
    """Two maps with every field of every object set away from its default."""
    current = ValueMap(
        name="Release train",
        role=MapRole.CURRENT,
        calendar=Calendar(7.5, 4.0),
        demand_per_day=12.5,
        display_unit="d",
        supplier="Product office",
        customer="Shop users",
        show_swimlanes=True,
        id="map-current",
    )
    build = Stage(
        name="Build",
        team="Dev",
        touch_s=3600.0,
        wait_s=None,
        pca=85.5,
        people=2.5,
        fields={"uptime": "98%", "batch size": "3"},
        notes="needs two reviewers\nand a green pipeline",
        x=-12.25,
        y=40.0,
        sources={"touch_s": "median of import 3"},
        link="elsewhere",
        hooks={"start": ["In Progress"], "end": ["Done", "Closed"], "active": ["In Progress"]},
        id="st-build",
    )
    test = Stage(name="Test ✓", team="QA", touch_s=None, wait_s=7200.0, id="st-test")
    current.stages = {build.id: build, test.id: test}
    forward = Handoff("st-build", "st-test", HandoffKind.FIFO, label="ticket", id="h-fwd")
    back = Handoff(
        "st-test",
        "st-build",
        HandoffKind.INFORMATION,
        label="bug",
        rework=True,
        rework_rate=0.25,
        id="h-back",
    )
    current.handoffs = {forward.id: forward, back.id: back}
    burst = Note("Automate the tests", NoteKind.KAIZEN, x=5.0, y=-6.5, stage="st-test", id="n1")
    current.notes = {burst.id: burst}
    target = ValueMap(
        name="Release train (target)", role=MapRole.TARGET, target_of="map-current", id="map-t"
    )
    free = Stage(name="Build", link="st-build", id="st-t-build")
    target.stages = {free.id: free}
    ws = Workspace(settings={"theme": "dark", "last export": "/tmp/x.xlsx"})
    ws.maps = {current.id: current, target.id: target}
    return ws


def make_v0_file(path: Path) -> None:
    """A schema-0 workspace (the pre-release layout), written by hand with plain sqlite3.

    Stages have no ``sources``/``hooks`` columns; there is no autosave or measurement table.
    """
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        INSERT INTO meta VALUES ('application', 'vsm-desktop'), ('schema_version', '0');
        CREATE TABLE maps (id TEXT PRIMARY KEY, position INTEGER, name TEXT, role TEXT,
            target_of TEXT, hours_per_day REAL, days_per_week REAL, demand_per_day REAL,
            display_unit TEXT, supplier TEXT, customer TEXT, show_swimlanes INTEGER);
        CREATE TABLE stages (map_id TEXT, id TEXT, position INTEGER, name TEXT, team TEXT,
            touch_s REAL, wait_s REAL, pca REAL, people REAL, fields TEXT, notes TEXT,
            x REAL, y REAL, link TEXT, PRIMARY KEY (map_id, id));
        CREATE TABLE handoffs (map_id TEXT, id TEXT, position INTEGER, source TEXT,
            target TEXT, kind TEXT, label TEXT, rework INTEGER, rework_rate REAL,
            PRIMARY KEY (map_id, id));
        CREATE TABLE notes (map_id TEXT, id TEXT, position INTEGER, text TEXT, kind TEXT,
            x REAL, y REAL, stage TEXT, PRIMARY KEY (map_id, id));
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);
        INSERT INTO maps VALUES ('m0', 0, 'Old map', 'current', NULL, 8, 5, NULL, 'h',
            'Supplier', 'Customer', 0);
        INSERT INTO stages VALUES ('m0', 'b', 0, 'Design', 'UX', 1800, 600, 90, 1,
            '{"size": "M"}', '', 10, 20, NULL);
        INSERT INTO stages VALUES ('m0', 'a', 1, 'Build', 'Dev', 3600, 0, 100, 2, '{}', 'n',
            30, 20, NULL);
        INSERT INTO handoffs VALUES ('m0', 'h', 0, 'b', 'a', 'push', '', 0, NULL);
        INSERT INTO settings VALUES ('theme', 'light');
        """
    )
    conn.commit()
    conn.close()


def v0_expected() -> Workspace:
    """What :func:`make_v0_file` holds, as the current model sees it."""
    value_map = ValueMap(name="Old map", supplier="Supplier", id="m0")
    design = Stage("Design", "UX", 1800.0, 600.0, 90.0, 1.0, {"size": "M"}, "", 10.0, 20.0, id="b")
    build = Stage("Build", "Dev", 3600.0, 0.0, 100.0, 2.0, notes="n", x=30.0, y=20.0, id="a")
    value_map.stages = {"b": design, "a": build}
    value_map.handoffs = {"h": Handoff("b", "a", id="h")}
    ws = Workspace(settings={"theme": "light"})
    ws.maps = {"m0": value_map}
    return ws


def table_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: conn.execute(f"SELECT count(*) FROM [{n}]").fetchone()[0] for n in names}
    finally:
        conn.close()
