"""The import dialog's date order and time zone (``--date-order`` and ``--tz`` of the CLI),
driven as a user: the same 03/04/2026-style log read day first, month first and in
Europe/Berlin gives different figures, each worked out by hand below."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from test_measure_support import (
    H,
    open_import_dialog,
    open_measure_window,
    run_import,
    write_log,
)

from vsm_desktop.store.measurements import list_imports, load_events
from vsm_desktop.ui.measure import MeasureController
from vsm_desktop.ui.measure.import_dialog import ImportDialog
from vsm_desktop.ui.measure.measurements_panel import STAGE_COLUMNS

#: Every date has day and month ≤ 12, so only the chosen order says which is which.
SLASHED_LOG = """Item,Status,Start,End
A,Dev,03/04/2026 09:00,03/04/2026 11:00
A,Review,05/04/2026 09:00,05/04/2026 10:00
B,Dev,02/03/2026 10:00,02/03/2026 16:00
B,Review,04/03/2026 10:00,04/03/2026 12:00
"""
# Worked by hand (the window's map has an elapsed calendar; wait = Review start - Dev end):
#   day first:   A 3 Apr 11:00 -> 5 Apr 09:00 = 46 h; B 2 Mar 16:00 -> 4 Mar 10:00 = 42 h
#                -> Review wait median 44 h
#   month first: A 4 Mar 11:00 -> 4 May 09:00 = (31 + 30) d - 2 h = 1462 h;
#                B 3 Feb 16:00 -> 3 Apr 10:00 = (28 + 31) d - 6 h = 1410 h -> median 1436 h
#   month first in Europe/Berlin: each wait spans the start of summer time (29 Mar 2026),
#                so each is an hour shorter: 1461 h and 1409 h -> median 1435 h
#   touch does not depend on the order (same-day rows): Dev 2 h and 6 h, Review 1 h and 2 h


def _utc(*args: int) -> float:
    return datetime(*args, tzinfo=UTC).timestamp()


def _choose_order(dialog: ImportDialog, text: str) -> None:
    box = dialog.times_box.date_order_box
    box.setCurrentIndex(box.findText(text))


def _type_zone(qtbot, dialog: ImportDialog, name: str) -> None:
    edit = dialog.times_box.tz_box.lineEdit()
    edit.selectAll()
    qtbot.keyClicks(edit, name)


def _seconds(controller: MeasureController, stage: str, column: str) -> float:
    table = controller.measurements.table
    col = STAGE_COLUMNS.index(column)
    for row in range(table.rowCount()):
        if table.item(row, 0).text() == stage:
            return float(table.item(row, col).data(Qt.ItemDataRole.UserRole))
    raise KeyError(stage)


@pytest.mark.parametrize(
    ("order", "zone", "wait_h", "a_start", "reading"),
    [
        ("Day first (31/12/2026)", "UTC", 44, _utc(2026, 4, 3, 9), "3 April 2026 09:00"),
        ("Month first (12/31/2026)", "UTC", 1436, _utc(2026, 3, 4, 9), "4 March 2026 09:00"),
        # 09:00 in Berlin on 4 March (winter time, UTC+1) is 08:00 UTC.
        ("Month first (12/31/2026)", "Europe/Berlin", 1435, _utc(2026, 3, 4, 8), "4 March"),
    ],
)
def test_the_same_log_read_in_each_order_and_zone_gives_its_own_figures(
    make_window, qtbot, tmp_path, monkeypatch, order, zone, wait_h, a_start, reading
):
    window, controller = open_measure_window(make_window, qtbot, tmp_path)
    dialog = open_import_dialog(controller, monkeypatch, write_log(tmp_path, SLASHED_LOG))
    times = dialog.times_box
    # The CLI's defaults: order from the data (day first when nothing tells), zone UTC.
    assert times.date_order_box.currentText() == "Automatic (from the data)"
    assert times.tz_box.currentText() == "UTC"
    assert "Read day first (the default)" in times.date_hint.text()
    assert "Row 2: 03/04/2026 09:00 → 3 April 2026 09:00." in times.date_hint.text()

    _choose_order(dialog, order)
    assert reading in times.date_hint.text()
    if zone != "UTC":
        _type_zone(qtbot, dialog, zone)
    assert dialog.state.request().tz == (None if zone == "UTC" else zone)
    assert dialog.import_button.isEnabled()
    run_import(qtbot, dialog)

    [record] = list_imports(window.document.path)
    assert record.options["date_order"] == dialog.state.date_order
    assert record.options.get("tz") == (None if zone == "UTC" else zone)
    starts = {(r[0], r[1]): r[2] for r in load_events(window.document.path).to_records()}
    assert starts[("A", "Dev")] == pytest.approx(a_start)
    assert _seconds(controller, "Review", "Wait median") == pytest.approx(wait_h * H)
    assert _seconds(controller, "Dev", "Touch mean") == pytest.approx(4 * H)
    assert _seconds(controller, "Review", "Touch mean") == pytest.approx(1.5 * H)


def _month_only_dialog(make_window, qtbot, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """The import dialog on SLASHED_LOG plus a row C whose 03/14/2026 only reads month first."""
    text = SLASHED_LOG + "C,Dev,03/14/2026 09:00,03/14/2026 10:00\n"
    window, controller = open_measure_window(make_window, qtbot, tmp_path)
    dialog = open_import_dialog(controller, monkeypatch, write_log(tmp_path, text))
    return window, controller, dialog


def test_automatic_order_is_guessed_from_the_data_and_shown(
    make_window, qtbot, tmp_path, monkeypatch
):
    # C's 03/14/2026 can only be month first: automatic reads the whole file so.
    window, controller, dialog = _month_only_dialog(make_window, qtbot, tmp_path, monkeypatch)
    hint = dialog.times_box.date_hint.text()
    assert "Read month first: 03/14/2026 09:00 (row 6) can only be month first." in hint
    assert "Row 2: 03/04/2026 09:00 → 4 March 2026 09:00." in hint
    run_import(qtbot, dialog)
    [record] = list_imports(window.document.path)
    assert (record.rows, record.skipped) == (5, 0)
    assert _seconds(controller, "Review", "Wait median") == pytest.approx(1436 * H)
    # Dev touch: A 2 h, B 6 h, C 1 h.
    assert _seconds(controller, "Dev", "Touch median") == pytest.approx(2 * H)


def test_an_order_the_data_contradicts_gives_bad_rows_then_a_change_starts_over(
    make_window, qtbot, tmp_path, monkeypatch
):
    window, controller, dialog = _month_only_dialog(make_window, qtbot, tmp_path, monkeypatch)
    _choose_order(dialog, "Day first (31/12/2026)")
    assert "03/14/2026 09:00 (row 6) is no date day first" in dialog.times_box.date_hint.text()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.problems_list.isVisible(), timeout=20000)
    [problem] = dialog.problem_texts()
    assert problem.startswith("row 6") and "03/14/2026" in problem
    assert list_imports(window.document.path) == []
    assert dialog.skip_retry_button.isVisible()

    # The rows were found bad with the old order: choosing another forgets them.
    _choose_order(dialog, "Automatic (from the data)")
    assert not dialog.skip_retry_button.isVisible() and not dialog.problems_list.isVisible()
    run_import(qtbot, dialog)
    [record] = list_imports(window.document.path)
    assert (record.rows, record.skipped) == (5, 0)


def test_an_unknown_zone_blocks_the_import_until_it_is_fixed(
    make_window, qtbot, tmp_path, monkeypatch
):
    _window, controller = open_measure_window(make_window, qtbot, tmp_path)
    dialog = open_import_dialog(controller, monkeypatch, write_log(tmp_path, SLASHED_LOG))
    _type_zone(qtbot, dialog, "Europe/Berln")
    assert not dialog.import_button.isEnabled()
    assert "unknown time zone 'Europe/Berln'" in dialog.message.text()
    _type_zone(qtbot, dialog, "utc")
    assert dialog.import_button.isEnabled()
    assert dialog.state.request().tz is None  # UTC, as without --tz
    # The zone list offers UTC first and finds a zone from part of its name.
    assert dialog.times_box.tz_box.itemText(0) == "UTC"
    assert dialog.times_box.tz_box.findText("Europe/Berlin") > 0


def test_how_the_file_was_read_is_said_after_the_import(make_window, qtbot, tmp_path, monkeypatch):
    # Every date of SLASHED_LOG reads both ways: automatic falls back to day first and says so.
    window, controller = open_measure_window(make_window, qtbot, tmp_path)
    dialog = open_import_dialog(controller, monkeypatch, write_log(tmp_path, SLASHED_LOG))
    run_import(qtbot, dialog)
    message = window.statusBar().currentMessage()
    assert message.startswith("Imported 4 events rows from log.csv as import 1 (")
    assert "read as DD/MM/YYYY" in message
    imports = controller.show_imports()
    assert "read as DD/MM/YYYY" in imports.table.item(0, 0).toolTip()
    assert imports.table.item(0, 2).toolTip().startswith(str(tmp_path / "log.csv"))
    assert _seconds(controller, "Review", "Wait median") == pytest.approx(44 * H)
