"""``vsm stages``: updating a map from a table keeps ids and positions; bad tables change
nothing."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from helpers_cli import run

from vsm_desktop.store import open_workspace

H = 3600.0
FIRST = "stage,team,touch,wait,pca,next\nA,T,1h,0,100,B\nB,T,1h,0,100,\n"


@pytest.fixture
def ws(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    table = tmp_path / "first.csv"
    table.write_text(FIRST, encoding="utf-8")
    path = tmp_path / "w.vsm"
    assert run(capsys, "new", path, "--map", "M", "--stages", table, "--unit", "m")[0] == 0
    return path


def test_update_from_xlsx_keeps_matched_stages(
    ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = open_workspace(ws).map_named("M")
    assert before is not None
    ids = {s.name: (s.id, s.x, s.y) for s in before.stages.values()}
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (
        ["Stage", "Team", "Touch", "Wait", "PCA", "Next"],
        ["a", "T", 30, "1h", 100, "C"],  # bare 30 = 30 minutes: the map's display unit
        ["C", "T", "1h", 0, 100, None],
    ):
        sheet.append(row)
    table = tmp_path / "second.xlsx"
    book.save(table)

    status, out, _ = run(capsys, "stages", ws, "--map", "m", table)
    assert status == 0
    assert "now has 2 stage(s) (1 kept, 1 added, 1 removed)" in out
    after = open_workspace(ws).map_named("M")
    assert after is not None
    by_name = {s.name: s for s in after.stages.values()}
    assert set(by_name) == {"a", "C"}
    assert (by_name["a"].id, by_name["a"].x, by_name["a"].y) == ids["A"]
    assert by_name["a"].touch_s == 30 * 60
    assert by_name["C"].x == 220  # laid out after 'a'
    status, out, _ = run(capsys, "analyze", ws, "--json")
    assert json.loads(out)[0]["lead_time_s"] == pytest.approx(30 * 60 + H + H)


def test_bad_table_leaves_the_file_unchanged(
    ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = ws.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "stage,team,touch,wait,pca,next,rework_to,rework_rate\n"
        "A,T,1h,0,100,B,,\n"
        "B,T,1h,0,100,,A,1.5\n"
        ",T,1h,0,100,,,\n",
        encoding="utf-8",
    )
    status, _, err = run(capsys, "stages", ws, "--map", "M", bad)
    assert status == 2
    assert "row 3, column 'rework_rate': rework rate '1.5' is outside [0, 1)" in err
    assert "row 4, column 'stage': empty stage name" in err
    assert ws.read_bytes() == original

    status, _, err = run(capsys, "stages", ws, "--map", "M", tmp_path / "none.csv")
    assert status == 2 and "file not found" in err
    status, _, err = run(capsys, "stages", ws, "--map", "M", bad, "--sheet", "S")
    assert status == 2 and "--sheet applies to .xlsx files only" in err
    status, _, err = run(capsys, "stages", ws, "--map", "Other", bad)
    assert status == 2 and "no map named 'Other'" in err
    assert ws.read_bytes() == original
