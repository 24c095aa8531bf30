"""One workshop from a blank map in the real main window, as the issue's "done means" reads:
add stages by double-click, connect them by dragging, type durations on the canvas and in the
properties panel, watch the metrics change, attach a kaizen burst, pinch, undo everything back
to the start, then redo, save, reopen and find the same map."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from helpers_window import Answers
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QInputDevice
from PySide6.QtTest import QTest

from vsm_desktop.store import workspace_to_records
from vsm_desktop.ui.canvas import style
from vsm_desktop.ui.canvas.menus import build_context_menu
from vsm_desktop.ui.main_window import MainWindow

LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier
H = 3600.0


def test_a_workshop_from_a_blank_map(
    qtbot, tmp_path: Path, make_window: Callable[..., MainWindow], answers: Answers
) -> None:
    window = make_window(demo=False)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    view = window.view
    document = window.document
    value_map = document.current_map
    assert value_map is not None and not value_map.stages
    original = workspace_to_records(document.workspace)
    view.resetTransform()
    view.centerOn(QPointF(300, 100))

    def at(x: float, y: float) -> QPoint:
        return view.mapFromScene(QPointF(x, y))

    # Two stages by double-click, each named on the canvas.
    for x, name in ((100, "Analyse"), (400, "Build")):
        QTest.mouseDClick(view.viewport(), LEFT, NO_MOD, at(x, 100))
        QTest.keyClicks(view.editor.line_edit, name)
        QTest.keyClick(view.editor.line_edit, Qt.Key.Key_Return)
    analyse, build = value_map.stage_named("Analyse"), value_map.stage_named("Build")
    assert analyse is not None and build is not None
    # Connect them: drag from Analyse's right edge onto Build.
    start = at(analyse.x + style.BOX_W - 2, analyse.y + style.ANCHOR_Y)
    end = at(build.x + 60, build.y + 60)
    QTest.mousePress(view.viewport(), LEFT, NO_MOD, start)
    for i in range(1, 7):
        QTest.mouseMove(view.viewport(), start + (end - start) * (i / 6))
    QTest.mouseRelease(view.viewport(), LEFT, NO_MOD, end)
    assert [(h.source, h.target) for h in value_map.handoffs.values()] == [(analyse.id, build.id)]

    # Build's touch time typed in place on the canvas ...
    view.start_edit("stage", build.id, "touch_s")
    view.editor.line_edit.selectAll()
    QTest.keyClicks(view.editor.line_edit, "2d")
    QTest.keyClick(view.editor.line_edit, Qt.Key.Key_Return)
    # ... and Analyse's wait in the properties panel.
    view.select_stage(analyse.id)
    wait = window.properties_panel.stage_form.wait.edit
    wait.setFocus()
    wait.selectAll()
    QTest.keyClicks(wait, "1w")
    QTest.keyClick(wait, Qt.Key.Key_Return)
    assert (build.touch_s, analyse.wait_s) == (16 * H, 40 * H)
    view.map_scene.clearSelection()
    assert window.metrics_panel.value_text("lead_time") == "1w 2d"  # 40 h + 16 h
    assert window.metrics_panel.value_text("flow_efficiency") == "29 %"  # 16 / 56

    # A kaizen burst on Build, which then follows Build when it is dragged.
    menu = build_context_menu(view, QPointF(build.x + 30, build.y + 70))
    next(a for a in menu.actions() if a.text() == "Add &kaizen burst").trigger()
    (burst,) = value_map.notes.values()
    offset = (burst.x - build.x, burst.y - build.y)
    grab = at(build.x + 30, build.y + 70)
    QTest.mousePress(view.viewport(), LEFT, NO_MOD, grab)
    for dy in (20, 40, 60, 80):
        QTest.mouseMove(view.viewport(), grab + QPoint(0, dy))
    QTest.mouseRelease(view.viewport(), LEFT, NO_MOD, grab + QPoint(0, 80))
    assert (burst.x - build.x, burst.y - build.y) == offset and build.y != 0

    # Pinch: the view zooms, the map does not change.
    device = QTest.createTouchDevice(QInputDevice.DeviceType.TouchScreen)
    zoom = view.zoom
    QTest.touchEvent(view.viewport(), device).press(0, QPoint(500, 500)).press(1, QPoint(600, 500))
    QTest.touchEvent(view.viewport(), device).move(0, QPoint(450, 500)).move(1, QPoint(650, 500))
    QTest.touchEvent(view.viewport(), device).release(0, QPoint(450, 500)).release(
        1, QPoint(650, 500)
    )
    assert view.zoom > zoom
    edited = workspace_to_records(document.workspace)

    while window.window_actions.undo.isEnabled():
        window.window_actions.undo.trigger()
    assert workspace_to_records(document.workspace) == original
    assert not view.map_scene.item_for_stage and not view.map_scene.item_for_note
    while window.window_actions.redo.isEnabled():
        window.window_actions.redo.trigger()
    assert workspace_to_records(document.workspace) == edited

    path = tmp_path / "workshop.vsm"
    answers.save_path = str(path)
    assert window.save()
    other = make_window(demo=False)
    assert other.open_path(path)
    assert workspace_to_records(other.document.workspace) == edited
    assert other.metrics_panel.value_text("lead_time") == "1w 2d"
    reopened = other.document.current_map
    assert reopened is not None
    assert set(other.view.map_scene.item_for_note) == set(reopened.notes)
