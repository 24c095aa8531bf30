"""Row 2 of a map sheet read back: the calendar (hours per day, days per week) and the demand a
person edits in Excel become part of the map's one undoable update and of the change list; the
stage table's hour numbers keep their working seconds, text durations use the new calendar, and
bad values are refused with sheet, cell and reason while nothing changes."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from helpers_excel import edit as edit_cells
from helpers_excel import snapshot

from vsm_desktop.analysis import analyze
from vsm_desktop.export.styles import EDITABLE_FILL
from vsm_desktop.export.workbook_read import WorkbookReadError, read_workbook
from vsm_desktop.export.workbook_write import export_workbook
from vsm_desktop.model import ELAPSED, Calendar, CommandStack, Workspace, format_duration
from vsm_desktop.model.demo import CURRENT_NAME, TARGET_NAME, demo_workspace

H = 3600.0
SHEET = CURRENT_NAME
HPD, DPW, DEMAND = "C2", "E2", "G2"  # docs/excel.md: row 2, each value right of its label
TOUCH, WAIT = "D", "E"
IDEA_INTAKE, DISCOVERY = 5, 6  # rows of the current demo map's stage table


@pytest.fixture
def exported(tmp_path: Path) -> tuple[Workspace, Path]:
    ws = demo_workspace()
    path = tmp_path / "demo.xlsx"
    export_workbook(ws, path)
    return ws, path


def edit(path: Path, cells: dict[str, object], sheet: str = SHEET) -> None:
    edit_cells(path, cells, sheet)


def test_row_2_holds_labelled_yellow_cells(exported: tuple[Workspace, Path]) -> None:
    _ws, path = exported
    sheet = openpyxl.load_workbook(path)[SHEET]
    assert [sheet[a].value for a in ("B2", "C2", "D2", "E2", "F2", "G2")] == [
        "Hours/day", 8, "Days/week", 5, "Demand/day", 0.5,
    ]  # fmt: skip
    for address in (HPD, DPW, DEMAND):
        assert sheet[address].fill.fgColor.rgb.endswith(EDITABLE_FILL.fgColor.rgb[-6:])


def test_calendar_and_demand_are_one_undoable_update(exported: tuple[Workspace, Path]) -> None:
    """7.5 h days and 1 item a day. By hand: takt = 7.5 h / 1 = 7.5 h = 1 day of the new
    calendar (it was 8 h / 0.5 = 16 h = 2d 1h in 7.5 h days); over takt (touch per person above
    7.5 h): Discovery 14, Design 12, Build 40/2, Test 18. Lead time stays 793 working hours =
    105.7 days of 7.5 h = 21 weeks of 37.5 h and 5.5 h, shown 21w 0.7d."""
    ws, path = exported
    before = snapshot(ws)
    value_map = ws.map_named(CURRENT_NAME)
    assert value_map is not None
    seconds = {s.id: (s.touch_s, s.wait_s) for s in value_map.stages.values()}
    edit(path, {HPD: 7.5, DEMAND: 1})

    update = read_workbook(path, ws)
    assert update.describe() == [
        f"{CURRENT_NAME}:",
        "  calendar: 8 h x 5 d → 7.5 h x 5 d",
        "  demand: 0.5/day → 1/day",
        "  takt: 2d 1h → 1d",
        f"{TARGET_NAME}: no change",
    ]
    assert snapshot(ws) == before  # reading changes nothing

    stack = CommandStack(ws)
    stack.push(update.command)  # type: ignore[arg-type]
    assert value_map.calendar == Calendar(7.5, 5)
    assert value_map.demand_per_day == 1
    # The hours columns are the source of truth: working seconds do not move with the calendar.
    assert {s.id: (s.touch_s, s.wait_s) for s in value_map.stages.values()} == seconds
    metrics = analyze(value_map)
    assert metrics.takt_s == pytest.approx(7.5 * H)
    assert format_duration(metrics.takt_s, value_map.calendar) == "1d"
    assert metrics.lead_time_s == pytest.approx(793 * H)
    assert format_duration(metrics.lead_time_s, value_map.calendar) == "21w 0.7d"
    assert {value_map.stages[s].name for s in metrics.over_takt} == {
        "Discovery", "Design", "Build", "Test",
    }  # fmt: skip

    assert stack.undo()
    assert snapshot(ws) == before
    assert value_map.calendar == Calendar(8, 5) and value_map.demand_per_day == 0.5
    assert stack.redo() and value_map.calendar == Calendar(7.5, 5)


def test_text_durations_are_read_with_the_new_calendar(exported: tuple[Workspace, Path]) -> None:
    """6 h days: '2d 4h' typed as Idea intake's touch is 2 x 6 + 4 = 16 working hours, while
    Discovery's plain 80 (hours) stays 80 h, now shown 2w 3.3d (13.3 days of 6 h)."""
    ws, path = exported
    edit(path, {HPD: 6, f"{TOUCH}{IDEA_INTAKE}": "2d 4h"})
    update = read_workbook(path, ws)
    lines = update.describe()
    assert "  calendar: 8 h x 5 d → 6 h x 5 d" in lines
    assert "  Idea intake: touch 2h → 2d 4h" in lines  # both sides in the new calendar
    assert not any(line.startswith("  Discovery:") for line in lines)
    CommandStack(ws).push(update.command)  # type: ignore[arg-type]
    value_map = ws.map_named(CURRENT_NAME)
    assert value_map is not None
    intake, discovery = value_map.stage_named("Idea intake"), value_map.stage_named("Discovery")
    assert intake is not None and discovery is not None
    assert intake.touch_s == 16 * H
    assert discovery.wait_s == 80 * H
    assert format_duration(discovery.wait_s, value_map.calendar) == "2w 3.3d"


