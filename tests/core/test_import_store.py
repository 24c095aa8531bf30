"""Storing imports: one transaction, provenance, abort vs skip, cancel, remove exactly its rows,
outcome tables, and the CLI commands."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from vsm_desktop.cli.main import main
from vsm_desktop.measure.events import EventTable
from vsm_desktop.measure.importers.run import import_file
from vsm_desktop.measure.problems import ImportCancelled, ImportFileError, ImportProblems
from vsm_desktop.model import Workspace
from vsm_desktop.store import save_workspace
from vsm_desktop.store.measurements import (
    UnknownImportError,
    import_events,
    list_imports,
    load_deploys,
    load_events,
    load_features,
    load_incidents,
    remove_import,
)

DATA = Path(__file__).parent / "data"


def utc(*args: int) -> float:
    return datetime(*args, tzinfo=UTC).timestamp()


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    path = tmp_path / "w.vsm"
    save_workspace(Workspace(), path)
    return path


def _counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("imports", "events", "incidents", "deploys", "features")
        }
    finally:
        conn.close()


def test_import_list_load_and_remove_exactly_its_rows(ws: Path) -> None:
    first = import_file(ws, DATA / "events.csv")
    second = import_file(ws, DATA / "status_entered.csv", format="jira", map_id="m1")
    assert (first.import_id, first.rows, second.rows) == (1, 4, 4)
    records = list_imports(ws)
    assert [(r.id, r.kind, r.format, r.rows, r.skipped, r.map_id) for r in records] == [
        (1, "events", "csv", 4, 0, None),
        (2, "events", "jira", 4, 0, "m1"),
    ]
    assert records[0].options["columns"]["end"] == "complete"
    assert records[0].source.endswith("events.csv")
    both = load_events(ws)
    assert len(both) == 8
    only_first = load_events(ws, [1])
    assert sorted(only_first.to_records()) == [
        ("A-1", "Analysis", utc(2024, 3, 4, 9), utc(2024, 3, 4, 11, 30), "ann"),
        ("A-1", "Build", utc(2024, 3, 5, 10), utc(2024, 3, 5, 16), "bob"),
        ("A-2", "Analysis", utc(2024, 3, 4, 13), utc(2024, 3, 4, 14), None),
        ("A-2", "Build", utc(2024, 3, 6, 8), None, "bob"),
    ]
    removed = remove_import(ws, 1)
    assert removed.rows == 4
    assert _counts(ws)["events"] == 4
    left = load_events(ws)
    assert sorted(set(left.items.tolist())) == ["PRJ-1", "PRJ-2"]
    assert left.resource is None
    assert [r.id for r in list_imports(ws)] == [2]
    with pytest.raises(UnknownImportError, match="no import with id 1"):
        remove_import(ws, 1)
    assert len(load_events(ws, [])) == 0


def test_stored_rows_keep_nan_ends_and_codes(ws: Path) -> None:
    table = EventTable.from_columns(
        ["b", "a", "b"], ["x", "y", "x"], [30.0, 10.0, 20.0], [35.0, np.nan, np.nan]
    )
    ident = import_events(ws, table, format="csv", source="mem")
    back = load_events(ws, [ident])
    # Stored grouped by item, by start within an item.
    assert back.to_records() == [
        ("a", "y", 10.0, None, None),
        ("b", "x", 20.0, None, None),
        ("b", "x", 30.0, 35.0, None),
    ]
    assert back.item_labels[back.item_codes].tolist() == ["a", "b", "b"]


def test_bad_rows_abort_by_default_and_write_nothing(ws: Path, tmp_path: Path) -> None:
    file = tmp_path / "bad.csv"
    file.write_text(
        "item,activity,start\nA,Build,2024-03-04 09:00\n,Build,2024-03-04 10:00\n"
        "B,Build,soon\nC,Test,2024-03-04 11:00\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportProblems) as err:
        import_file(ws, file)
    assert [p.row for p in err.value.problems] == [3, 4]
    assert "2 bad row(s), nothing imported" in str(err.value)
    assert "row 3, column 'item': missing item id" in str(err.value)
    assert _counts(ws) == {"imports": 0, "events": 0, "incidents": 0, "deploys": 0, "features": 0}
    summary = import_file(ws, file, on_error="skip")
    assert (summary.rows, summary.skipped) == (2, 2)
    assert list_imports(ws)[0].skipped == 2
    assert sorted(load_events(ws).items.tolist()) == ["A", "C"]


def test_a_file_of_only_bad_rows_or_no_rows_stores_nothing(ws: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("item,activity,start\n,x,2024-03-04\n", encoding="utf-8")
    with pytest.raises(ImportProblems):
        import_file(ws, bad, on_error="skip")
    header = tmp_path / "header.csv"
    header.write_text("item,activity,start\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="no data rows"):
        import_file(ws, header)
    assert _counts(ws)["imports"] == 0


def test_cancel_while_writing_leaves_nothing(ws: Path, tmp_path: Path) -> None:
    import_file(ws, DATA / "events.csv")
    before = _counts(ws)
    n = 250_000  # three write batches
    table = EventTable.from_columns(
        [f"I{k % 1000}" for k in range(n)], ["A"] * n, np.arange(n, dtype=float)
    )
    cancel = threading.Event()
    seen: list[float] = []

    def progress(share: float) -> None:
        seen.append(share)
        if share > 0.3:
            cancel.set()  # after the first batch has gone in

    with pytest.raises(ImportCancelled):
        import_events(ws, table, format="csv", source="big", progress=progress, cancel=cancel)
    assert seen and 0.3 < seen[0] < 1.0
    assert _counts(ws) == before


def test_cancel_while_reading_leaves_nothing(ws: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ImportCancelled):
        import_file(ws, DATA / "events.csv", cancel=cancel)
    assert _counts(ws)["imports"] == 0


def test_outcomes_round_trip(ws: Path) -> None:
    inc = import_file(ws, DATA / "incidents.csv", kind="incidents")
    dep = import_file(ws, DATA / "deploys.csv", kind="deploys")
    feat = import_file(ws, DATA / "features.csv", kind="features")
    incidents = load_incidents(ws)
    assert incidents.ident.tolist() == ["INC-1", "INC-2"]
    assert incidents.opened.tolist() == [utc(2024, 3, 1, 10), utc(2024, 3, 8, 9)]
    assert incidents.resolved[0] == utc(2024, 3, 1, 14) and np.isnan(incidents.resolved[1])
    assert incidents.severity.tolist() == ["high", "low"]
    deploys = load_deploys(ws)
    assert deploys.failed.tolist() == [False, True, False]
    assert deploys.at.tolist() == [utc(2024, 3, 1, 10), utc(2024, 3, 2, 10), utc(2024, 3, 4, 10)]
    features = load_features(ws, [feat.import_id])
    assert features.ident.tolist() == ["Search", "Export", "Dark mode"]
    assert features.paid_off[:2].tolist() == [1.0, 0.0] and np.isnan(features.paid_off[2])
    assert np.isnan(features.shipped[2])
    assert [r.kind for r in list_imports(ws)] == ["incidents", "deploys", "features"]
    remove_import(ws, dep.import_id)
    assert _counts(ws) == {"imports": 2, "events": 0, "incidents": 2, "deploys": 0, "features": 3}
    assert inc.import_id == 1


def test_outcome_bad_rows(ws: Path, tmp_path: Path) -> None:
    file = tmp_path / "deploys.csv"
    file.write_text(
        "at,failed\n2024-03-01 10:00,maybe\n,no\n2024-03-02 10:00,rollback\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportProblems) as err:
        import_file(ws, file, kind="deploys")
    assert [(p.row, p.reason) for p in err.value.problems] == [
        (2, "'maybe' is not yes or no (write yes or no)"),
        (3, "missing at time"),
    ]
    summary = import_file(ws, file, kind="deploys", on_error="skip")
    assert summary.rows == 1 and load_deploys(ws).failed.tolist() == [True]


def test_cli_import_list_and_remove(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "cli.vsm"
    assert main(["import", str(ws), str(DATA / "events.csv"), "--create-map", "Flow"]) == 0
    out = capsys.readouterr().out
    assert "import 1: 4 events row(s)" in out and "created map 'Flow'" in out
    assert main(["import", str(ws), str(DATA / "incidents.csv"), "--kind", "incidents"]) == 0
    capsys.readouterr()
    assert main(["imports", str(ws)]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[2].split()[:6] == ["1", "events", "csv", "4", "0", "Flow"]
    assert listing[3].split()[:5] == ["2", "incidents", "csv", "2", "0"]
    assert main(["remove-import", str(ws), "1"]) == 0
    assert "removed import 1: 4 events row(s)" in capsys.readouterr().out
    assert main(["remove-import", str(ws), "1"]) == 2
    assert "no import with id 1" in capsys.readouterr().err
    from vsm_desktop.store import open_workspace

    flow = open_workspace(ws).map_named("Flow")
    assert flow is not None and {s.name for s in flow.stages.values()} == {"Analysis", "Build"}
    assert flow.calendar.is_elapsed  # a map discovered from data counts clock time


def test_cli_bad_rows_abort_unless_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "cli.vsm"
    file = tmp_path / "bad.csv"
    file.write_text("item,activity,start\nA,x,2024-03-04\nB,x,nope\n", encoding="utf-8")
    assert main(["import", str(ws), str(file)]) == 2
    err = capsys.readouterr().err
    assert "1 bad row(s), nothing imported (add --skip-bad-rows" in err
    assert "row 3, column 'start'" in err
    assert not ws.exists()  # nothing written: not even the new, empty workspace
    header_only = tmp_path / "header.csv"
    header_only.write_text("item,activity,start\n", encoding="utf-8")
    assert main(["import", str(ws), str(header_only)]) == 2
    assert "no data rows" in capsys.readouterr().err and not ws.exists()
    assert main(["import", str(ws), str(file), "--skip-bad-rows"]) == 0
    out = capsys.readouterr().out
    assert "1 events row(s)" in out and "1 bad row(s) skipped" in out
    assert main(["import", str(ws), str(file), "--columns", "item=nope"]) == 2
    assert "no column named 'nope'" in capsys.readouterr().err
    assert main(["import", str(ws), str(DATA / "events.csv"), "--map", "Nope"]) == 2
    assert "no map named 'Nope'" in capsys.readouterr().err


def test_cli_hooks_are_checked_before_writing_and_then_saved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "hooks.vsm"
    bad = tmp_path / "bad_hooks.csv"
    bad.write_text("stage,start,end\nDeploy,Deploy,Deploy\n", encoding="utf-8")
    args = ["import", str(ws), str(DATA / "events.csv"), "--create-map", "Flow"]
    assert main([*args, "--hooks", str(bad)]) == 2
    assert "no stage named 'Deploy'" in capsys.readouterr().err
    assert not ws.exists() or _counts(ws)["imports"] == 0
    good = tmp_path / "hooks.csv"
    good.write_text("stage,start,end\nBuild,Build,Build\n", encoding="utf-8")
    assert main([*args, "--hooks", str(good), "--calendar", "working"]) == 0
    from vsm_desktop.store import open_workspace

    flow = open_workspace(ws).map_named("Flow")
    assert flow is not None
    build = flow.stage_named("Build")
    assert build is not None and build.hooks == {"start": ["Build"], "end": ["Build"]}
    assert flow.calendar.hours_per_day == 8
    assert [r.map_id for r in list_imports(ws)] == [flow.id]
