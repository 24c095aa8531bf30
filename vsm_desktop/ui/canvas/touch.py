"""Touch on the canvas, for a projector or a touch laptop in a workshop.

One finger: tap selects, double tap acts like a double-click (add a stage, edit a field), a drag
on a stage moves it (one undo step), a drag on empty space pans, a long press opens the context
menu. Two fingers: pinch to zoom about their centre and pan with it.
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, Qt, QTimer
from PySide6.QtGui import QTouchEvent
from PySide6.QtWidgets import QGraphicsSceneMouseEvent

from .note_item import NoteItem
from .stage_item import StageItem

if TYPE_CHECKING:
    from .view import MapView

__all__ = ["TouchController"]

MOVE_SLOP = 10.0  # px a finger may wander and still tap
LONG_PRESS_MS = 600
DOUBLE_TAP_S = 0.4


class TouchController:
    def __init__(self, view: MapView) -> None:
        self.view = view
        self.mode = "idle"  # idle | pending | pan | move | pinch
        self._start = QPointF()
        self._last = QPointF()
        self._pinch: tuple[QPointF, float] | None = None  # centroid, finger distance
        self._last_tap: tuple[float, QPointF] | None = None
        self._long_press = QTimer(view)
        self._long_press.setSingleShot(True)
        self._long_press.setInterval(LONG_PRESS_MS)
        self._long_press.timeout.connect(self._on_long_press)

    def handle(self, event: QTouchEvent) -> bool:
        points = [p for p in event.points() if p.state() != p.State.Released]
        kind = event.type()
        if kind == QEvent.Type.TouchCancel:
            self._reset()
            return True
        if kind == QEvent.Type.TouchBegin:
            self._begin(event.points()[0].position())
        if len(points) >= 2:
            self._pinch_to(points[0].position(), points[1].position())
        elif kind == QEvent.Type.TouchUpdate and len(points) == 1 and self.mode != "pinch":
            self._drag_to(points[0].position())
        if kind == QEvent.Type.TouchEnd:
            self._end(event.points()[0].position())
        event.accept()
        return True

    # -- one finger --------------------------------------------------------------------------
    def _begin(self, pos: QPointF) -> None:
        self.mode = "pending"
        self._start = self._last = pos
        self._pinch = None
        self._long_press.start()

    def _drag_to(self, pos: QPointF) -> None:
        view = self.view
        scene = view.map_scene
        if self.mode == "pending":
            if (pos - self._start).manhattanLength() < MOVE_SLOP:
                return
            self._long_press.stop()
            item = scene.model_item_at(view.mapToScene(self._start.toPoint()))
            if isinstance(item, StageItem | NoteItem):
                if not item.isSelected():
                    scene.clearSelection()
                    item.setSelected(True)
                scene.dragging = True
                self.mode = "move"
            else:
                self.mode = "pan"
        delta = pos - self._last
        self._last = pos
        if self.mode == "pan":
            view.pan_by(delta)
        elif self.mode == "move":
            scale = view.zoom
            for item in scene.selectedItems():
                if isinstance(item, StageItem | NoteItem):
                    item.moveBy(delta.x() / scale, delta.y() / scale)

    def _end(self, pos: QPointF) -> None:
        self._long_press.stop()
        view = self.view
        scene = view.map_scene
        if self.mode == "pending":
            scene_pos = view.mapToScene(pos.toPoint())
            now = time.monotonic()
            last = self._last_tap
            if last and now - last[0] < DOUBLE_TAP_S and (pos - last[1]).manhattanLength() < 30:
                self._last_tap = None
                self._double_tap(scene_pos)
            else:
                self._last_tap = (now, pos)
                item = scene.model_item_at(scene_pos)
                scene.clearSelection()
                if item is not None:
                    item.setSelected(True)
        elif self.mode == "move":
            scene.dragging = False
            scene.commit_moves(view.mapToScene(pos.toPoint()))
        self.mode = "idle"

    def _double_tap(self, scene_pos: QPointF) -> None:
        event = QGraphicsSceneMouseEvent(QEvent.Type.GraphicsSceneMouseDoubleClick)
        event.setScenePos(scene_pos)
        event.setButton(Qt.MouseButton.LeftButton)
        self.view.map_scene.tool.mouse_double_click(event)

    def _on_long_press(self) -> None:
        if self.mode == "pending":
            self.mode = "idle"
            self.view.show_context_menu(self._start.toPoint())

    # -- two fingers -------------------------------------------------------------------------
    def _pinch_to(self, a: QPointF, b: QPointF) -> None:
        self._long_press.stop()
        if self.mode == "move":
            self.view.map_scene.dragging = False
            self.view.map_scene.commit_moves()
        self.mode = "pinch"
        centre = (a + b) / 2
        distance = math.hypot(a.x() - b.x(), a.y() - b.y())
        if self._pinch is not None and self._pinch[1] > 1 and distance > 1:
            last_centre, last_distance = self._pinch
            self.view.pan_by(centre - last_centre)
            self.view.zoom_by(distance / last_distance, centre)
        self._pinch = (centre, distance)

    def _reset(self) -> None:
        self._long_press.stop()
        self.mode = "idle"
        self._pinch = None
