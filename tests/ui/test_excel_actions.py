"""File ▸ Export to Excel… and Update from Excel… in a real main window on the demo workspace.

The file dialogs are answered through :mod:`vsm_desktop.ui.excel.prompts`; the change list and
the error list are the real dialogs, only their ``exec`` is replaced so nothing blocks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers_window import Answers
from PySide6.QtCore import QRunnable, Qt, QThreadPool
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from vsm_desktop.model import EditCommand, MapRole, Stage, ValueMap, Workspace
from vsm_desktop.model.demo import CURRENT_NAME, TARGET_NAME
from vsm_desktop.ui.document import Document
from vsm_desktop.ui.excel import ExcelFeature, excel_feature
from vsm_desktop.ui.excel import dialogs as excel_dialogs
from vsm_desktop.ui.excel import prompts as excel_prompts
from vsm_desktop.ui.excel.state import MapChoice
from vsm_desktop.ui.main_window import MainWindow

CURRENT = CURRENT_NAME  # "Feature delivery — current"
TARGET = TARGET_NAME  # "Feature delivery — target"
HEADER_ROW = 4  # docs/excel.md: the stage table's header is in row 4


class Replies:
    """What the patched Excel prompts answer, and what they were shown."""

    def __init__(self) -> None:
        self.maps: list[str] | None = None  # None: tick nothing, i.e. cancel
        self.offered: list[MapChoice] = []
        self.save_path: Path | None = None
        self.suggested: list[Path] = []
        self.open_path: Path | None = None
        self.apply = True
        self.change_lines: list[str] = []
        self.error_rows: list[tuple[str, str, str, str]] = []


@pytest.fixture(name="replies")
def replies_fixture(monkeypatch: pytest.MonkeyPatch, answers: Answers) -> Replies:
    replies = Replies()

    def choose(_parent: object, choice: MapChoice) -> list[str] | None:
        replies.offered.append(choice)
        return replies.maps

    def save_path(_parent: object, suggested: Path) -> Path | None:
        replies.suggested.append(suggested)
        return replies.save_path

    def preview_exec(dialog: excel_dialogs.UpdatePreviewDialog) -> int:
        replies.change_lines = dialog.lines()
        cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        (dialog.apply_button if replies.apply else cancel).click()
        return dialog.result()

    def errors_exec(dialog: excel_dialogs.WorkbookErrorsDialog) -> int:
        table = dialog.table
        cells = [[table.item(r, c) for c in range(4)] for r in range(table.rowCount())]
        replies.error_rows = [
            (a.text(), b.text(), c.text(), d.text())
            for a, b, c, d in cells
            if a is not None and b is not None and c is not None and d is not None
        ]
        assert len(replies.error_rows) == table.rowCount()
        dialog.reject()
        return dialog.result()

    monkeypatch.setattr(excel_prompts, "choose_maps", choose)
    monkeypatch.setattr(excel_prompts, "ask_save_workbook", save_path)
    monkeypatch.setattr(excel_prompts, "ask_open_workbook", lambda *_a: replies.open_path)
    monkeypatch.setattr(excel_dialogs.UpdatePreviewDialog, "exec", preview_exec)
    monkeypatch.setattr(excel_dialogs.WorkbookErrorsDialog, "exec", errors_exec)
    return replies


def _map_id(window: MainWindow, name: str) -> str:
    value_map = window.document.workspace.map_named(name)
    assert value_map is not None
    return value_map.id


def _stage(window: MainWindow, map_name: str, stage_name: str) -> Stage:
    stage = window.document.workspace.map(_map_id(window, map_name)).stage_named(stage_name)
    assert stage is not None
    return stage


def _run(qtbot: Any, signal: Any, trigger: Callable[[], object]) -> str:
    with qtbot.waitSignal(signal, timeout=20_000) as blocker:
        trigger()
    return str(blocker.args[0])


def _update(qtbot: Any, window: MainWindow, replies: Replies, path: Path) -> str:
    """Data ▸ Update from Excel… with ``path`` chosen; the outcome ("applied", "refused", ...)."""
    updater = excel_feature(window).updater
    replies.open_path = path
    return _run(qtbot, updater.done, updater.action.trigger)


def _export_on_current(
    qtbot: Any, window: MainWindow, replies: Replies, out: Path
) -> tuple[Document, Path]:
    """The demo's current map shown, the workspace exported to ``out``."""
    window.document.set_current_map(_map_id(window, CURRENT))
    _export(qtbot, window, replies, out)
    return window.document, out


