"""Mouse (and pen) modes of the canvas as tool objects, after orange-canvas-core's
``document/interactions.py``: the scene offers each event to its tool first; a tool returns
``True`` when it consumed the event, else the scene's default handling (select, rubber band,
move) runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeyEvent, QPainterPath
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsSceneMouseEvent

from vsm_desktop.model import NoteKind

from . import editing, style
from .note_item import NoteItem
from .stage_item import StageItem

if TYPE_CHECKING:
    from .scene import MapScene

__all__ = ["AddNoteTool", "AddStageTool", "ConnectTool", "ConnectionDrag", "SelectTool", "Tool"]

#: Stage zones whose double-click opens an in-place editor, with the field it edits.
EDITABLE_ZONES = {
    "name": "name",
    "touch": "touch_s",
    "wait": "wait_s",
    "pca": "pca",
}


class Tool:
    """Base tool: consumes nothing."""

    name = "tool"

    def __init__(self, scene: MapScene) -> None:
        self.scene = scene

    def activate(self) -> None:
        """Called when the tool becomes the scene's tool."""

    def cancel(self) -> None:
        """Drop any gesture in progress (Escape, another tool, another map)."""

    def mouse_press(self, event: QGraphicsSceneMouseEvent) -> bool:
        return False

    def mouse_move(self, event: QGraphicsSceneMouseEvent) -> bool:
        return False

    def mouse_release(self, event: QGraphicsSceneMouseEvent) -> bool:
        return False

    def mouse_double_click(self, event: QGraphicsSceneMouseEvent) -> bool:
        return False

    def key_press(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
        return False


class ConnectionDrag:
    """A rubber arrow from a stage's out-port to the pointer. Released on another stage it
    connects them; released on empty space it makes a new connected stage (one undo step)."""

    def __init__(self, scene: MapScene, source: StageItem) -> None:
        self.scene = scene
        self.source = source
        self.target: StageItem | None = None
        self.line = QGraphicsPathItem()
        pen = style.pen(scene.palette.color("selection"), 2.0, Qt.PenStyle.DashLine)
        self.line.setPen(pen)
        self.line.setZValue(100)
        scene.addItem(self.line)

    def move(self, pos: QPointF) -> None:
        start = self.source.out_port()
        path = QPainterPath(start)
        path.cubicTo(QPointF(start.x() + 60, start.y()), QPointF(pos.x() - 60, pos.y()), pos)
        self.line.setPath(path)
        target = self.scene.stage_item_at(pos, exclude=self.source.stage_id)
        if target is not self.target:
            if self.target is not None:
                self.target.setSelected(False)
            self.target = target
            if target is not None:
                target.setSelected(True)  # shows which stage the arrow will land on

    def finish(self, pos: QPointF) -> str | None:
        """Commit; returns the id of the handoff's target stage (new or existing)."""
        self.move(pos)
        target = self.target
        self.discard()
        source_id = self.source.stage_id
        if target is not None:
            editing.connect_stages(self.scene, source_id, target.stage_id)
            self.scene.clearSelection()
            return target.stage_id
        if (
            self.source.scene_box_rect()
            .adjusted(-style.HANDLE_ZONE, 0, style.HANDLE_ZONE, 0)
            .contains(pos)
        ):
            return None  # released where it started: a click on the handle, not a drag
        stage_id = editing.add_connected_stage(self.scene, source_id, pos)
        self.scene.clearSelection()
        self.scene.edit_requested.emit("stage", stage_id, "name")
        return stage_id

    def discard(self) -> None:
        if self.line.scene() is not None:
            self.scene.removeItem(self.line)


class SelectTool(Tool):
    """The default: select, rubber band, move (one undo step per drag); drag from a stage's
    right edge to connect; double-click to add a stage or edit a field in place."""

    name = "select"

    def __init__(self, scene: MapScene) -> None:
        super().__init__(scene)
        self.connection: ConnectionDrag | None = None

    def cancel(self) -> None:
        if self.connection is not None:
            self.connection.discard()
            self.connection = None
        self.scene.dragging = False

    def mouse_press(self, event: QGraphicsSceneMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        item = self.scene.model_item_at(event.scenePos())
        if (
            isinstance(item, StageItem)
            and item.zone_at(item.mapFromScene(event.scenePos())) == "handle"
        ):
            self.connection = ConnectionDrag(self.scene, item)
            self.connection.move(event.scenePos())
            return True
        self.scene.dragging = item is not None
        return False

    def mouse_move(self, event: QGraphicsSceneMouseEvent) -> bool:
        if self.connection is None:
            return False
        self.connection.move(event.scenePos())
        return True

    def mouse_release(self, event: QGraphicsSceneMouseEvent) -> bool:
        if self.connection is None:
            return False
        connection, self.connection = self.connection, None
        connection.finish(event.scenePos())
        return True

    def mouse_double_click(self, event: QGraphicsSceneMouseEvent) -> bool:
        # With no map on the canvas (every map deleted) there is nothing to add a stage to.
        if event.button() != Qt.MouseButton.LeftButton or self.scene.map_id is None:
            return False
        scene = self.scene
        item = scene.model_item_at(event.scenePos())
        if item is None:
            stage_id = editing.add_stage_at(scene, event.scenePos())
            scene.clearSelection()
            scene.item_for_stage[stage_id].setSelected(True)
            scene.edit_requested.emit("stage", stage_id, "name")
            return True
        if isinstance(item, StageItem):
            zone = item.zone_at(item.mapFromScene(event.scenePos()))
            field = EDITABLE_ZONES.get(zone or "")
            if field is not None:
                scene.edit_requested.emit("stage", item.stage_id, field)
            else:
                scene.stage_activated.emit(item.stage_id)
            return True
        if isinstance(item, NoteItem):
            scene.edit_requested.emit("note", item.note_id, "text")
            return True
        return False


class ConnectTool(SelectTool):
    """Connect mode (for touch and pens): a drag from anywhere on a stage draws a handoff."""

    name = "connect"

    def mouse_press(self, event: QGraphicsSceneMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        item = self.scene.stage_item_at(event.scenePos())
        if item is None:
            return False
        self.connection = ConnectionDrag(self.scene, item)
        self.connection.move(event.scenePos())
        return True


class AddStageTool(SelectTool):
    """A click on empty space adds a stage there and starts naming it."""

    name = "add_stage"

    def __init__(self, scene: MapScene, *, sticky: bool = False) -> None:
        super().__init__(scene)
        self.sticky = sticky

    def mouse_press(self, event: QGraphicsSceneMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton or self.scene.map_id is None:
            return False
        if self.scene.model_item_at(event.scenePos()) is not None:
            return super().mouse_press(event)
        stage_id = editing.add_stage_at(self.scene, event.scenePos())
        self.scene.clearSelection()
        self.scene.item_for_stage[stage_id].setSelected(True)
        if not self.sticky:
            self.scene.set_tool(SelectTool(self.scene))
        self.scene.edit_requested.emit("stage", stage_id, "name")
        return True


class AddNoteTool(SelectTool):
    """A click adds a note (or a kaizen burst) there, or attached to the stage clicked."""

    name = "add_note"

    def __init__(self, scene: MapScene, kind: NoteKind = NoteKind.NOTE) -> None:
        super().__init__(scene)
        self.kind = kind

    def mouse_press(self, event: QGraphicsSceneMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton or self.scene.map_id is None:
            return False
        # A click on a stage attaches the note to it; elsewhere it lands where clicked.
        stage = self.scene.stage_item_at(event.scenePos())
        if stage is not None:
            note_id = editing.add_note_to_stage(self.scene, stage.stage_id, self.kind)
        else:
            note_id = editing.add_note_at(self.scene, event.scenePos(), self.kind)
        self.scene.set_tool(SelectTool(self.scene))
        self.scene.edit_requested.emit("note", note_id, "text")
        return True
