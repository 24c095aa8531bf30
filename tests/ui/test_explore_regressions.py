"""Regressions found by exploratory testing of the running window: each test replays what a
facilitator did (typing, clicking, switching) and checks the window stayed sound."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from vsm_desktop.ui.main_window import MainWindow


def _first_stage_id(window: MainWindow) -> str:
    value_map = window.document.current_map
    assert value_map is not None
    return next(iter(value_map.stages))


@pytest.mark.parametrize(("text", "reason"), [("1e308h", "finite"), ("1e300w", "longer than")])
def test_overflowing_duration_is_refused_on_the_canvas(
    window: MainWindow, text: str, reason: str
) -> None:
    # 1e308 is a finite number, but 1e308 hours in seconds is not: it used to be stored as
    # infinity and every later redraw of the box and the metrics raised OverflowError.
    view = window.map_view()
    stage_id = _first_stage_id(window)
    stage = window.document.workspace.map(view.map_id).stages[stage_id]
    before = stage.touch_s
    view.start_edit("stage", stage_id, "touch_s")
    editor = view.editor
    editor.line_edit.selectAll()
    QTest.keyClicks(editor.line_edit, text)
    QTest.keyClick(editor.line_edit, Qt.Key.Key_Return)
    assert editor.is_open
    assert reason in editor.error_text()
    assert editor.line_edit.text() == text
    assert stage.touch_s == before
    view.grab()  # draws without raising


@pytest.mark.parametrize(("text", "reason"), [("1e308h", "finite"), ("1e300w", "longer than")])
def test_overflowing_duration_is_refused_in_the_properties_panel(
    window: MainWindow, text: str, reason: str
) -> None:
    stage_id = _first_stage_id(window)
    window.select_stage(stage_id)
    form = window.properties_panel.stage_form
    stage = window.document.current_map.stages[stage_id]
    before = stage.wait_s
    form.wait.edit.setFocus()
    form.wait.edit.selectAll()
    QTest.keyClicks(form.wait.edit, text)
    QTest.keyClick(form.wait.edit, Qt.Key.Key_Return)
    assert reason in form.wait.error_text()
    assert form.wait.error.isVisible()
    assert form.wait.edit.text() == text
    assert stage.wait_s == before
    window.grab()