def _export(qtbot: Any, window: MainWindow, replies: Replies, out: Path) -> ExcelFeature:
    feature = excel_feature(window)
    replies.maps = list(window.document.workspace.maps)
    replies.save_path = out
    assert _run(qtbot, feature.exporter.done, feature.exporter.action.trigger) == "exported"
    return feature


def _column(sheet: Any, header: str) -> int:
    for cell in sheet[HEADER_ROW]:
        if cell.value == header:
            return int(cell.column)
    raise AssertionError(f"no column {header!r} in row {HEADER_ROW} of {sheet.title!r}")


def _stage_row(sheet: Any, stage: str) -> int:
    col = _column(sheet, "stage")
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        if sheet.cell(row, col).value == stage:
            return row
    raise AssertionError(f"no stage {stage!r} on sheet {sheet.title!r}")


def _edit(path: Path, edits: list[tuple[str, str, object]]) -> dict[tuple[str, str], str]:
    """Set (stage, header) cells of the current map's sheet; returns their cell references."""
    book = openpyxl.load_workbook(path)
    sheet = book[CURRENT]
    where = {}
    for stage, header, value in edits:
        cell = sheet.cell(_stage_row(sheet, stage), _column(sheet, header))
        cell.value = value
        where[(stage, header)] = f"{cell.column_letter}{cell.row}"
    book.save(path)
    return where


def test_file_menu_has_both_excel_entries_after_the_map_exports(window: MainWindow) -> None:
    texts = [a.text() for a in window.menu("File").actions()]
    assert texts.index("Export to &Excel…") == texts.index("&Export") + 1
    assert texts.index("&Update from Excel…") == texts.index("&Export") + 2
    feature = excel_feature(window)
    assert feature.exporter.action.shortcut().toString() == "Ctrl+E"


def test_export_the_demo_writes_every_sheet_and_the_map_pictures(
    qtbot: Any, tmp_path: Path, window: MainWindow, replies: Replies
) -> None:
    out = tmp_path / "workshop.xlsx"
    feature = _export(qtbot, window, replies, out)

    # Both maps were offered and ticked; the file name was suggested from the (untitled) file.
    offered = replies.offered[0]
    assert [label for _id, label in offered.maps] == [CURRENT, TARGET]  # role in the name
    assert offered.chosen_ids() == list(window.document.workspace.maps)
    assert replies.suggested[0].name == "Untitled.xlsx"

    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Summary", "Compare", CURRENT, TARGET, "_vsm"]
    assert book["_vsm"].sheet_state == "hidden"
    for name in (CURRENT, TARGET):
        assert len(book[name]._images) == 1  # the canvas picture of the map
        sheet = book[name]
        assert sheet.cell(_stage_row(sheet, "Release"), _column(sheet, "stage")).value == "Release"
    assert [f for f in tmp_path.iterdir() if f.name.endswith(".tmp")] == []
    assert window.statusBar().currentMessage() == f"Exported 2 maps to {out}"
    assert feature.exporter.open_folder.isVisibleTo(window)
    assert feature.exporter.last_path == out
    assert not feature.exporter.busy


def test_export_only_the_ticked_map(
    qtbot: Any, tmp_path: Path, window: MainWindow, replies: Replies
) -> None:
    feature = excel_feature(window)
    replies.maps = [_map_id(window, TARGET)]
    replies.save_path = tmp_path / "target.xlsx"
    assert _run(qtbot, feature.exporter.done, feature.exporter.action.trigger) == "exported"
    # Without its current map the target gets no Compare sheet.
    assert openpyxl.load_workbook(replies.save_path).sheetnames == ["Summary", TARGET, "_vsm"]


def test_backing_out_of_the_map_choice_or_the_file_dialog_writes_nothing(
    tmp_path: Path, window: MainWindow, replies: Replies
) -> None:
    exporter = excel_feature(window).exporter
    replies.maps = None
    replies.save_path = tmp_path / "never.xlsx"
    assert exporter.ask_and_export() is False
    assert replies.suggested == []  # no file dialog after the map choice was cancelled
    replies.maps = list(window.document.workspace.maps)
    replies.save_path = None
    assert exporter.ask_and_export() is False
    assert list(tmp_path.glob("*.xlsx")) == [] and not exporter.busy