def test_elapsed_calendar_text_numbers_and_no_demand(exported: tuple[Workspace, Path]) -> None:
    ws, path = exported
    edit(path, {HPD: 24, DPW: "7", DEMAND: None})  # a number typed into a text cell counts
    update = read_workbook(path, ws)
    assert update.describe()[1:4] == [
        "  calendar: 8 h x 5 d → 24 h x 7 d (elapsed)",
        "  demand: 0.5/day → none",
        "  takt: 16h → –",
    ]
    CommandStack(ws).push(update.command)  # type: ignore[arg-type]
    value_map = ws.map_named(CURRENT_NAME)
    assert value_map is not None
    assert value_map.calendar == ELAPSED and value_map.demand_per_day is None
    assert analyze(value_map).takt_s is None


def test_row_2_found_by_its_labels_after_an_inserted_row(exported: tuple[Workspace, Path]) -> None:
    ws, path = exported
    book = openpyxl.load_workbook(path)
    book[SHEET].insert_rows(1)  # everything moves down a row: row 2 is now row 3
    book[SHEET]["C3"] = 7
    book.save(path)
    update = read_workbook(path, ws)
    assert update.describe()[1] == "  calendar: 8 h x 5 d → 7 h x 5 d"


def test_a_map_named_like_a_label(exported: tuple[Workspace, Path], tmp_path: Path) -> None:
    ws, _path = exported
    value_map = ws.map_named(CURRENT_NAME)
    assert value_map is not None
    value_map.name = "Hours/day"  # the sheet's title cell, B1, above the real label
    path = tmp_path / "named.xlsx"
    export_workbook(ws, path)
    edit(path, {HPD: 7}, sheet="Hours-day")
    assert read_workbook(path, ws).describe()[:2] == [
        "Hours/day:", "  calendar: 8 h x 5 d → 7 h x 5 d",
    ]  # fmt: skip


BAD = [
    (HPD, "eight", "'eight' is not a number of hours per working day"),
    (HPD, 0, "0 hours a day is not above zero"),
    (HPD, -8, "-8 hours a day is not above zero"),
    (HPD, 25, "25 is more than 24 hours a day"),
    (HPD, None, "empty; the map needs its hours per working day (24 h x 7 d is the elapsed "
     "calendar)"),
    (DPW, "five", "'five' is not a number of working days per week"),
    (DPW, 0, "0 days a week is not above zero"),
    (DPW, -1, "-1 days a week is not above zero"),
    (DPW, 7.5, "7.5 is more than 7 days a week"),
    (DEMAND, "lots", "'lots' is not a number of items per working day"),
    (DEMAND, 0, "demand 0 is not above zero; leave the cell empty for no demand"),
    (DEMAND, -2, "demand -2 is not above zero; leave the cell empty for no demand"),
]  # fmt: skip
LABEL = {HPD: "Hours/day", DPW: "Days/week", DEMAND: "Demand/day"}


