"""Regressions found by exploratory testing of the running window: each test replays what a
facilitator did (typing, clicking, switching) and checks the window stayed sound."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest

from vsm_desktop.model.commands import RemoveMapCommand
from vsm_desktop.ui import theme
from vsm_desktop.ui.canvas.view import MapView
from vsm_desktop.ui.compare import open_compare
from vsm_desktop.ui.compare.view import CompareView
from vsm_desktop.ui.document import Document
from vsm_desktop.ui.main_window import MainWindow


def _first_stage_id(window: MainWindow) -> str:
    value_map = window.document.current_map
    assert value_map is not None
    return next(iter(value_map.stages))


# The reason's wording is the model's ("not a finite duration" or "too long").
TOO_LONG = ("1e308h", "1e309h", "9e307w")


@pytest.mark.parametrize("text", TOO_LONG)
def test_overflowing_duration_is_refused_on_the_canvas(window: MainWindow, text: str) -> None:
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
    assert text in editor.error_text()
    assert editor.error_label.isVisible()
    assert editor.line_edit.text() == text
    assert stage.touch_s == before
    view.grab()  # draws without raising


@pytest.mark.parametrize("text", TOO_LONG)
def test_overflowing_duration_is_refused_in_the_properties_panel(
    window: MainWindow, text: str
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
    assert text in form.wait.error_text()
    assert form.wait.error.isVisible()
    assert form.wait.edit.text() == text
    assert stage.wait_s == before
    window.grab()


def _undo_action(window: MainWindow) -> QAction:
    return next(a for a in window.findChildren(QAction) if a.text().startswith("&Undo"))


def test_undoing_a_new_stage_while_naming_it_closes_the_editor(window: MainWindow) -> None:
    # Double-click adds a stage and opens its name editor; Undo on the tool bar takes the stage
    # away again. The editor used to stay floating over nothing, and Enter then raised KeyError.
    view = window.map_view()
    value_map = window.document.workspace.map(view.map_id)
    count = len(value_map.stages)
    view.add_stage_at(QPointF(0, 600))
    editor = view.editor
    QTest.keyClicks(editor.line_edit, "Fresh")
    _undo_action(window).trigger()
    assert len(value_map.stages) == count
    assert not editor.is_open
    QTest.keyClick(view.viewport(), Qt.Key.Key_Return)
    assert window.document.undo_stack.index() == 0


def test_deleting_the_edited_stage_closes_the_editor(window: MainWindow) -> None:
    view = window.map_view()
    value_map = window.document.workspace.map(view.map_id)
    stage_id = _first_stage_id(window)
    view.start_edit("stage", stage_id, "wait_s")
    QTest.keyClicks(view.editor.line_edit, "5h")
    view.select_stage(stage_id)
    view.delete_selection()
    assert stage_id not in value_map.stages
    assert not view.editor.is_open
    window.document.undo()  # the stage comes back as it was
    assert value_map.stages[stage_id].wait_s != 5 * 3600


def test_deleting_the_map_being_edited_closes_the_editor(window: MainWindow) -> None:
    view = window.map_view()
    map_id = view.map_id
    view.start_edit("stage", _first_stage_id(window), "name")
    window.document.push(RemoveMapCommand(map_id))
    assert not view.editor.is_open


def _edit_target_wait(view: CompareView, text: str) -> tuple[MapView, str]:
    target_view = view.canvases.target.view
    assert isinstance(target_view, MapView)
    stage_id = next(iter(view.document.workspace.map(view.state.target_id).stages))
    target_view.start_edit("stage", stage_id, "wait_s")
    target_view.editor.line_edit.selectAll()
    QTest.keyClicks(target_view.editor.line_edit, text)
    return target_view, stage_id


def test_switching_to_overlay_commits_the_target_edit(window: MainWindow, qtbot: Any) -> None:
    # The overlay hides the target canvas. Its editor used to vanish with the typed value
    # neither applied nor dropped, and popped up again on the next layout switch.
    view = open_compare(window)
    qtbot.waitExposed(view)
    target_view, stage_id = _edit_target_wait(view, "7h")
    view.set_layout("overlay")
    target = window.document.workspace.map(view.state.target_id)
    assert target.stages[stage_id].wait_s == 7 * 3600
    assert not target_view.editor.is_open
    view.set_layout("stacked")
    assert not target_view.editor.line_edit.isVisible()


def test_refused_target_edit_waits_behind_the_overlay_but_not_across_maps(
    window: MainWindow, qtbot: Any
) -> None:
    view = open_compare(window)
    qtbot.waitExposed(view)
    target_view, stage_id = _edit_target_wait(view, "7 parsecs")
    QTest.keyClick(target_view.editor.line_edit, Qt.Key.Key_Return)
    view.set_layout("overlay")
    assert target_view.editor.is_open  # kept, with its reason, for when the canvas is back
    view.set_layout("side")
    assert target_view.editor.line_edit.isVisible()
    assert "parsecs" in target_view.editor.error_text()
    view.set_layout("overlay")
    other = next(m for m in window.document.workspace.maps if m != view.state.target_id)
    view.set_pair(view.state.current_id, other)  # the edited map leaves the canvas
    view.set_layout("stacked")
    assert not target_view.editor.line_edit.isVisible()  # no editor of another map over this one


def test_a_workspace_opened_while_presenting_is_presented(window: MainWindow, qtbot: Any) -> None:
    # Ctrl+O and Ctrl+N still work in presentation mode (the actions belong to the window).
    # The figures bar used to stay on the old, closed document and the new canvas had
    # scroll bars.
    window.presentation.enter()
    window.set_document(Document.new("Fresh map"))
    bar = window.presentation.bar
    assert bar.title.text() == "Fresh map"
    assert bar.metrics._document is window.document
    off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert window.map_view().horizontalScrollBarPolicy() == off
    QTest.keyClick(window.map_view(), Qt.Key.Key_Escape)
    assert not window.presentation.active
    assert window.map_view().horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded


def test_theme_picked_while_presenting_is_the_one_left_in(window: MainWindow) -> None:
    window.set_theme(theme.DARK)
    window.presentation.enter()
    window.set_theme(theme.LIGHT)
    window.presentation.leave()
    assert window.theme_name == theme.LIGHT
    assert theme.current_theme().name == theme.LIGHT  # the menu and the colours agree


def test_presentation_fits_the_map_to_the_full_screen(window: MainWindow, qtbot: Any) -> None:
    # Full screen arrives after enter() returns (the window system resizes later); the map
    # was fitted to the old window size and ran off the projector's edge.
    window.resize(1500, 1000)
    qtbot.wait(20)
    window.presentation.enter()
    qtbot.wait(50)
    view = window.map_view()
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(view.map_scene.visible_rect())