class _Gate(QRunnable):
    """Holds the pool's only thread until released, so a job queued behind it starts late."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def run(self) -> None:
        self.release.wait(20)


def _hold_pool(owner: Any) -> tuple[QThreadPool, _Gate]:
    """Give ``owner`` a one-thread pool whose thread a gate holds: its job queues behind it."""
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    owner.pool = pool
    gate = _Gate()
    pool.start(gate)
    return pool, gate


def _click_cancel(exporter: Any) -> None:
    assert exporter.progress is not None and exporter.progress.isVisible()
    cancel = exporter.progress.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    cancel.click()


@pytest.mark.parametrize("when", ["drawing pictures", "writing"])
def test_cancel_leaves_no_file_and_keeps_an_older_one(
    qtbot: Any, tmp_path: Path, window: MainWindow, replies: Replies, when: str
) -> None:
    exporter = excel_feature(window).exporter
    pool, gate = _hold_pool(exporter)  # the export's worker waits until the Cancel click
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "old.xlsx"
    out.write_bytes(b"last week's workbook")
    replies.maps = list(window.document.workspace.maps)
    replies.save_path = out
    try:
        assert exporter.ask_and_export() is True
        if when == "writing":
            qtbot.waitUntil(lambda: exporter.job is not None, timeout=20_000)
        else:
            assert exporter.job is None  # still on the UI thread: no worker started
        with qtbot.waitSignal(exporter.done, timeout=20_000) as blocker:
            _click_cancel(exporter)
            gate.release.set()
    finally:
        gate.release.set()
        pool.waitForDone(20_000)
    assert blocker.args == ["cancelled"]
    assert out.read_bytes() == b"last week's workbook"
    assert [f.name for f in folder.iterdir()] == ["old.xlsx"]  # no temporary file left
    assert exporter.progress is None and not exporter.busy and exporter.job is None
    assert "cancelled" in window.statusBar().currentMessage()


def test_export_into_a_missing_folder_shows_the_reason(
    qtbot: Any, tmp_path: Path, window: MainWindow, replies: Replies, answers: Answers
) -> None:
    exporter = excel_feature(window).exporter
    replies.maps = list(window.document.workspace.maps)
    replies.save_path = tmp_path / "nowhere" / "x.xlsx"
    assert _run(qtbot, exporter.done, exporter.action.trigger) == "failed"
    assert len(answers.errors) == 1
    assert answers.errors[0].startswith("Cannot export to Excel: ")
    assert "does not exist" in answers.errors[0] and "nowhere" in answers.errors[0]


def test_a_time_edited_in_excel_changes_lead_time_and_one_undo_restores_it(
    qtbot: Any, tmp_path: Path, window: MainWindow, replies: Replies
) -> None:
    document = window.document
    document.set_current_map(_map_id(window, CURRENT))
    metrics = window.metrics_panel
    # Demo current map: the critical path's wait + touch add up to 793 h = 99.125 working
    # days (8 h) = 19 weeks (5 d) and 4.125 days.
    assert metrics.value_text("lead_time") == "19w 4.1d"
    out = tmp_path / "round.xlsx"
    _export(qtbot, window, replies, out)
    _edit(out, [("Release", "wait (h)", 40)])  # Release waits 80 h (2 weeks); now 40 h

    steps = document.undo_stack.count()
    assert _update(qtbot, window, replies, out) == "applied"

    assert f"{CURRENT}:" in replies.change_lines
    assert "Release: wait 2w → 1w" in replies.change_lines
    assert f"{TARGET}: no change" in replies.change_lines
    # Release is on the critical path: 793 h - 40 h = 753 h = 94.125 d = 18w 4.125d.
    assert metrics.value_text("lead_time") == "18w 4.1d"
    assert _stage(window, CURRENT, "Release").wait_s == 40 * 3600
    assert document.undo_stack.count() == steps + 1
    assert document.is_modified

    document.undo()
    assert metrics.value_text("lead_time") == "19w 4.1d"
    assert _stage(window, CURRENT, "Release").wait_s == 80 * 3600


def test_calendar_and_demand_edited_in_row_2_come_back_as_one_step(
    qtbot: Any, tmp_path: Path, window: MainWindow, replies: Replies
) -> None:
    document, out = _export_on_current(qtbot, window, replies, tmp_path / "calendar.xlsx")
    book = openpyxl.load_workbook(out)
    book[CURRENT]["C2"], book[CURRENT]["G2"] = 7.5, 1  # docs/excel.md: Hours/day, Demand/day
    book.save(out)
    assert _update(qtbot, window, replies, out) == "applied"
    assert "calendar: 8 h x 5 d → 7.5 h x 5 d" in replies.change_lines
    assert "demand: 0.5/day → 1/day" in replies.change_lines
    # 793 working hours are kept: 21 weeks of 37.5 h and 5.5 h = 0.7 of a 7.5 h day.
    assert window.metrics_panel.value_text("lead_time") == "21w 0.7d"
    assert document.workspace.map(_map_id(window, CURRENT)).demand_per_day == 1
    document.undo()
    assert window.metrics_panel.value_text("lead_time") == "19w 4.1d"
    assert document.workspace.map(_map_id(window, CURRENT)).calendar.hours_per_day == 8


def test_declining_the_change_list_changes_nothing(
    qtbot: Any, tmp_path: Path, window: MainWindow, replies: Replies
) -> None:
    out = tmp_path / "declined.xlsx"
    _export(qtbot, window, replies, out)
    _edit(out, [("Build", "touch (h)", 10)])
    replies.apply = False
    assert _update(qtbot, window, replies, out) == "declined"
    assert "Build: touch 1w → 1d 2h" in replies.change_lines  # 40 h -> 10 h
    assert window.document.undo_stack.count() == 0 and not window.document.is_modified


def test_an_unedited_workbook_has_nothing_to_change(
    qtbot: Any, tmp_path: Path, window: MainWindow, replies: Replies
) -> None:
    out = tmp_path / "same.xlsx"
    _export(qtbot, window, replies, out)
    assert _update(qtbot, window, replies, out) == "nothing"
    assert window.statusBar().currentMessage() == "same.xlsx: nothing to change"
    assert replies.change_lines == [] and window.document.undo_stack.count() == 0


def test_a_broken_workbook_lists_every_problem_and_changes_nothing(
    qtbot: Any, tmp_path: Path, window: MainWindow, replies: Replies
) -> None:
    document, out = _export_on_current(qtbot, window, replies, tmp_path / "broken.xlsx")
    where = _edit(out, [("Release", "wait (h)", -5), ("Build", "next", "Nowhere")])
    assert _update(qtbot, window, replies, out) == "refused"

    wait_cell, next_cell = where[("Release", "wait (h)")], where[("Build", "next")]
    rows = {
        (sheet, row, column.split(" ")[0]): message
        for sheet, row, column, message in replies.error_rows
    }
    assert len(rows) == 2
    wait_message = rows[(CURRENT, wait_cell[1:], wait_cell[0])]
    assert "negative" in wait_message
    assert "Nowhere" in rows[(CURRENT, next_cell[1:], next_cell[0])]
    assert [r[2] for r in replies.error_rows if r[1] == wait_cell[1:]] == [
        f"{wait_cell[0]} (wait (h))"
    ]
    assert replies.change_lines == []
    assert document.undo_stack.count() == 0 and not document.is_modified
    assert window.metrics_panel.value_text("lead_time") == "19w 4.1d"


def test_a_file_that_is_no_workbook_is_refused_with_the_reason(
    qtbot: Any, tmp_path: Path, window: MainWindow, replies: Replies
) -> None:
    bogus = tmp_path / "notes.xlsx"
    bogus.write_text("not a spreadsheet")
    assert _update(qtbot, window, replies, bogus) == "refused"
    assert len(replies.error_rows) == 1
    sheet, row, column, message = replies.error_rows[0]
    assert (sheet, row, column) == ("(workbook)", "—", "—")
    assert "not an .xlsx file" in message


def test_choose_maps_dialog_needs_one_ticked_map(qtbot: Any, window: MainWindow) -> None:
    dialog = excel_dialogs.ChooseMapsDialog(MapChoice.of(window.document.workspace))
    qtbot.addWidget(dialog)
    ids = list(window.document.workspace.maps)
    assert dialog.chosen_ids() == ids and dialog.export_button.isEnabled()
    dialog.set_all(False)
    assert dialog.chosen_ids() == [] and not dialog.export_button.isEnabled()
    dialog.list.item(1).setCheckState(Qt.CheckState.Checked)  # as a click on the box does
    assert dialog.chosen_ids() == [ids[1]] and dialog.export_button.isEnabled()


def test_map_choice_labels_say_the_role_the_name_does_not() -> None:
    ws = Workspace()
    for value_map in (ValueMap("As is", role=MapRole.CURRENT), ValueMap("Ops", role=MapRole.FREE)):
        ws.maps[value_map.id] = value_map
    assert [label for _id, label in MapChoice.of(ws).maps] == ["As is (current)", "Ops"]


def test_an_edit_made_while_the_workbook_is_read_wins(
    qtbot: Any, tmp_path: Path, window: MainWindow, replies: Replies, answers: Answers
) -> None:
    out = tmp_path / "late.xlsx"
    _export(qtbot, window, replies, out)
    _edit(out, [("Release", "wait (h)", 40)])
    updater = excel_feature(window).updater
    pool, gate = _hold_pool(updater)
    document = window.document
    current = _map_id(window, CURRENT)
    release = _stage(window, CURRENT, "Release")
    replies.open_path = out
    try:
        assert updater.ask_and_update() is True
        # A change that slips in (autosave recovery, a script) before the read finishes.
        document.push(EditCommand("stage", current, release.id, {"touch_s": 2 * 3600.0}))
        with qtbot.waitSignal(updater.done, timeout=20_000) as blocker:
            gate.release.set()
    finally:
        gate.release.set()
        pool.waitForDone(20_000)
    assert blocker.args == ["stale"]
    assert replies.change_lines == []  # never offered
    assert answers.errors and "changed while the workbook was read" in answers.errors[0]
    assert (release.wait_s, release.touch_s) == (80 * 3600, 2 * 3600)
    assert document.undo_stack.count() == 1


def test_export_carries_the_measured_figures_of_the_saved_workspace(
    qtbot: Any, tmp_path: Path, window: MainWindow, replies: Replies
) -> None:
    from vsm_desktop.measure.events import EventTable
    from vsm_desktop.model.demo import demo_workspace
    from vsm_desktop.store import save_workspace
    from vsm_desktop.store.measurements import import_events

    ws = demo_workspace()
    build = ws.map_named(CURRENT).stage_named("Build")  # type: ignore[union-attr]
    assert build is not None
    build.hooks = {"active": ["in progress"]}
    workspace_path = tmp_path / "measured.vsm"
    save_workspace(ws, workspace_path)
    events = EventTable.from_columns(
        ["A-1", "A-2"], ["in progress"] * 2, [0.0, 0.0], [3600.0, 7200.0]
    )
    import_events(workspace_path, events, format="csv", source="jira.csv")
    assert window.open_path(workspace_path)

    out = tmp_path / "measured.xlsx"
    _export(qtbot, window, replies, out)
    assert replies.suggested[-1] == tmp_path / "measured.xlsx"  # named after the workspace
    book = openpyxl.load_workbook(out)
    titles = {
        name: [c.value for c in book[name]["B"] if isinstance(c.value, str)]
        for name in (CURRENT, TARGET)
    }
    assert "Measured (2 items, all event imports)" in titles[CURRENT]
    assert not any(str(t).startswith("Measured") for t in titles[TARGET])  # no hooks there


def test_cancel_while_reading_changes_nothing(
    qtbot: Any, tmp_path: Path, window: MainWindow, replies: Replies
) -> None:
    out = tmp_path / "slow.xlsx"
    _export(qtbot, window, replies, out)
    _edit(out, [("Release", "wait (h)", 40)])
    updater = excel_feature(window).updater
    pool, gate = _hold_pool(updater)
    replies.open_path = out
    try:
        assert updater.ask_and_update() is True
        assert updater.progress is not None and updater.progress.isVisible()
        cancel = updater.progress.findChild(QPushButton)
        assert cancel is not None
        with qtbot.waitSignal(updater.done, timeout=20_000) as blocker:
            cancel.click()
            assert updater.progress is None  # gone at once; the read's result is dropped
            gate.release.set()
    finally:
        gate.release.set()
        pool.waitForDone(20_000)
    assert blocker.args == ["cancelled"]
    assert replies.change_lines == [] and window.document.undo_stack.count() == 0
    assert _stage(window, CURRENT, "Release").wait_s == 80 * 3600
