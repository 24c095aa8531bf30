"""Crash-recovery snapshots inside the workspace file, and the plain records they use."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers_store import full_workspace, table_counts

from vsm_desktop.model import Stage, Workspace
from vsm_desktop.store import (
    RecordsError,
    clear_autosave,
    open_workspace,
    read_autosave,
    save_workspace,
    workspace_from_records,
    workspace_to_records,
    write_autosave,
)


def test_autosave_write_read_clear(tmp_path: Path) -> None:
    path = tmp_path / "work.vsm"
    saved = full_workspace()
    save_workspace(saved, path)
    assert read_autosave(path) is None

    edited = full_workspace()
    edited.maps["map-current"].stages["new"] = Stage(name="Deploy", id="new")
    write_autosave(path, edited)

    found = read_autosave(path)
    assert found is not None
    snapshot, when = found
    assert workspace_to_records(snapshot) == workspace_to_records(edited)
    assert abs(datetime.now(UTC) - when) < timedelta(minutes=1)
    # the saved maps are untouched by the snapshot
    assert workspace_to_records(open_workspace(path)) == workspace_to_records(saved)
    assert table_counts(path)["stages"] == 3

    write_autosave(path, saved)  # a second snapshot replaces the first
    assert table_counts(path)["autosave"] == 1

    clear_autosave(path)
    assert read_autosave(path) is None


def test_save_clears_the_autosave(tmp_path: Path) -> None:
    path = tmp_path / "work.vsm"
    save_workspace(full_workspace(), path)
    write_autosave(path, Workspace())
    assert read_autosave(path) is not None
    save_workspace(full_workspace(), path)
    assert read_autosave(path) is None


def test_autosave_of_an_untitled_workspace_creates_the_file(tmp_path: Path) -> None:
    path = tmp_path / "untitled.vsm"
    assert read_autosave(path) is None
    write_autosave(path, full_workspace())
    assert open_workspace(path).maps == {}
    found = read_autosave(path)
    assert found is not None
    assert list(found[0].maps) == ["map-current", "map-t"]
    clear_autosave(tmp_path / "never-created.vsm")  # nothing to clear is fine


def test_records_are_plain_json_and_round_trip() -> None:
    ws = full_workspace()
    records = workspace_to_records(ws)
    text = json.dumps(records)
    again = workspace_from_records(json.loads(text))
    assert again.maps == ws.maps
    assert again.settings == ws.settings
    assert records["version"] == 1
    assert records["maps"][0]["calendar"] == {"hours_per_day": 7.5, "days_per_week": 4.0}
    assert records["maps"][0]["handoffs"][1]["kind"] == "information"


def test_records_missing_optional_fields_take_the_defaults() -> None:
    records = {
        "format": "vsm-desktop-workspace",
        "version": 1,
        "maps": [{"name": "Sketch", "id": "m", "stages": [{"name": "Idea", "id": "s"}]}],
    }
    ws = workspace_from_records(records)
    stage = ws.maps["m"].stages["s"]
    assert (stage.touch_s, stage.wait_s, stage.pca, stage.people) == (0.0, 0.0, 100.0, 1.0)
    assert ws.maps["m"].calendar.hours_per_day == 8.0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.update(version=99), "newer VSM Desktop"),
        (lambda r: r.update(format="other"), "not VSM Desktop workspace records"),
        (
            lambda r: r["maps"][0]["stages"][1].update(colour="red"),
            r"maps\[0\]\.stages\[1\].*colour",
        ),
        (lambda r: r["maps"][0]["handoffs"][0].update(kind="teleport"), "'teleport' is not"),
        (lambda r: r["maps"][0]["stages"][0].update(pca="lots"), r"stages\[0\]\.pca"),
        (lambda r: r["maps"][0]["handoffs"][0].update(target="ghost"), "missing stage 'ghost'"),
        (lambda r: r["maps"][0]["calendar"].update(hours_per_day=30), "hours per day"),
        (lambda r: r["maps"][0]["stages"].append(r["maps"][0]["stages"][0]), "appears twice"),
    ],
)
def test_bad_records_are_refused_saying_where(change, message: str) -> None:  # type: ignore[no-untyped-def]
    records = workspace_to_records(full_workspace())
    change(records)
    with pytest.raises(RecordsError, match=message):
        workspace_from_records(records)


def test_saving_recovered_work_keeps_the_files_measurements(tmp_path: Path) -> None:
    path = tmp_path / "work.vsm"
    save_workspace(full_workspace(), path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO deploys VALUES (1, 99.0, 0)")
    conn.commit()
    conn.close()
    edited = full_workspace()
    edited.settings["edited"] = "yes"
    write_autosave(path, edited)

    found = read_autosave(path)  # as after a crash, in a new session
    assert found is not None
    save_workspace(found[0], path)
    assert table_counts(path)["deploys"] == 1
    assert open_workspace(path).settings["edited"] == "yes"