@pytest.mark.parametrize(("cell", "value", "message"), BAD)
def test_bad_row_2_values_are_refused_with_the_cell(
    exported: tuple[Workspace, Path], cell: str, value: object, message: str
) -> None:
    ws, path = exported
    before = snapshot(ws)
    edit(path, {cell: value, f"{TOUCH}{IDEA_INTAKE}": 3})  # a good edit is not applied either
    with pytest.raises(WorkbookReadError) as caught:
        read_workbook(path, ws)
    [error] = caught.value.errors
    assert (error.sheet, error.row, error.column) == (SHEET, 2, cell[0])
    assert str(error) == f"sheet {SHEET!r}, row 2, column {cell[0]} ({LABEL[cell]}): {message}"
    assert "nothing changed" in str(caught.value)
    assert snapshot(ws) == before


def test_row_2_and_table_problems_of_two_maps_are_listed_together(
    exported: tuple[Workspace, Path],
) -> None:
    ws, path = exported
    before = snapshot(ws)
    edit(path, {HPD: 30, f"{WAIT}{DISCOVERY}": -5})
    edit(path, {DPW: 0}, sheet=TARGET_NAME)
    with pytest.raises(WorkbookReadError) as caught:
        read_workbook(path, ws)
    where = [(e.sheet, e.row, e.column) for e in caught.value.errors]
    assert where == [(SHEET, 2, "C"), (SHEET, DISCOVERY, WAIT), (TARGET_NAME, 2, "E")]
    assert snapshot(ws) == before


def test_a_deleted_row_2_is_refused(exported: tuple[Workspace, Path]) -> None:
    ws, path = exported
    book = openpyxl.load_workbook(path)
    book[SHEET].delete_rows(2)
    book.save(path)
    with pytest.raises(WorkbookReadError) as caught:
        read_workbook(path, ws)
    assert [(e.row, e.column) for e in caught.value.errors] == [(0, "")] * 3
    assert str(caught.value.errors[0]).startswith(
        f"sheet {SHEET!r}: no 'Hours/day' label above the stage table"
    )


CALENDARS = [(8, 5), (7.5, 5), (24, 7), (6, 4.5), (10, 3)]
HOURS = [
    0.25, 0.5, 0.9999999, 1, 1.25, 2.5, 5.5, 7.49, 7.5, 7.96, 8, 13, 14, 16, 23.99, 24, 39.93,
    39.97, 40, 43, 79.9, 80, 161.3, 793, 1000.05,
]  # fmt: skip


@pytest.mark.parametrize("engine", ["formulas", "libreoffice"])
def test_sheet_durations_read_as_the_app_shows_them_in_any_calendar(
    tmp_path: Path, engine: str
) -> None:
    """The text-duration formula of the sheets against ``format_duration``, for calendars a
    person may type into row 2 and remainders that fall below a day after whole weeks or round
    up to a whole unit. (No value lies exactly half a tenth between two: the app rounds such a
    tie to even, spreadsheets away from zero.)"""
    from xlsx_eval import evaluate, recalc_libreoffice, soffice

    from vsm_desktop.export.sheets_map import text_duration

    if engine == "libreoffice" and soffice() is None:
        pytest.skip("LibreOffice not installed (CI installs it; the formulas case covers this)")
    book = openpyxl.Workbook()
    sheets = []
    for k, (hpd, dpw) in enumerate(CALENDARS):
        sheet = book.active if k == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = f"C{k}"
        sheet["C2"], sheet["E2"], sheet["K2"] = hpd, dpw, "=C2*E2"
        for row, hours in enumerate(HOURS, start=5):
            sheet[f"A{row}"] = hours
            sheet[f"B{row}"] = "=" + text_duration(f"A{row}")
        sheets.append(sheet.title)
    path = tmp_path / "durations.xlsx"
    book.save(path)
    values = evaluate(path) if engine == "formulas" else recalc_libreoffice(path, tmp_path / "lo")
    for title, (hpd, dpw) in zip(sheets, CALENDARS, strict=True):
        calendar = Calendar(hpd, dpw)
        got = [values[title, f"B{row}"] for row in range(5, 5 + len(HOURS))]
        assert got == [format_duration(h * H, calendar) for h in HOURS], calendar
