"""Data ▸ Import events… driven as a user: the column-mapping dialog, the import in the thread
pool (progress, cancel, bad rows), the Imports list, the Measurements table and Apply to map."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers_window import Answers
from PySide6.QtCore import Qt
from test_measure_support import (
    DEV_TOUCH,
    LOG_CSV,
    REVIEW_TOUCH,
    REVIEW_WAIT,
    H,
    open_import_dialog,
    open_measure_window,
    run_import,
    write_log,
)

from vsm_desktop.model import ELAPSED, format_duration
from vsm_desktop.store.measurements import list_imports
from vsm_desktop.ui.dialogs import prompts
from vsm_desktop.ui.measure import file_prompts


def _event_rows(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT count(*) FROM events").fetchone()[0])


def test_import_with_a_changed_column_fills_the_table_and_applies_as_one_step(
    make_window, qtbot, tmp_path, monkeypatch, answers: Answers
):
    # An unsaved workspace is saved first: the events go into its file.
    window, controller = open_measure_window(make_window, qtbot, tmp_path, saved=False)
    monkeypatch.setattr(prompts, "confirm", lambda *_a: True)
    answers.save_path = str(tmp_path / "saved.vsm")
    dialog = open_import_dialog(controller, monkeypatch, write_log(tmp_path))
    assert window.document.path == tmp_path / "saved.vsm"

    # The importer guesses the row number "ID" as the item; the user picks "Work".
    assert dialog.role_box("item").currentText() == "ID"
    assert dialog.role_box("start").currentText() == "Start"
    assert dialog.role_box("end").currentText() == "End"
    assert dialog.preview_model.rowCount() == 6
    dialog.role_box("item").setCurrentIndex(dialog.role_box("item").findText("Work"))
    assert dialog.state.mapping["item"] == "Work"
    assert "→ item" in dialog.preview_model.horizontalHeaderItem(1).text()
    run_import(qtbot, dialog)

    records = list_imports(tmp_path / "saved.vsm")
    assert [(r.kind, r.rows, r.skipped) for r in records] == [("events", 6, 0)]
    imports = controller.show_imports()
    assert imports.table.rowCount() == 1
    assert imports.table.item(0, 2).text() == str(tmp_path / "log.csv")
    assert imports.table.item(0, 4).text() == "6"

    panel = controller.measurements
    assert controller.measurements_dock.isVisible()
    assert panel.cell("Dev", "Items") == "3"  # three items, not six rows
    assert panel.cell("Review", "Coverage") == "100 %"
    for stat, seconds in DEV_TOUCH.items():
        assert panel.cell("Dev", f"Touch {stat}") == format_duration(seconds, ELAPSED)
    for stat, seconds in REVIEW_TOUCH.items():
        assert panel.cell("Review", f"Touch {stat}") == format_duration(seconds, ELAPSED)
    for stat, seconds in REVIEW_WAIT.items():
        assert panel.cell("Review", f"Wait {stat}") == format_duration(seconds, ELAPSED)
    row = [panel.table.item(1, c).data(Qt.ItemDataRole.UserRole) for c in range(4, 12)]
    expected = [*REVIEW_TOUCH.values(), *REVIEW_WAIT.values()]
    assert row == pytest.approx(expected)
    assert "<b>3</b> items (3 done)" in panel.summary.text()

    # Apply the p85 figures: one undo step, sources recorded; undo restores the estimates.
    value_map = window.document.current_map
    dev, review = value_map.stage_named("Dev"), value_map.stage_named("Review")
    steps = window.document.undo_stack.count()
    panel.statistic_box.setCurrentIndex(panel.statistic_box.findData("p85"))
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    assert window.document.undo_stack.count() == steps + 1
    assert dev.touch_s == pytest.approx(3.4 * H)
    assert dev.wait_s == 0.0
    assert review.touch_s == pytest.approx(1.7 * H)
    assert review.wait_s == pytest.approx(2.7 * H)
    assert review.sources["wait_s"] == "p85 of 3 items, import 1"
    window.document.undo()
    assert (dev.touch_s, dev.wait_s, review.touch_s, review.wait_s) == (5 * H, 7 * H, 5 * H, 7 * H)
    assert "wait_s" not in review.sources


def test_remove_an_import_after_confirming(make_window, qtbot, tmp_path, monkeypatch):
    window, controller = open_measure_window(make_window, qtbot, tmp_path)
    dialog = open_import_dialog(controller, monkeypatch, write_log(tmp_path))
    dialog.set_role("item", "Work")
    run_import(qtbot, dialog)
    imports = controller.show_imports()
    imports.select_import(1)
    asked: list[str] = []

    def confirm(_parent, title, text):
        asked.append(text)
        return len(asked) > 1  # no the first time, yes the second

    monkeypatch.setattr(prompts, "confirm", confirm)
    qtbot.mouseClick(imports.remove_button, Qt.MouseButton.LeftButton)
    assert len(list_imports(window.document.path)) == 1
    qtbot.mouseClick(imports.remove_button, Qt.MouseButton.LeftButton)
    assert "6 events rows from" in asked[0]
    assert list_imports(window.document.path) == []
    assert imports.table.rowCount() == 0
    assert _event_rows(window.document.path) == 0
    assert controller.measurements.table.rowCount() == 0
    assert "No events imported" in controller.measurements.summary.text()


def test_cancel_mid_way_leaves_nothing(make_window, qtbot, tmp_path, monkeypatch):
    window, controller = open_measure_window(make_window, qtbot, tmp_path)
    lines = ["case,activity,start,end"]
    lines += [
        f"c{k // 4},{('Dev', 'Review', 'Test', 'Ship')[k % 4]},2026-01-05 09:{k % 60:02d},"
        f"2026-01-05 10:{k % 60:02d}"
        for k in range(400_000)
    ]
    big = write_log(tmp_path, "\n".join(lines) + "\n", "big.csv")
    dialog = open_import_dialog(controller, monkeypatch, big)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.cancel_button.isVisible() and dialog.progress.isVisible()
    qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=20000)
    assert dialog.job is not None
    signals = dialog.job.signals
    with qtbot.waitSignal(signals.cancelled, timeout=20000):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert "cancelled" in dialog.message.text()
    assert dialog.isVisible()  # the user may change something and import again
    assert list_imports(window.document.path) == []
    assert _event_rows(window.document.path) == 0


def test_cancel_after_the_rows_went_in_takes_them_out_again(
    make_window, qtbot, tmp_path, monkeypatch
):
    # The last stretch of an import with a draft map: the rows are committed, the map is being
    # discovered, and the Cancel button is still there. Pressing it must still leave nothing.
    import vsm_desktop.measure.discover as discover

    window, controller = open_measure_window(make_window, qtbot, tmp_path)
    dialog = open_import_dialog(controller, monkeypatch, write_log(tmp_path))
    dialog.set_role("item", "Work")
    dialog.draft_check.click()
    real = discover.discover_map
    stored: list[int] = []

    def discover_then_cancel(*args, **kwargs):
        stored.extend(r.id for r in list_imports(window.document.path))
        assert dialog.job is not None
        dialog.job.cancel.set()  # what the Cancel button does, from the worker's view
        return real(*args, **kwargs)

    monkeypatch.setattr(discover, "discover_map", discover_then_cancel)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.job is not None
    ended: list[str] = []
    dialog.job.signals.finished.connect(lambda *_a: ended.append("finished"))
    dialog.job.signals.cancelled.connect(lambda: ended.append("cancelled"))
    qtbot.waitUntil(lambda: bool(ended), timeout=20000)
    assert ended == ["cancelled"]
    assert "cancelled" in dialog.message.text()
    assert stored == [1]  # the rows had gone in ...
    assert list_imports(window.document.path) == []  # ... and are out again
    assert _event_rows(window.document.path) == 0
    assert [m.name for m in window.document.workspace.maps.values()] == ["Delivery"]


def _two_bad_rows_dialog(make_window, qtbot, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """The import dialog on LOG_CSV with B's Review start unreadable and C's Dev start empty."""
    window, controller = open_measure_window(make_window, qtbot, tmp_path)
    text = LOG_CSV.replace("2026-01-05 16:00", "soon").replace("2026-01-06 09:00", "")
    dialog = open_import_dialog(controller, monkeypatch, write_log(tmp_path, text))
    dialog.set_role("item", "Work")
    return window, controller, dialog


def test_bad_rows_are_listed_with_row_numbers_then_skipped_on_request(
    make_window, qtbot, tmp_path, monkeypatch
):
    window, controller, dialog = _two_bad_rows_dialog(make_window, qtbot, tmp_path, monkeypatch)
    assert dialog.abort_radio.isChecked()  # stop and show is the default
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.problems_list.isVisible(), timeout=20000)
    problems = dialog.problem_texts()
    # Line 1 is the header: B's Review is line 5, C's Dev line 6.
    assert [p.split(":")[0].split(",")[0] for p in problems] == ["row 5", "row 6"]
    assert "'Start'" in problems[0] and "soon" in problems[0]
    assert list_imports(window.document.path) == []
    assert "2 bad row(s), nothing imported" in dialog.message.text()
    # The preview numbers its rows as the file's lines and tints the bad ones.
    model = dialog.preview_model
    assert [model.verticalHeaderItem(k).text() for k in (0, 3, 4)] == ["2", "5", "6"]
    tinted = [
        k
        for k in range(model.rowCount())
        if model.item(k, 0).background().style() != Qt.BrushStyle.NoBrush
    ]
    assert tinted == [3, 4]

    with qtbot.waitSignal(dialog.imported, timeout=20000):
        qtbot.mouseClick(dialog.skip_retry_button, Qt.MouseButton.LeftButton)
    [record] = list_imports(window.document.path)
    assert (record.rows, record.skipped) == (4, 2)


def test_skipping_chosen_up_front_still_lists_the_rows_left_out(
    make_window, qtbot, tmp_path, monkeypatch
):
    window, controller, dialog = _two_bad_rows_dialog(make_window, qtbot, tmp_path, monkeypatch)
    dialog.skip_radio.click()
    assert dialog.state.on_error == "skip"
    run_import(qtbot, dialog)
    [record] = list_imports(window.document.path)
    assert (record.rows, record.skipped) == (4, 2)
    assert controller.measurements.cell("Dev", "Items") == "2"  # the panels have the import
    # The dialog stays open to say which rows were left out and why, then only closes.
    assert dialog.isVisible()
    problems = dialog.problem_texts()
    assert [p.split(",")[0] for p in problems] == ["row 5", "row 6"]
    assert "soon" in problems[0] and "missing timestamp" in problems[1]
    assert "Imported 4 row(s) as import 1; 2 bad row(s) left out" in dialog.message.text()
    assert dialog.import_button.isHidden() and not dialog.columns_group.isEnabled()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert len(list_imports(window.document.path)) == 1


def test_draft_map_from_the_log_is_one_undo_step(make_window, qtbot, tmp_path, monkeypatch):
    window, controller = open_measure_window(make_window, qtbot, tmp_path)
    dialog = open_import_dialog(controller, monkeypatch, write_log(tmp_path))
    dialog.set_role("item", "Work")
    dialog.draft_check.click()
    assert dialog.state.draft_map
    steps = window.document.undo_stack.count()
    run_import(qtbot, dialog)
    maps = list(window.document.workspace.maps.values())
    assert [m.name for m in maps] == ["Delivery", "Measured: log"]
    draft = maps[1]
    assert [s.name for s in draft.stages.values()] == ["Dev", "Review"]
    assert window.document.current_map_id == draft.id
    # The draft's median times, as worked out for the log (its calendar is the map's).
    assert draft.stage_named("Review").wait_s == pytest.approx(2 * H)
    assert window.document.undo_stack.count() == steps + 1
    window.document.undo()
    assert [m.name for m in window.document.workspace.maps.values()] == ["Delivery"]


def test_an_outcome_import_takes_its_own_columns(make_window, qtbot, tmp_path, monkeypatch):
    window, controller = open_measure_window(make_window, qtbot, tmp_path)
    csv = "deployed at,result\n2026-01-05 10:00,ok\n2026-01-06 10:00,failed\n"
    monkeypatch.setattr(file_prompts, "ask_import_file", lambda *_a: str(tmp_path / "d.csv"))
    (tmp_path / "d.csv").write_text(csv)
    controller.import_outcomes_action.trigger()
    dialog = controller.import_dialog
    assert dialog is not None
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("deploys"))
    assert dialog.role_box("at").currentText() == "deployed at"
    assert dialog.role_box("failed").currentText() == "result"
    assert not dialog.draft_check.isEnabled()
    run_import(qtbot, dialog)
    [record] = list_imports(window.document.path)
    assert (record.kind, record.rows) == ("deploys", 2)
    outcomes = controller.data.outcomes()
    assert outcomes is not None and outcomes.change_failure_rate == 0.5


def test_xes_and_jira_json_import_with_the_columns_locked(
    make_window, qtbot, tmp_path, monkeypatch
):
    data = Path(__file__).resolve().parent.parent / "core" / "data"
    window, controller = open_measure_window(make_window, qtbot, tmp_path)
    for name, fmt in (("start_complete.xes", "xes"), ("jira_search.json", "jira")):
        dialog = open_import_dialog(controller, monkeypatch, data / name)
        assert dialog.format_box.currentData() == fmt
        assert not dialog.role_box("item").isEnabled()
        assert dialog.preview_model.rowCount() > 0
        run_import(qtbot, dialog)
    records = list_imports(window.document.path)
    assert [(r.format, r.kind) for r in records] == [("xes", "events"), ("jira", "events")]
    assert all(r.rows > 0 for r in records)


def test_an_xlsx_sheet_chosen_in_the_dialog(make_window, qtbot, tmp_path, monkeypatch):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["just", "notes"])
    log = book.create_sheet("Log")
    log.append(["Case", "Activity", "Start", "End"])
    for row in LOG_CSV.splitlines()[1:]:
        _, item, status, start, end = row.split(",")
        log.append([item, status, start, end])
    book.save(tmp_path / "log.xlsx")
    window, controller = open_measure_window(make_window, qtbot, tmp_path)
    dialog = open_import_dialog(controller, monkeypatch, tmp_path / "log.xlsx")
    assert dialog.sheet_box.isVisible()
    assert not dialog.import_button.isEnabled()  # "Notes" has no log in it
    dialog.sheet_box.setCurrentText("Log")
    assert dialog.role_box("item").currentText() == "Case"
    assert dialog.import_button.isEnabled()
    run_import(qtbot, dialog)
    [record] = list_imports(window.document.path)
    assert (record.format, record.rows) == ("xlsx", 6)
    assert controller.measurements.cell("Review", "Wait median") == "2h"


def test_changing_a_column_after_bad_rows_drops_the_old_result(
    make_window, qtbot, tmp_path, monkeypatch
):
    window, controller = open_measure_window(make_window, qtbot, tmp_path)
    text = LOG_CSV.replace("2026-01-05 16:00", "soon")
    dialog = open_import_dialog(controller, monkeypatch, write_log(tmp_path, text))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.skip_retry_button.isVisible(), timeout=20000)
    dialog.set_role("item", "Work")  # the rows found bad were read with the old columns
    assert not dialog.skip_retry_button.isVisible()
    assert not dialog.problems_list.isVisible()
    assert dialog.import_button.isEnabled()
