"""The canvas driven as a user would: mouse on the viewport, keys, touch, the editor."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QInputDevice, QPointingDevice
from PySide6.QtTest import QTest

from vsm_desktop.model import HandoffKind
from vsm_desktop.store import workspace_to_records
from vsm_desktop.ui.canvas import style
from vsm_desktop.ui.canvas.view import MapView
from vsm_desktop.ui.document import Document

LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier


def vp(view: MapView, x: float, y: float) -> QPoint:
    """Viewport position of a scene point."""
    return view.mapFromScene(QPointF(x, y))


def stages_named(document: Document, name: str) -> list[Any]:
    value_map = document.current_map
    assert value_map is not None
    return [s for s in value_map.stages.values() if s.name == name]


def drag(view: MapView, start: QPoint, end: QPoint, steps: int = 6) -> None:
    viewport = view.viewport()
    QTest.mousePress(viewport, LEFT, NO_MOD, start)
    for i in range(1, steps + 1):
        point = start + (end - start) * (i / steps)
        QTest.mouseMove(viewport, point)
    QTest.mouseRelease(viewport, LEFT, NO_MOD, end)


def test_double_click_on_empty_space_adds_a_stage_and_names_it(map_view: MapView) -> None:
    document = map_view.document
    QTest.mouseDClick(map_view.viewport(), LEFT, NO_MOD, vp(map_view, 400, 330))
    editor = map_view.editor
    assert editor.is_open
    assert stages_named(document, "New stage")
    QTest.keyClicks(editor.line_edit, "Deploy")
    QTest.keyClick(editor.line_edit, Qt.Key.Key_Return)
    assert not editor.is_open
    (stage,) = stages_named(document, "Deploy")
    # The box is centred under the pointer, its arrows' height at the pointer.
    assert (stage.x, stage.y) == (400 - style.BOX_W / 2, 330 - style.ANCHOR_Y)
    assert map_view.map_scene.item_for_stage[stage.id].pos() == QPointF(stage.x, stage.y)
    assert document.undo_stack.count() == 2  # add, rename


def test_empty_name_is_refused_with_reason(map_view: MapView) -> None:
    map_view.start_edit("stage", "s-build", "name")
    editor = map_view.editor
    editor.line_edit.clear()
    QTest.keyClick(editor.line_edit, Qt.Key.Key_Return)
    assert editor.is_open
    assert "needs a name" in editor.error_text()
    assert map_view.document.workspace.map(map_view.map_id).stages["s-build"].name == "Build"


def test_drag_from_stage_edge_to_another_stage_connects_them(map_view: MapView) -> None:
    document = map_view.document
    value_map = document.current_map
    assert value_map is not None
    before = set(value_map.handoffs)
    # From the right edge of Idea (0..140) to the middle of Release (720..860).
    drag(map_view, vp(map_view, 138, 60), vp(map_view, 790, 70))
    (new_id,) = set(value_map.handoffs) - before
    handoff = value_map.handoffs[new_id]
    assert (handoff.source, handoff.target) == ("s-idea", "s-release")
    assert not handoff.rework
    assert new_id in map_view.map_scene.item_for_handoff
    # The stage did not move: the edge is a connector, not a grip.
    assert (value_map.stages["s-idea"].x, value_map.stages["s-idea"].y) == (0, 0)
    assert document.undo_stack.count() == 1


def test_drawing_an_arrow_back_upstream_makes_rework(map_view: MapView) -> None:
    value_map = map_view.document.current_map
    assert value_map is not None
    before = set(value_map.handoffs)
    drag(map_view, vp(map_view, 720 + 138, 60), vp(map_view, 60, 80))
    (new_id,) = set(value_map.handoffs) - before
    handoff = value_map.handoffs[new_id]
    assert (handoff.source, handoff.target, handoff.rework) == ("s-release", "s-idea", True)


def test_drag_from_edge_to_empty_space_makes_a_connected_stage(map_view: MapView) -> None:
    document = map_view.document
    value_map = document.current_map
    assert value_map is not None
    drag(map_view, vp(map_view, 720 + 138, 60), vp(map_view, 960, 300))
    (stage,) = stages_named(document, "New stage")
    assert stage.team == "Ops"  # inherits the team it continues from
    assert (stage.x, stage.y) == (960, 300 - style.ANCHOR_Y)
    assert [(h.source, h.target) for h in value_map.handoffs_of(stage.id)] == [
        ("s-release", stage.id)
    ]
    assert document.undo_stack.count() == 1  # stage and handoff in one step
    assert map_view.editor.is_open  # ready to be named
    map_view.editor.cancel()
    document.undo()
    assert not stages_named(document, "New stage")
    assert len(value_map.handoffs) == 4


def test_duration_edited_in_place(map_view: MapView) -> None:
    document = map_view.document
    stage = document.workspace.map(map_view.map_id).stages["s-build"]
    # Double-click the PT cell of Build (box at 240,0; the cell is left half under the team).
    cell = QPointF(240 + 30, style.HEADER_H + style.TEAM_H + 20)
    QTest.mouseDClick(map_view.viewport(), LEFT, NO_MOD, map_view.mapFromScene(cell))
    editor = map_view.editor
    assert editor.is_open
    assert editor.target == ("stage", "s-build", "touch_s")
    assert editor.line_edit.text() == "4h"
    editor.line_edit.selectAll()
    QTest.keyClicks(editor.line_edit, "1d 2h")
    QTest.keyClick(editor.line_edit, Qt.Key.Key_Return)
    assert stage.touch_s == 10 * 3600  # 1 working day of 8 h + 2 h
    assert map_view.map_scene.item_for_stage["s-build"]._prepare()["touch"].text == "1d 2h"

    # Cleared, the time is not known (as in the properties panel); an unknown time opens
    # empty and Enter keeps it so, without an error.
    QTest.mouseDClick(map_view.viewport(), LEFT, NO_MOD, map_view.mapFromScene(cell))
    editor.line_edit.selectAll()
    QTest.keyClick(editor.line_edit, Qt.Key.Key_Delete)
    QTest.keyClick(editor.line_edit, Qt.Key.Key_Return)
    assert not editor.is_open and stage.touch_s is None
    QTest.mouseDClick(map_view.viewport(), LEFT, NO_MOD, map_view.mapFromScene(cell))
    assert editor.line_edit.text() == ""
    QTest.keyClick(editor.line_edit, Qt.Key.Key_Return)
    assert not editor.is_open and stage.touch_s is None
    document.undo()
    assert stage.touch_s == 10 * 3600


def test_bad_duration_shows_reason_and_keeps_value(map_view: MapView) -> None:
    document = map_view.document
    stage = document.workspace.map(map_view.map_id).stages["s-test"]
    # The wait is the inventory triangle in front of Test's box (480, 0).
    triangle = QPointF(480 + style.TRIANGLE_CX, style.ANCHOR_Y - 12)
    QTest.mouseDClick(map_view.viewport(), LEFT, NO_MOD, map_view.mapFromScene(triangle))
    editor = map_view.editor
    assert editor.target == ("stage", "s-test", "wait_s")
    editor.line_edit.selectAll()
    QTest.keyClicks(editor.line_edit, "-2h")
    QTest.keyClick(editor.line_edit, Qt.Key.Key_Return)
    assert editor.is_open
    assert "negative" in editor.error_text()
    assert editor.error_label.isVisible()
    assert editor.line_edit.text() == "-2h"  # what was typed stays to be fixed
    assert stage.wait_s == 16 * 3600
    editor.line_edit.selectAll()
    QTest.keyClicks(editor.line_edit, "soon")
    QTest.keyClick(editor.line_edit, Qt.Key.Key_Return)
    assert "cannot read" in editor.error_text()
    QTest.keyClick(editor.line_edit, Qt.Key.Key_Escape)
    assert not editor.is_open
    assert stage.wait_s == 16 * 3600
    assert document.undo_stack.count() == 0


def test_rubber_band_then_drag_is_one_undo_step(map_view: MapView) -> None:
    document = map_view.document
    stages = document.workspace.map(map_view.map_id).stages
    # Rubber band from empty space above-left around Idea and Build.
    drag(map_view, vp(map_view, -60, -40), vp(map_view, 390, 150))
    assert sorted(map_view.selected_stage_ids()) == ["s-build", "s-idea"]
    # Drag Idea by its PT cell; Build follows.
    drag(map_view, vp(map_view, 30, 70), vp(map_view, 30, 170), steps=8)
    assert (stages["s-idea"].x, stages["s-idea"].y) == (0, 100)
    assert (stages["s-build"].x, stages["s-build"].y) == (240, 100)
    assert (stages["s-test"].x, stages["s-test"].y) == (480, 0)
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Move 2 items"
    document.undo()
    assert (stages["s-idea"].y, stages["s-build"].y) == (0, 0)
    scene = map_view.map_scene
    assert scene.item_for_stage["s-idea"].pos() == QPointF(0, 0)


def test_snap_to_grid_while_dragging(map_view: MapView) -> None:
    map_view.set_snap(True)
    stages = map_view.document.workspace.map(map_view.map_id).stages
    drag(map_view, vp(map_view, 270, 70), vp(map_view, 277, 133))
    assert (stages["s-build"].x, stages["s-build"].y) == (240, 60)  # 247,63 -> grid


def test_delete_key_removes_stage_with_its_handoffs(map_view: MapView) -> None:
    document = map_view.document
    value_map = document.workspace.map(map_view.map_id)
    map_view.select_stage("s-test")
    QTest.keyClick(map_view.viewport(), Qt.Key.Key_Delete)
    assert "s-test" not in value_map.stages
    assert sorted(value_map.handoffs) == ["h-1"]
    assert "s-test" not in map_view.map_scene.item_for_stage
    assert sorted(map_view.map_scene.item_for_handoff) == ["h-1"]
    document.undo()
    assert sorted(value_map.handoffs) == ["h-1", "h-2", "h-3", "h-4"]
    assert set(map_view.map_scene.item_for_handoff) == set(value_map.handoffs)


def test_copy_paste_through_the_clipboard(map_view: MapView) -> None:
    document = map_view.document
    value_map = document.workspace.map(map_view.map_id)
    scene = map_view.map_scene
    scene.item_for_stage["s-idea"].setSelected(True)
    scene.item_for_stage["s-build"].setSelected(True)
    QTest.keyClick(map_view.viewport(), Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(map_view.viewport(), Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    ideas, builds = stages_named(document, "Idea"), stages_named(document, "Build")
    assert len(ideas) == 2 and len(builds) == 2
    copy_idea = next(s for s in ideas if s.id != "s-idea")
    copy_build = next(s for s in builds if s.id != "s-build")
    assert (copy_idea.x, copy_idea.y) == (40, 40)
    assert (copy_build.x, copy_build.y, copy_build.touch_s) == (280, 40, 4 * 3600)
    # The handoff between the copied stages comes along; the rework to Test does not.
    copied = [h for h in value_map.handoffs.values() if h.source == copy_idea.id]
    assert [(h.target, h.kind) for h in copied] == [(copy_build.id, HandoffKind.PUSH)]
    assert len(value_map.handoffs) == 5
    assert sorted(map_view.selected_stage_ids()) == sorted([copy_idea.id, copy_build.id])
    assert document.undo_stack.count() == 1
    # The clipboard also carries a table for spreadsheets.
    from PySide6.QtWidgets import QApplication

    text = QApplication.clipboard().mimeData().text()
    assert text.splitlines()[1] == "Idea\tProduct\t1h\t2h\t100"


def test_arrow_key_nudges_merge(map_view: MapView) -> None:
    document = map_view.document
    stage = document.workspace.map(map_view.map_id).stages["s-release"]
    map_view.select_stage("s-release")
    for _ in range(3):
        QTest.keyClick(map_view.viewport(), Qt.Key.Key_Right)
    QTest.keyClick(map_view.viewport(), Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert (stage.x, stage.y) == (750, 1)  # 10 px steps, 1 px with Shift
    assert document.undo_stack.count() == 1  # nudges of the same selection merge
    document.undo()
    assert (stage.x, stage.y) == (720, 0)
    map_view.select_stage("s-idea")
    QTest.keyClick(map_view.viewport(), Qt.Key.Key_Left)
    assert document.undo_stack.count() == 1  # the redo branch was dropped by the new step
    assert document.undo_stack.undoText() == "Nudge"


def test_undo_everything_returns_to_the_original(map_view: MapView) -> None:
    document = map_view.document
    original = workspace_to_records(document.workspace)
    QTest.mouseDClick(map_view.viewport(), LEFT, NO_MOD, vp(map_view, 400, 330))
    QTest.keyClicks(map_view.editor.line_edit, "Deploy")
    QTest.keyClick(map_view.editor.line_edit, Qt.Key.Key_Return)
    drag(map_view, vp(map_view, 720 + 138, 60), vp(map_view, 400, 320))
    map_view.select_stage("s-build")
    QTest.keyClick(map_view.viewport(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    map_view.select_stage("s-test")
    QTest.keyClick(map_view.viewport(), Qt.Key.Key_Delete)
    map_view.auto_layout()
    assert workspace_to_records(document.workspace) != original
    while document.undo_stack.canUndo():
        document.undo()
    assert workspace_to_records(document.workspace) == original
    scene = map_view.map_scene
    value_map = document.current_map
    assert value_map is not None
    assert set(scene.item_for_stage) == set(value_map.stages)
    assert set(scene.item_for_handoff) == set(value_map.handoffs)
    for stage in value_map.stages.values():
        assert scene.item_for_stage[stage.id].pos() == QPointF(stage.x, stage.y)


def _touch_device() -> QPointingDevice:
    return QTest.createTouchDevice(QInputDevice.DeviceType.TouchScreen)


def test_pinch_zooms_about_the_fingers(map_view: MapView, qtbot: Any) -> None:
    device = _touch_device()
    viewport = map_view.viewport()
    zoom = map_view.zoom
    centre = QPoint(600, 350)
    anchor_before = map_view.mapToScene(centre)
    QTest.touchEvent(viewport, device).press(0, QPoint(550, 350)).press(1, QPoint(650, 350))
    for spread in (60, 80, 100):
        QTest.touchEvent(viewport, device).move(0, QPoint(600 - spread, 350)).move(
            1, QPoint(600 + spread, 350)
        )
    QTest.touchEvent(viewport, device).release(0, QPoint(500, 350)).release(1, QPoint(700, 350))
    assert map_view.zoom == pytest.approx(zoom * 2.0, rel=0.02)  # fingers 100 -> 200 px apart
    anchor_after = map_view.mapToScene(centre)
    assert abs(anchor_after.x() - anchor_before.x()) < 3
    assert abs(anchor_after.y() - anchor_before.y()) < 3
    assert map_view.document.undo_stack.count() == 0


def test_tap_selects_and_one_finger_drag_moves(map_view: MapView) -> None:
    device = _touch_device()
    viewport = map_view.viewport()
    point = vp(map_view, 270, 70)
    QTest.touchEvent(viewport, device).press(0, point)
    QTest.touchEvent(viewport, device).release(0, point)
    assert map_view.selected_stage_ids() == ["s-build"]
    QTest.touchEvent(viewport, device).press(0, point)
    for dy in (20, 40, 60):
        QTest.touchEvent(viewport, device).move(0, point + QPoint(0, dy))
    QTest.touchEvent(viewport, device).release(0, point + QPoint(0, 60))
    stage = map_view.document.workspace.map(map_view.map_id).stages["s-build"]
    assert (stage.x, stage.y) == (240, 60)
    assert map_view.document.undo_stack.count() == 1


def test_ctrl_wheel_zooms(map_view: MapView) -> None:
    from PySide6.QtCore import QPointF as P
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    zoom = map_view.zoom
    event = QWheelEvent(
        P(600, 350),
        P(map_view.viewport().mapToGlobal(QPoint(600, 350))),
        QPoint(),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(map_view.viewport(), event)
    assert map_view.zoom == pytest.approx(zoom * 1.15)


def test_context_menu_changes_handoff_kind_and_rework(map_view: MapView) -> None:
    from vsm_desktop.ui.canvas.menus import build_context_menu

    value_map = map_view.document.workspace.map(map_view.map_id)
    # On the Idea -> Build arrow, in the gap between the boxes.
    menu = build_context_menu(map_view, QPointF(165, style.ANCHOR_Y))
    actions = {a.text().replace("&", ""): a for a in menu.actions() if a.text()}
    assert actions["Push"].isChecked()
    actions["Pull"].trigger()
    assert value_map.handoffs["h-1"].kind == HandoffKind.PULL
    menu = build_context_menu(map_view, QPointF(165, style.ANCHOR_Y))
    actions = {a.text().replace("&", ""): a for a in menu.actions() if a.text()}
    actions["Rework (goes back upstream)"].trigger()
    assert value_map.handoffs["h-1"].rework
    assert map_view.document.undo_stack.count() == 2


def test_context_menu_on_empty_space_adds_a_kaizen_burst(map_view: MapView) -> None:
    from vsm_desktop.model import NoteKind
    from vsm_desktop.ui.canvas.menus import build_context_menu

    value_map = map_view.document.workspace.map(map_view.map_id)
    menu = build_context_menu(map_view, QPointF(300, -200))
    actions = {a.text().replace("&", ""): a for a in menu.actions() if a.text()}
    actions["Add kaizen burst here"].trigger()
    (note,) = value_map.notes.values()
    assert (note.kind, note.x, note.y) == (NoteKind.KAIZEN, 300, -200)
    assert note.id in map_view.map_scene.item_for_note


def test_save_reopen_and_find_the_same_map(map_view: MapView, tmp_path: Any, qtbot: Any) -> None:
    document = map_view.document
    map_view.nudge(10, 0)  # nothing selected: no change
    map_view.select_stage("s-idea")
    map_view.nudge(0, 20)
    path = tmp_path / "flow.vsm"
    document.save(path)
    assert not document.is_modified
    reopened = Document.open(path)
    assert reopened.undo_stack.count() == 0
    value_map = reopened.workspace.map_named("Release flow")
    assert value_map is not None
    assert (value_map.stages["s-idea"].x, value_map.stages["s-idea"].y) == (0, 20)
    view = MapView(reopened)
    qtbot.addWidget(view)
    assert view.map_id == value_map.id
    assert set(view.map_scene.item_for_stage) == set(value_map.stages)
    assert set(view.map_scene.item_for_handoff) == set(value_map.handoffs)
    reopened.close()


def test_auto_layout_is_one_step_and_carries_attached_notes(map_view: MapView) -> None:
    from vsm_desktop.model import AddItemsCommand, MoveCommand, Note, Stage
    from vsm_desktop.ui.canvas.layout import COLUMN_STEP

    document = map_view.document
    map_id = map_view.map_id
    assert map_id is not None
    value_map = document.workspace.map(map_id)
    # Scatter: Release far down-left, with a note attached above it.
    stray = Stage("Stray", x=-500, y=900, id="s-stray")
    note = Note("check", x=-500, y=780, stage="s-stray", id="n-1")
    document.push(AddItemsCommand(map_id, stages=[stray], notes=[note]))
    document.push(MoveCommand(map_id, {"s-release": ((720, 0), (-300, 600))}))
    count = document.undo_stack.count()
    assert map_view.auto_layout()
    assert document.undo_stack.count() == count + 1
    xs = [value_map.stages[s].x for s in ("s-idea", "s-build", "s-test", "s-release")]
    left = min(s.x for s in value_map.stages.values())
    assert xs == [left, left + COLUMN_STEP, left + 2 * COLUMN_STEP, left + 3 * COLUMN_STEP]
    stray_now = value_map.stages["s-stray"]
    assert (note.x - stray_now.x, note.y - stray_now.y) == (0, -120)  # kept its offset
