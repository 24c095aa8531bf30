"""Tool objects, long press, double tap, zoom to fit and the editor through a zoom."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QInputDevice
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from vsm_desktop.model import NoteKind
from vsm_desktop.ui.canvas import style
from vsm_desktop.ui.canvas.tools import AddNoteTool, AddStageTool, ConnectTool, SelectTool
from vsm_desktop.ui.canvas.view import MapView

LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier


def vp(view: MapView, x: float, y: float) -> QPoint:
    return view.mapFromScene(QPointF(x, y))


def test_connect_tool_draws_from_anywhere_on_a_stage(map_view: MapView) -> None:
    value_map = map_view.document.current_map
    assert value_map is not None
    map_view.set_tool(ConnectTool)
    viewport = map_view.viewport()
    # From the middle of Build (not its edge) to Release.
    QTest.mousePress(viewport, LEFT, NO_MOD, vp(map_view, 300, 70))
    QTest.mouseMove(viewport, vp(map_view, 500, 70))
    QTest.mouseMove(viewport, vp(map_view, 780, 70))
    QTest.mouseRelease(viewport, LEFT, NO_MOD, vp(map_view, 780, 70))
    pairs = {(h.source, h.target) for h in value_map.handoffs.values()}
    assert ("s-build", "s-release") in pairs
    assert value_map.stages["s-build"].x == 240  # connecting never moves the stage


def test_add_stage_tool_is_one_shot(map_view: MapView) -> None:
    document = map_view.document
    map_view.set_tool(AddStageTool)
    QTest.mouseClick(map_view.viewport(), LEFT, NO_MOD, vp(map_view, 600, 330))
    value_map = document.current_map
    assert value_map is not None
    assert [s.name for s in value_map.stages.values()][-1] == "New stage"
    assert isinstance(map_view.map_scene.tool, SelectTool)
    assert type(map_view.map_scene.tool) is SelectTool
    assert map_view.editor.target is not None and map_view.editor.target[2] == "name"


def test_add_note_tool_places_a_kaizen_burst(map_view: MapView) -> None:
    value_map = map_view.document.current_map
    assert value_map is not None
    map_view.set_tool(AddNoteTool(map_view.map_scene, NoteKind.KAIZEN))
    QTest.mouseClick(map_view.viewport(), LEFT, NO_MOD, vp(map_view, 300, -200))
    (note,) = value_map.notes.values()
    assert (note.kind, note.x, note.y) == (NoteKind.KAIZEN, 300, -200)
    assert map_view.editor.target == ("note", note.id, "text")
    map_view.editor.line_edit.selectAll()
    QTest.keyClicks(map_view.editor.line_edit, "Automate the tests")
    QTest.keyClick(map_view.editor.line_edit, Qt.Key.Key_Return)
    assert note.text == "Automate the tests"


def test_double_click_outside_fields_activates_the_stage(map_view: MapView) -> None:
    activated: list[str] = []
    map_view.stage_activated.connect(activated.append)
    # The data-box strip under the cells of Build is not an in-place field.
    below_cells = style.HEADER_H + style.TEAM_H + style.CELL_H + 1
    QTest.mouseDClick(map_view.viewport(), LEFT, NO_MOD, vp(map_view, 300, below_cells))
    assert activated == ["s-build"]
    assert not map_view.editor.is_open


def test_long_press_opens_the_context_menu(map_view: MapView, qtbot: Any) -> None:
    device = QTest.createTouchDevice(QInputDevice.DeviceType.TouchScreen)
    point = vp(map_view, 300, 70)
    QTest.touchEvent(map_view.viewport(), device).press(0, point)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=2000)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    texts = [a.text().replace("&", "") for a in menu.actions()]
    assert "Edit touch time" in texts
    assert map_view.selected_stage_ids() == ["s-build"]
    menu.close()
    QTest.touchEvent(map_view.viewport(), device).release(0, point)
    assert map_view.document.undo_stack.count() == 0


def test_double_tap_on_empty_space_adds_a_stage(map_view: MapView) -> None:
    device = QTest.createTouchDevice(QInputDevice.DeviceType.TouchScreen)
    point = vp(map_view, 600, 330)
    for _ in range(2):
        QTest.touchEvent(map_view.viewport(), device).press(0, point)
        QTest.touchEvent(map_view.viewport(), device).release(0, point)
    value_map = map_view.document.current_map
    assert value_map is not None
    assert [s.name for s in value_map.stages.values()][-1] == "New stage"
    assert map_view.editor.is_open


def test_zoom_to_fit_shows_every_stage(map_view: MapView) -> None:
    map_view.zoom_by(0.2)
    map_view.zoom_to_fit()
    visible = map_view.mapToScene(map_view.viewport().rect()).boundingRect()
    for item in map_view.map_scene.item_for_stage.values():
        assert visible.contains(item.sceneBoundingRect())


def test_editor_follows_its_field_through_a_zoom(map_view: MapView) -> None:
    map_view.start_edit("stage", "s-test", "touch_s")
    editor = map_view.editor
    QTest.keyClicks(editor.line_edit, "3h")
    map_view.zoom_by(1.5, QPointF(100, 100))
    assert editor.is_open and editor.line_edit.text() == "3h"  # nothing typed is lost
    field = map_view.map_scene.item_for_stage["s-test"].mapRectToScene(
        map_view.map_scene.item_for_stage["s-test"].zone_rects()["touch"]
    )
    centre = map_view.mapFromScene(field.center())
    assert (editor.line_edit.geometry().center() - centre).manhattanLength() <= 2
    QTest.keyClick(editor.line_edit, Qt.Key.Key_Return)
    stage = map_view.document.workspace.map(map_view.map_id).stages["s-test"]
    assert stage.touch_s == 3 * 3600


def test_pca_is_checked(map_view: MapView) -> None:
    map_view.start_edit("stage", "s-test", "pca")
    editor = map_view.editor
    editor.line_edit.selectAll()
    QTest.keyClicks(editor.line_edit, "120")
    QTest.keyClick(editor.line_edit, Qt.Key.Key_Return)
    assert "between 0 and 100" in editor.error_text()
    editor.line_edit.selectAll()
    QTest.keyClicks(editor.line_edit, "85%")
    QTest.keyClick(editor.line_edit, Qt.Key.Key_Return)
    assert map_view.document.workspace.map(map_view.map_id).stages["s-test"].pca == 85


def test_every_edit_target_is_finger_sized(map_view: MapView) -> None:
    item = map_view.map_scene.item_for_stage["s-build"]
    zones = item.zone_rects()
    for name in ("name", "touch", "pca", "wait"):
        rect = zones[name]
        assert min(rect.width(), rect.height()) >= style.MIN_TARGET, name  # type: ignore[index]
    assert zones["handle"].width() >= style.MIN_TARGET
