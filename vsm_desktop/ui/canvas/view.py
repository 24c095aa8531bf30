"""The canvas widget: zoom, pan, touch, keys, context menu and in-place editors over a
:class:`MapScene`. This is the public face the main window uses."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QKeyEvent,
    QKeySequence,
    QNativeGestureEvent,
    QPainter,
    QTouchEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsView, QWidget

from vsm_desktop.model import Change, EditCommand, format_duration, parse_duration

from ..document import Document
from . import editing, style
from .editors import InlineEditor
from .menus import build_context_menu
from .palette import Palette
from .scene import MapScene
from .tools import SelectTool, Tool
from .touch import TouchController

__all__ = ["MapView"]

MIN_ZOOM = 0.03
MAX_ZOOM = 4.0
_FIELD_LABELS = {
    "name": "Rename stage",
    "team": "Change team",
    "touch_s": "Edit touch time",
    "wait_s": "Edit wait time",
    "pca": "Edit %C&A",
    "text": "Edit note",
}
_FIELD_ZONES = {"name": "name", "touch_s": "touch", "wait_s": "wait", "pca": "pca"}


class MapView(QGraphicsView):
    """Shows one map of a document and edits it.

    Signals: ``selection_changed()``, ``stage_activated(stage_id)`` (double-click outside the
    editable fields, or *Properties…*), ``zoom_changed(float)``.
    """

    selection_changed = Signal()
    stage_activated = Signal(str)
    zoom_changed = Signal(float)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.map_scene = MapScene(document, self)
        self.setScene(self.map_scene)
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.TextAntialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.editor = InlineEditor(self.viewport())
        self._edit_rect: QRectF | None = None
        self.touch = TouchController(self)
        self.map_scene.selectionChanged.connect(self.selection_changed)
        self.map_scene.stage_activated.connect(self.stage_activated)
        self.map_scene.edit_requested.connect(self.start_edit)
        document.changed.connect(self._on_model_change)
        if document.current_map_id is not None:
            self.show_map(document.current_map_id)

    # -- showing ---------------------------------------------------------------------------------
    def show_map(self, map_id: str | None) -> None:
        if map_id == self.map_scene.map_id and map_id is not None:
            return
        if self.editor.is_open and not self.editor.submit():
            self.editor.cancel()
        self.map_scene.set_map(map_id)
        self.zoom_to_fit()

    @property
    def map_id(self) -> str | None:
        return self.map_scene.map_id

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom by ``factor`` keeping ``anchor`` (viewport px; default the centre) in place."""
        target = max(MIN_ZOOM, min(MAX_ZOOM, self.zoom * factor))
        factor = target / self.zoom
        if abs(factor - 1.0) < 1e-6:
            return
        point = anchor if anchor is not None else QPointF(self.viewport().rect().center())
        before = self.mapToScene(point.toPoint())
        old_anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.scale(factor, factor)
        after = self.mapToScene(point.toPoint())
        self.translate(after.x() - before.x(), after.y() - before.y())
        self.setTransformationAnchor(old_anchor)
        self._place_editor()
        self.zoom_changed.emit(self.zoom)

    def zoom_in(self) -> None:
        self.zoom_by(1.25)

    def zoom_out(self) -> None:
        self.zoom_by(0.8)

    def zoom_to_fit(self) -> None:
        rect = self.map_scene.visible_rect()
        if rect.isEmpty():
            self.resetTransform()
            return
        self.fitInView(rect.adjusted(-30, -30, 30, 30), Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom > 1.5:
            self.zoom_by(1.5 / self.zoom)
        self.zoom_changed.emit(self.zoom)

    def pan_by(self, delta: QPointF) -> None:
        """Scroll so the content follows a finger or the wheel by ``delta`` viewport px."""
        horizontal, vertical = self.horizontalScrollBar(), self.verticalScrollBar()
        horizontal.setValue(horizontal.value() - round(delta.x()))
        vertical.setValue(vertical.value() - round(delta.y()))

    def set_palette(self, palette: Palette) -> None:
        self.map_scene.set_palette(palette)
        self.editor.set_colors(palette.error)

    def set_snap(self, on: bool) -> None:
        self.map_scene.snap_enabled = on
        self.map_scene.update()

    def set_waste_coloring(self, on: bool) -> None:
        self.map_scene.set_waste_coloring(on)

    def set_tool(self, tool: Tool | type[Tool]) -> Tool:
        """Switch the pointer mode; accepts a tool or a tool class (e.g. ``ConnectTool``)."""
        if isinstance(tool, type):
            tool = tool(self.map_scene)
        self.map_scene.set_tool(tool)
        return tool

    # -- selection -------------------------------------------------------------------------------
    def selected_stage_ids(self) -> list[str]:
        return editing.selected_ids(self.map_scene)[0] if self.map_id else []

    def selected_handoff_ids(self) -> list[str]:
        return editing.selected_ids(self.map_scene)[1] if self.map_id else []

    def selected_note_ids(self) -> list[str]:
        return editing.selected_ids(self.map_scene)[2] if self.map_id else []

    def select_stage(self, stage_id: str) -> None:
        """Select one stage and bring it to the middle of the view (problems list, search)."""
        item = self.map_scene.item_for_stage.get(stage_id)
        if item is None:
            return
        self.map_scene.clearSelection()
        item.setSelected(True)
        self.centerOn(item.sceneBoundingRect().center())

    def select_all(self) -> None:
        for item in self.map_scene.items():
            if item.flags() & item.GraphicsItemFlag.ItemIsSelectable:
                item.setSelected(True)

    # -- edits -----------------------------------------------------------------------------------
    def add_stage_at(self, scene_pos: QPointF) -> str | None:
        if self.map_id is None:
            return None
        stage_id = editing.add_stage_at(self.map_scene, scene_pos)
        self.map_scene.clearSelection()
        self.map_scene.item_for_stage[stage_id].setSelected(True)
        self.start_edit("stage", stage_id, "name")
        return stage_id

    def delete_selection(self) -> bool:
        return editing.delete_selection(self.map_scene)

    def copy_selection(self) -> bool:
        return editing.copy_selection(self.map_scene) is not None

    def cut_selection(self) -> bool:
        return self.copy_selection() and self.delete_selection()

    def paste(self) -> list[str]:
        return editing.paste(self.map_scene)

    def duplicate_selection(self) -> list[str]:
        return editing.duplicate_selection(self.map_scene)

    def auto_layout(self) -> bool:
        return editing.apply_auto_layout(self.map_scene)

    def nudge(self, dx: float, dy: float) -> bool:
        return editing.nudge_selection(self.map_scene, dx, dy)

    def start_edit(self, what: str, obj_id: str, field: str) -> None:
        """Open the in-place editor on a field of a stage (name, touch_s, wait_s, pca)
        or of a note (text)."""
        scene = self.map_scene
        if scene.map_id is None:
            return
        map_id = scene.map_id
        value_map = scene.value_map
        rect: QRectF
        if what == "stage":
            item = scene.item_for_stage[obj_id]
            rect = item.mapRectToScene(item.zone_rects()[_FIELD_ZONES[field]])  # type: ignore[index]
            stage = value_map.stages[obj_id]
            current: Any = getattr(stage, field)
            text = _field_text(field, current, value_map)
        elif what == "note":
            note_item = scene.item_for_note[obj_id]
            rect = note_item.mapRectToScene(note_item.text_rect())
            text = value_map.notes[obj_id].text
        else:
            raise ValueError(f"cannot edit {what!r} in place")
        self.ensureVisible(rect, 40, 40)
        self._edit_rect = rect
        view_rect: QRect = self.mapFromScene(rect).boundingRect()

        def validate(raw: str) -> Any:
            return _parse_field(field, raw, value_map)

        def commit(value: Any) -> None:
            if value == getattr(
                value_map.stages[obj_id] if what == "stage" else value_map.notes[obj_id], field
            ):
                return
            self.document.push(
                EditCommand(
                    what,
                    map_id,
                    obj_id,
                    {field: value},  # type: ignore[arg-type]
                    label=_FIELD_LABELS.get(field, "Edit"),
                )
            )

        self.editor.open(view_rect, text, validate, commit, (what, obj_id, field))

    def _place_editor(self) -> None:
        # The editor follows its field through zoom and scroll instead of dropping the input.
        if self.editor.is_open and self._edit_rect is not None:
            self.editor.place(self.mapFromScene(self._edit_rect).boundingRect())

    def _on_model_change(self, change: Change) -> None:
        # An undo or a delete can take away the stage or note being edited; an editor left
        # open would float over nothing and fail on Enter, so it goes away with its object.
        target = self.editor.target
        if not self.editor.is_open or target is None or change.map_id != self.map_id:
            return
        if change.action == "removed" and (
            change.what == "map" or (change.what, change.obj_id) == target[:2]
        ):
            self.editor.cancel()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._place_editor()

    # -- events ----------------------------------------------------------------------------------
    def show_context_menu(self, viewport_pos: QPoint) -> None:
        menu = build_context_menu(self, self.mapToScene(viewport_pos))
        menu.popup(self.viewport().mapToGlobal(viewport_pos))

    def contextMenuEvent(self, event: Any) -> None:
        self.show_context_menu(event.pos())
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            self.zoom_by(1.15**steps, event.position())
            event.accept()
            return
        super().wheelEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (
            QEvent.Type.TouchBegin,
            QEvent.Type.TouchUpdate,
            QEvent.Type.TouchEnd,
            QEvent.Type.TouchCancel,
        ):
            assert isinstance(event, QTouchEvent)
            return self.touch.handle(event)
        if kind == QEvent.Type.NativeGesture:
            assert isinstance(event, QNativeGestureEvent)
            if event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture:
                self.zoom_by(1.0 + event.value(), event.position())
                return True
        return super().viewportEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.map_scene.tool.key_press(event):
            return
        if self._shortcut(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def _shortcut(self, event: QKeyEvent) -> bool:
        key = event.key()
        keys = QKeySequence.StandardKey
        if event.matches(keys.Copy):
            return self.copy_selection()
        if event.matches(keys.Paste):
            self.paste()
            return True
        if event.matches(keys.Cut):
            return self.cut_selection()
        if event.matches(keys.SelectAll):
            self.select_all()
            return True
        if key == Qt.Key.Key_D and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.duplicate_selection()
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            return self.delete_selection()
        if key == Qt.Key.Key_Escape:
            self.map_scene.clearSelection()
            self.set_tool(SelectTool)
            return True
        if key == Qt.Key.Key_F2:
            stages = self.selected_stage_ids()
            if stages:
                self.start_edit("stage", stages[0], "name")
            return bool(stages)
        step = style.GRID if self.map_scene.snap_enabled else 10.0
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            step = 1.0
        arrows = {
            Qt.Key.Key_Left: (-step, 0.0),
            Qt.Key.Key_Right: (step, 0.0),
            Qt.Key.Key_Up: (0.0, -step),
            Qt.Key.Key_Down: (0.0, step),
        }
        if key in arrows:
            return self.nudge(*arrows[key])
        return False


def _field_text(field: str, value: Any, value_map: Any) -> str:
    if field in ("touch_s", "wait_s"):
        return "" if value is None else format_duration(value, value_map.calendar)
    if field == "pca":
        return f"{value:g}"
    return str(value)


def _parse_field(field: str, raw: str, value_map: Any) -> Any:
    """The model value for typed text; raises ValueError saying why it is refused."""
    text = raw.strip()
    if field in ("touch_s", "wait_s"):
        if not text:
            return None  # not known yet, as in the properties panel (and shown empty here)
        return parse_duration(text, value_map.calendar, value_map.display_unit)
    if field == "pca":
        try:
            value = float(text.rstrip("%").strip().replace(",", "."))
        except ValueError:
            raise ValueError(f"%C&A must be a number from 0 to 100, not {raw!r}") from None
        if not 0 <= value <= 100:
            raise ValueError(f"%C&A must be between 0 and 100, not {value:g}")
        return value
    if field == "name" and not text:
        raise ValueError("a stage needs a name")
    return text
