"""Saving and opening workspace files: round trip, order, replacement, refusal of bad files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers_store import full_workspace, table_counts

from vsm_desktop.model import Calendar, HandoffKind, MapRole, NoteKind, Stage, ValueMap, Workspace
from vsm_desktop.store import (
    SCHEMA_VERSION,
    WorkspaceFileError,
    database,
    last_saved_at,
    open_workspace,
    save_workspace,
    workspace_origin,
    workspace_to_records,
)


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    ws = full_workspace()
    path = tmp_path / "full.vsm"
    save_workspace(ws, path)
    loaded = open_workspace(path)

    assert workspace_to_records(loaded) == workspace_to_records(ws)
    assert loaded.maps == ws.maps
    assert loaded.settings == {"theme": "dark", "last export": "/tmp/x.xlsx"}
    current = loaded.maps["map-current"]
    assert current.calendar == Calendar(7.5, 4.0)
    assert current.role is MapRole.CURRENT
    assert loaded.maps["map-t"].target_of == "map-current"
    build = current.stages["st-build"]
    assert build.wait_s is None and build.touch_s == 3600.0
    assert build.hooks == {
        "start": ["In Progress"],
        "end": ["Done", "Closed"],
        "active": ["In Progress"],
    }
    assert build.sources == {"touch_s": "median of import 3"}
    assert current.handoffs["h-back"].kind is HandoffKind.INFORMATION
    assert current.handoffs["h-back"].rework is True
    assert current.handoffs["h-back"].rework_rate == 0.25
    assert current.notes["n1"].kind is NoteKind.KAIZEN
    assert current.show_swimlanes is True


def test_order_of_maps_stages_handoffs_and_notes_is_kept(tmp_path: Path) -> None:
    ws = Workspace()
    for map_name in ("zeta", "alpha", "mu"):
        value_map = ValueMap(name=map_name, id=f"id-{map_name}")
        # ids deliberately out of alphabetical order, so sorting by id would show
        for stage_id in ("s9", "s1", "s5", "s3"):
            value_map.stages[stage_id] = Stage(name=stage_id, id=stage_id)
        ws.maps[value_map.id] = value_map
    path = tmp_path / "order.vsm"
    save_workspace(ws, path)
    loaded = open_workspace(path)
    assert list(loaded.maps) == ["id-zeta", "id-alpha", "id-mu"]
    assert list(loaded.maps["id-alpha"].stages) == ["s9", "s1", "s5", "s3"]
    full = full_workspace()
    save_workspace(full, path)
    loaded = open_workspace(path)
    assert list(loaded.maps["map-current"].handoffs) == ["h-fwd", "h-back"]
    assert list(loaded.maps["map-current"].stages) == ["st-build", "st-test"]


def test_saving_twice_replaces_rather_than_duplicates(tmp_path: Path) -> None:
    ws = full_workspace()
    path = tmp_path / "twice.vsm"
    save_workspace(ws, path)
    save_workspace(ws, path)
    counts = table_counts(path)
    assert (counts["maps"], counts["stages"], counts["handoffs"], counts["notes"]) == (2, 3, 2, 1)
    assert counts["settings"] == 2

    del ws.maps["map-t"]
    ws.maps["map-current"].name = "Renamed"
    save_workspace(ws, path)
    counts = table_counts(path)
    assert (counts["maps"], counts["stages"]) == (1, 2)
    loaded = open_workspace(path)
    assert [m.name for m in loaded.maps.values()] == ["Renamed"]


def test_new_file_has_the_measurement_tables_exactly(tmp_path: Path) -> None:
    path = tmp_path / "schema.vsm"
    save_workspace(Workspace(), path)
    conn = sqlite3.connect(path)
    columns = {
        table: [(r[1], r[2], r[5]) for r in conn.execute(f"PRAGMA table_info([{table}])")]
        for table in ("imports", "events", "incidents", "deploys", "features")
    }
    indexes = {
        tuple(r[2] for r in conn.execute(f"PRAGMA index_info([{name}])"))
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'events'")
        if name != "events"
    }
    version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    conn.close()
    assert columns["imports"] == [
        ("id", "INTEGER", 1),
        ("kind", "TEXT", 0),
        ("format", "TEXT", 0),
        ("source", "TEXT", 0),
        ("created_at", "TEXT", 0),
        ("rows", "INTEGER", 0),
        ("skipped", "INTEGER", 0),
        ("map_id", "TEXT", 0),
        ("options", "TEXT", 0),
    ]
    assert [(c, t) for c, t, _ in columns["events"]] == [
        ("import_id", "INTEGER"),
        ("item", "TEXT"),
        ("activity", "TEXT"),
        ("start", "REAL"),
        ("end", "REAL"),
        ("resource", "TEXT"),
        ("attrs", "TEXT"),
    ]
    assert indexes == {("import_id",), ("item", "start")}
    assert [c for c, _, _ in columns["incidents"]] == [
        "import_id",
        "ident",
        "opened",
        "resolved",
        "severity",
    ]
    assert [c for c, _, _ in columns["deploys"]] == ["import_id", "at", "failed"]
    assert [c for c, _, _ in columns["features"]] == ["import_id", "ident", "shipped", "paid_off"]
    assert version == (str(SCHEMA_VERSION),)


def _add_measurements(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO imports VALUES (7, 'events', 'csv', 'log.csv', '2026-01-01', 2, 0, "
        "'map-current', '{}')"
    )
    conn.executemany(
        "INSERT INTO events VALUES (7, ?, 'Build', ?, ?, 'ann', '{}')",
        [("A-1", 1000.0, 2000.0), ("A-2", 1500.0, None)],
    )
    conn.execute("INSERT INTO incidents VALUES (7, 'INC-1', 10.0, 20.0, 'high')")
    conn.execute("INSERT INTO deploys VALUES (7, 30.0, 1)")
    conn.execute("INSERT INTO features VALUES (7, 'F-1', 40.0, 0)")
    conn.commit()
    conn.close()


def _measurements(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {
            t: conn.execute(f"SELECT * FROM [{t}] ORDER BY rowid").fetchall()
            for t in ("imports", "events", "incidents", "deploys", "features")
        }
    finally:
        conn.close()


def test_saving_never_touches_measurement_tables(tmp_path: Path) -> None:
    ws = full_workspace()
    path = tmp_path / "measured.vsm"
    save_workspace(ws, path)
    _add_measurements(path)
    before = _measurements(path)
    assert before["events"] == [
        (7, "A-1", "Build", 1000.0, 2000.0, "ann", "{}"),
        (7, "A-2", "Build", 1500.0, None, "ann", "{}"),
    ]
    ws.maps["map-current"].stages["st-build"].touch_s = 1.0
    save_workspace(ws, path)
    save_workspace(ws, path, source=path)
    assert _measurements(path) == before
    assert open_workspace(path).maps["map-current"].stages["st-build"].touch_s == 1.0


def test_save_as_copies_the_sources_measurements_and_leaves_the_source(tmp_path: Path) -> None:
    ws = full_workspace()
    source = tmp_path / "source.vsm"
    save_workspace(ws, source)
    _add_measurements(source)
    target = tmp_path / "copy.vsm"
    target.write_text("an old unrelated file being overwritten")
    ws.maps["map-current"].name = "Copy"
    save_workspace(ws, target, source=source)

    assert _measurements(target) == _measurements(source)
    assert open_workspace(target).maps["map-current"].name == "Copy"
    assert open_workspace(source).maps["map-current"].name == "Release train"
    assert not list(tmp_path.glob("*.tmp-*"))


def test_last_saved_at_is_set_by_a_save(tmp_path: Path) -> None:
    path = tmp_path / "when.vsm"
    save_workspace(Workspace(), path)
    first = last_saved_at(path)
    assert first is not None and first.tzinfo is not None
    save_workspace(Workspace(), path)
    second = last_saved_at(path)
    assert second is not None and second >= first


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.vsm"
    save_workspace(full_workspace(), path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (SCHEMA_VERSION + 1,))
    conn.commit()
    conn.close()
    expected = (
        f"made by a newer VSM Desktop (schema {SCHEMA_VERSION + 1}, "
        f"this version reads up to {SCHEMA_VERSION})"
    )
    with pytest.raises(WorkspaceFileError) as info:
        open_workspace(path)
    assert expected in str(info.value)
    assert str(path) in str(info.value)
    assert not list(tmp_path.glob("*.bak-*"))


def test_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.vsm"
    path.write_text("stage,touch\nBuild,1h\n" * 50)
    with pytest.raises(WorkspaceFileError, match="not an SQLite database") as info:
        open_workspace(path)
    assert str(path) in str(info.value)
    assert path.read_text().startswith("stage,touch")


def test_sqlite_file_that_is_not_a_workspace_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER, name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(WorkspaceFileError, match="SQLite database but not a VSM workspace"):
        open_workspace(path)

    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    conn.execute("INSERT INTO meta VALUES ('application', 'some-other-app')")
    conn.commit()
    conn.close()
    with pytest.raises(WorkspaceFileError, match="'some-other-app'") as info:
        open_workspace(path)
    assert str(path) in str(info.value)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceFileError, match="no such workspace file"):
        open_workspace(tmp_path / "nowhere.vsm")


def test_damaged_json_column_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "damaged.vsm"
    save_workspace(full_workspace(), path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE stages SET hooks = '{not json' WHERE id = 'st-test'")
    conn.commit()
    conn.close()
    with pytest.raises(WorkspaceFileError, match=r"stages row 'st-test' .* column 'hooks'"):
        open_workspace(path)


def test_database_gives_other_modules_the_workspace(tmp_path: Path) -> None:
    path = tmp_path / "db.vsm"
    save_workspace(full_workspace(), path)
    with database(path) as db, db.atomic():
        db.table("deploys").insert({"import_id": 1, "at": 5.0, "failed": 0})
    assert table_counts(path)["deploys"] == 1
    with pytest.raises(WorkspaceFileError), database(tmp_path / "missing.vsm"):
        pass


def test_plain_save_as_of_an_opened_workspace_keeps_its_measurements(tmp_path: Path) -> None:
    first = tmp_path / "first.vsm"
    save_workspace(full_workspace(), first)
    _add_measurements(first)
    ws = open_workspace(first)
    assert workspace_origin(ws) == first

    second = tmp_path / "second.vsm"
    save_workspace(ws, second)  # no source given: the origin is remembered
    assert workspace_origin(ws) == second
    assert _measurements(second) == _measurements(first)
    ws.maps["map-current"].name = "Edited after Save As"
    save_workspace(ws, second)
    assert open_workspace(second).maps["map-current"].name == "Edited after Save As"
    assert open_workspace(first).maps["map-current"].name == "Release train"


def test_new_workspace_saved_over_a_workspace_replaces_it_wholesale(tmp_path: Path) -> None:
    path = tmp_path / "old.vsm"
    save_workspace(full_workspace(), path)
    _add_measurements(path)
    fresh = Workspace()
    fresh.maps["m"] = ValueMap(name="Fresh", id="m")
    save_workspace(fresh, path)
    assert all(rows == [] for rows in _measurements(path).values())
    assert [m.name for m in open_workspace(path).maps.values()] == ["Fresh"]
