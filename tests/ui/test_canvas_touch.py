"""Panning with fingers on the canvas: one finger on empty space, two fingers together."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QInputDevice
from PySide6.QtTest import QTest

from vsm_desktop.ui.canvas.view import MapView


def test_one_finger_on_empty_space_pans_and_changes_nothing(map_view: MapView) -> None:
    device = QTest.createTouchDevice(QInputDevice.DeviceType.TouchScreen)
    viewport = map_view.viewport()
    start = map_view.mapFromScene(QPointF(400, 400))  # below the stages: empty canvas
    under = map_view.mapToScene(QPoint(600, 350))
    QTest.touchEvent(viewport, device).press(0, start)
    for dx in (20, 50, 80):
        QTest.touchEvent(viewport, device).move(0, start + QPoint(dx, -dx // 2))
    QTest.touchEvent(viewport, device).release(0, start + QPoint(80, -40))
    after = map_view.mapToScene(QPoint(600, 350))
    # The content followed the finger: what was under a point is now 80 px left, 40 px down.
    assert abs((under.x() - after.x()) - 80) <= 2 and abs((under.y() - after.y()) + 40) <= 2
    assert map_view.document.undo_stack.count() == 0
    assert map_view.selected_stage_ids() == []


def test_two_fingers_moving_together_pan_without_zooming(map_view: MapView) -> None:
    device = QTest.createTouchDevice(QInputDevice.DeviceType.TouchScreen)
    viewport = map_view.viewport()
    zoom = map_view.zoom
    a, b = QPoint(500, 300), QPoint(700, 300)
    under = map_view.mapToScene(QPoint(600, 300))
    QTest.touchEvent(viewport, device).press(0, a).press(1, b)
    for dy in (20, 40, 60):
        shift = QPoint(-dy, dy)
        QTest.touchEvent(viewport, device).move(0, a + shift).move(1, b + shift)
    QTest.touchEvent(viewport, device).release(0, a + QPoint(-60, 60)).release(
        1, b + QPoint(-60, 60)
    )
    assert map_view.zoom == zoom
    after = map_view.mapToScene(QPoint(540, 360))  # where the fingers' centre went
    assert abs(after.x() - under.x()) <= 2 and abs(after.y() - under.y()) <= 2
    assert map_view.document.undo_stack.count() == 0
