"""Odd inputs a facilitator or an admin runs into, found by exploratory testing: each is refused
with a message saying what and where (no traceback, nothing written) or simply works."""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path

import pytest
from helpers_cli import run
from helpers_excel import edit

from vsm_desktop.export.stage_table import read_stage_table
from vsm_desktop.model import DurationError, format_duration, parse_duration
from vsm_desktop.store import open_workspace

TABLE = "stage,team,touch,wait,pca,next\n"


def test_an_untouched_export_of_an_empty_map_reads_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The export writes a header with no rows for a map with no stages yet; reading that back
    # must not be refused, or a workshop that starts from a blank map cannot use Excel at all.
    ws, book = tmp_path / "w.vsm", tmp_path / "w.xlsx"
    assert run(capsys, "new", ws, "--map", "Blank")[0] == 0
    assert run(capsys, "export", ws, "--xlsx", book, "--no-pictures")[0] == 0
    status, out, err = run(capsys, "update-from-xlsx", ws, book)
    assert (status, err) == (0, "")
    assert f"{ws}: nothing to change" in out


def test_deleting_every_row_of_a_sheet_empties_the_map(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table, ws, book = tmp_path / "t.csv", tmp_path / "w.vsm", tmp_path / "w.xlsx"
    table.write_text(TABLE + "Only,T,1h,2h,100,\n", encoding="utf-8")
    assert run(capsys, "new", ws, "--map", "One", "--stages", table)[0] == 0
    assert run(capsys, "export", ws, "--xlsx", book, "--no-pictures")[0] == 0
    # Row 5 holds the one stage: clear every cell of it (columns A to Z cover the table).
    edit(book, {f"{chr(c)}5": None for c in range(ord("A"), ord("Z") + 1)}, "One")
    status, out, _ = run(capsys, "update-from-xlsx", ws, book)
    assert status == 0 and "removed stage 'Only'" in out
    assert open_workspace(ws).map_named("One").stages == {}  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["1e305h", "1e300h", "200000000h", "9e99w"])
def test_absurdly_long_durations_are_refused(text: str) -> None:
    # Finite but huge values add up to infinity (lead time inf, flow efficiency NaN), which
    # crashed the text report and made the exported workbook unreadable.
    with pytest.raises(DurationError, match="too long; a duration cannot be above"):
        parse_duration(text)
    with pytest.raises(DurationError, match="too long"):
        parse_duration(1e305)


def test_the_longest_duration_still_fits_any_measured_span() -> None:
    # Measured figures span at most the datetime range (about 10,000 years); the limit stays
    # above that, so a measured time exported to Excel always reads back.
    assert parse_duration("87600000h") == 87_600_000 * 3600.0


def test_format_duration_copes_with_infinity() -> None:
    # A tampered or old file can still hold inf; the report must print, not crash.
    assert format_duration(math.inf) == "∞"
    assert format_duration(-math.inf) == "-∞"


def test_cli_refuses_a_huge_duration_with_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table, ws = tmp_path / "t.csv", tmp_path / "w.vsm"
    table.write_text(TABLE + "A,T,1e305h,1e305h,100,B\nB,T,1e305h,1h,100,\n", encoding="utf-8")
    status, _, err = run(capsys, "new", ws, "--map", "M", "--stages", table)
    assert status == 2 and not ws.exists()
    assert "row 2, column 'touch': '1e305h' is too long" in err


@pytest.mark.parametrize("demand", ["inf", "nan", "-inf", "1e309"])
def test_demand_must_be_a_finite_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], demand: str
) -> None:
    # --demand inf gave a takt time of 0 that every stage is over.
    ws = tmp_path / "w.vsm"
    status, _, err = run(capsys, "new", ws, "--map", "M", f"--demand={demand}")
    assert status == 2 and "--demand must be a number above zero" in err
    assert not ws.exists()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_stage_table_is_read(tmp_path: Path, encoding: str) -> None:
    # Excel's "Unicode text" is UTF-16 with a BOM; read as cp1252 it gave "missing column(s)"
    # for columns that are plainly there.
    path = tmp_path / "t.csv"
    text = "stage\tteam\ttouch\twait\tpca\tnext\r\nÉtude\tT\t1h\t0\t100\t\r\n"
    bom = {"utf-16": "", "utf-16-le": "\ufeff", "utf-16-be": "\ufeff"}[encoding]
    path.write_bytes((bom + text).encode(encoding))
    rows = read_stage_table(path).rows
    assert [r.name for r in rows] == ["Étude"]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_an_exported_workbook_gets_the_usual_file_mode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The temporary file made it 0600: colleagues on a shared folder could not open it.
    ws, book = tmp_path / "w.vsm", tmp_path / "w.xlsx"
    assert run(capsys, "demo", ws)[0] == 0
    old = os.umask(0o022)
    try:
        assert run(capsys, "export", ws, "--xlsx", book, "--no-pictures")[0] == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(book.stat().st_mode) == 0o644


def test_file_errors_name_the_file_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = tmp_path / "notes.vsm"
    text.write_text("not a database", encoding="utf-8")
    status, _out, err = run(capsys, "analyze", text)
    assert status == 2
    assert err.count(str(text)) == 1 and "is not a VSM workspace" in err

    # A failed save of `demo --force` (written beside the file first) names the user's file.
    from vsm_desktop import store

    ws = tmp_path / "demo.vsm"
    assert run(capsys, "demo", ws)[0] == 0
    before = ws.read_bytes()

    def refuse(_workspace: object, target: Path) -> None:
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(store, "save_workspace", refuse)
    status, _out, err = run(capsys, "demo", ws, "--force")
    assert status == 2
    assert err.strip().endswith(f"{ws}: cannot save: Permission denied")
    assert ".tmp" not in err
    assert ws.read_bytes() == before
