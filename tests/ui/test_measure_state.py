"""The Qt-free dialog states of the measurement feature: no widgets, no QApplication."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_measure_support import measure_workspace, write_log

from vsm_desktop.measure.events import EventTable
from vsm_desktop.model import Workspace
from vsm_desktop.ui.measure.hooks_state import HooksEditState
from vsm_desktop.ui.measure.import_state import ImportDialogState


def test_import_state_guesses_then_takes_the_users_columns(tmp_path):
    state = ImportDialogState(write_log(tmp_path))
    assert state.format == "csv"
    assert state.mapping == {
        "item": "ID",
        "activity": "Status",
        "timestamp": None,
        "start": "Start",
        "end": "End",
        "resource": None,
    }
    assert state.can_import
    state.set_column("item", "Work")
    request = state.request()
    assert request.columns == {"item": "Work", "activity": "Status", "start": "Start", "end": "End"}
    assert (request.kind, request.on_error, request.sheet) == ("events", "abort", None)


def test_import_state_says_what_is_missing(tmp_path):
    state = ImportDialogState(write_log(tmp_path))
    state.set_column("activity", None)
    state.set_column("start", None)
    state.set_column("end", "End")
    state.set_column("item", "Status")
    problems = state.problems()
    assert "choose the column that holds the activity or status" in problems
    assert "choose a timestamp column, or a start column" in problems
    assert "an end column needs a start column" in problems
    with pytest.raises(ValueError, match=r"log\.csv: choose the column"):
        state.request()
    with pytest.raises(ValueError, match=r"no column 'Nope' in log\.csv"):
        state.set_column("item", "Nope")


def test_a_lone_time_column_is_the_timestamp_and_outcome_kinds_have_their_roles(tmp_path):
    state = ImportDialogState(write_log(tmp_path, "Key,Status,Changed\nA,Dev,2026-01-05\n"))
    assert state.mapping["timestamp"] == "Changed" and state.mapping["start"] is None
    assert state.request().columns == {"item": "Key", "activity": "Status", "timestamp": "Changed"}
    state.set_kind("incidents")
    assert state.roles == ("ident", "opened", "resolved", "severity")
    assert state.problems() == ["choose the column that holds the opened"]
    assert state.formats == ["csv", "xlsx"]


def test_import_state_reports_an_unreadable_file(tmp_path):
    state = ImportDialogState(tmp_path / "missing.csv")
    assert state.preview is None
    assert state.problems() == [f"{tmp_path / 'missing.csv'}: no such file"]


def _events() -> EventTable:
    return EventTable.from_columns(
        ["A", "A", "B"], ["Coding", "In review", "Coding"], [0.0, 10.0, 0.0], [5.0, 20.0, 8.0]
    )


def test_hooks_state_collects_edits_into_one_command():
    ws: Workspace = measure_workspace()
    value_map = next(iter(ws.maps.values()))
    state = HooksEditState(value_map, _events().activity_labels)
    assert state.activities == ["Coding", "In review"]
    assert state.names("s-dev", "active") == ["Dev"]  # the default: its own name
    assert state.coverage(_events())["s-dev"].coverage == 0.0
    state.toggle("s-dev", "active", "Dev", False)
    state.toggle("s-dev", "active", "Coding", True)
    state.toggle("s-review", "waiting", "In review", True)
    state.toggle("s-review", "waiting", "in review ", True)  # the same name: kept once
    assert state.names("s-review", "waiting") == ["In review"]
    assert state.coverage(_events())["s-dev"].coverage == 1.0
    assert state.coverage(_events())["s-review"].coverage == 0.5
    assert state.owners("coding") == ["s-dev"]
    assert set(state.changed()) == {"s-dev", "s-review"}
    command = state.command()
    assert command is not None
    command.apply(ws)
    assert value_map.stages["s-dev"].hooks == {"active": ["Coding"]}
    assert value_map.stages["s-review"].hooks == {"active": ["Review"], "waiting": ["In review"]}
    command.revert(ws)
    assert value_map.stages["s-dev"].hooks == {}


def test_hooks_state_without_edits_has_no_command():
    value_map = next(iter(measure_workspace().maps.values()))
    state = HooksEditState(value_map)
    assert state.command() is None and not state.dirty
    state.toggle("s-dev", "start", "Coding", True)
    assert state.dirty
    state.reset()
    assert state.command() is None


DATA = Path(__file__).resolve().parent.parent / "core" / "data"


def test_a_jira_changelog_csv_is_read_as_a_status_history():
    state = ImportDialogState(DATA / "changelog.csv")
    assert state.format == "jira"
    assert state.mapping["field"] == "Field" and state.mapping["from"] == "From"
    assert state.mapping["activity"] == "To" and state.mapping["timestamp"] == "Changed"
    assert state.request().format == "jira"


def test_xes_rows_come_shaped_by_the_importer():
    state = ImportDialogState(DATA / "start_complete.xes")
    assert state.format == "xes" and state.fixed_columns
    assert state.request().columns == {}
    assert state.headers == ["item", "activity", "start", "end", "resource"]


def test_an_xlsx_sheet_is_chosen_and_read(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["just", "notes"])
    log = book.create_sheet("Log")
    log.append(["Case", "Activity", "Start", "End"])
    log.append(["A", "Dev", "2026-01-05 09:00", "2026-01-05 10:00"])
    book.save(tmp_path / "two.xlsx")
    state = ImportDialogState(tmp_path / "two.xlsx")
    assert (state.format, state.sheets, state.sheet) == ("xlsx", ["Notes", "Log"], "Notes")
    assert not state.can_import
    state.set_sheet("Log")
    assert state.headers == ["Case", "Activity", "Start", "End"]
    request = state.request()
    assert (request.sheet, request.columns["item"]) == ("Log", "Case")


def test_import_state_takes_the_zone_and_date_order_of_the_cli(tmp_path):
    text = "Item,Status,Start\nA,Dev,03/04/2026 09:00\nB,Dev,05/04/2026\n"
    state = ImportDialogState(write_log(tmp_path, text))
    assert (state.tz, state.date_order) == (None, None)  # as vsm import without options
    assert state.date_hint() == (
        "Read day first (the default): no date in the rows shown tells. The whole file is "
        "checked when importing. Row 2: 03/04/2026 09:00 → 3 April 2026 09:00."
    )
    state.set_date_order("mdy")
    assert state.date_hint() == "Row 2: 03/04/2026 09:00 → 4 March 2026 09:00."
    state.set_tz("Europe/Berlin")
    request = state.request()
    assert (request.tz, request.date_order) == ("Europe/Berlin", "mdy")
    assert request.import_kwargs()["tz"] == "Europe/Berlin"
    assert request.import_kwargs()["date_order"] == "mdy"
    for utc in ("", " UTC ", "gmt"):
        state.set_tz(utc)
        assert state.tz is None and state.can_import
    state.set_tz("Mars/Olympus")
    assert not state.can_import and "unknown time zone 'Mars/Olympus'" in state.problems()[0]
    with pytest.raises(ValueError, match="unknown date order"):
        state.set_date_order("ymd")  # type: ignore[arg-type]


def test_import_state_date_hint_follows_the_time_columns(tmp_path):
    text = "Item,Status,Changed,Note\nA,Dev,2026-03-04 09:00,03/14/2026\n"
    state = ImportDialogState(write_log(tmp_path, text))
    assert state.mapping["timestamp"] == "Changed"
    assert state.date_hint() == "No dates like 03/04/2026 in the time columns of the rows shown."
    state.set_column("timestamp", "Note")  # now the column read as the time is month first
    assert state.date_hint() == (
        "Read month first: 03/14/2026 (row 2) can only be month first. "
        "Row 2: 03/14/2026 → 14 March 2026."
    )
    state.set_date_order("dmy")
    assert state.date_hint() == "03/14/2026 (row 2) is no date day first: it will be a bad row."
    xes = ImportDialogState(DATA / "start_complete.xes")
    assert not xes.date_order_applies and "ISO 8601" in xes.date_hint()
