"""Sticky notes and kaizen bursts (improvement ideas) on the canvas."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from vsm_desktop.model import Note, NoteKind

from . import style
from .map_item import MapItem
from .text import Label, wrap_lines

if TYPE_CHECKING:
    from .scene import MapScene

__all__ = ["NoteItem", "starburst"]

_NOTE_FONT = style.font(10.5)
_KAIZEN_FONT = style.font(10, bold=True)


def starburst(rect: QRectF, spikes: int = 14, depth: float = 0.16) -> QPolygonF:
    """The kaizen-burst outline: an ellipse with ``spikes`` points, slightly irregular so it
    reads as a hand-drawn burst."""
    cx, cy = rect.center().x(), rect.center().y()
    rx, ry = rect.width() / 2, rect.height() / 2
    points = []
    for i in range(spikes * 2):
        angle = math.pi * i / spikes - math.pi / 2
        outer = i % 2 == 0
        scale = 1.0 if outer else 1.0 - depth - 0.04 * ((i // 2) % 3)
        points.append(QPointF(cx + rx * scale * math.cos(angle), cy + ry * scale * math.sin(angle)))
    return QPolygonF(points)


class NoteItem(MapItem):
    """A thin view of one note: a yellow sticky or a red kaizen burst."""

    Type = QGraphicsItem.UserType + 3

    def __init__(self, note_id: str) -> None:
        super().__init__()
        self.note_id = note_id
        self._lines: Label | None = None
        self._kind: NoteKind | None = None
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        # Under boxes and arrows: a burst annotates a stage and must never hide its figures.
        self.setZValue(2)

    def type(self) -> int:
        return self.Type

    @property
    def note(self) -> Note:
        return self.map_scene().value_map.notes[self.note_id]

    def refresh(self) -> None:
        note = self.note
        if note.kind != self._kind:
            self.prepareGeometryChange()
            self._kind = note.kind
        self._lines = None
        if self.pos() != QPointF(note.x, note.y):
            self.setPos(note.x, note.y)
        self.update()

    def body_rect(self) -> QRectF:
        if self._kind == NoteKind.KAIZEN:
            return QRectF(0, 0, style.KAIZEN_W, style.KAIZEN_H)
        return QRectF(0, 0, style.NOTE_W, style.NOTE_H)

    def text_rect(self) -> QRectF:
        if self._kind == NoteKind.KAIZEN:
            return self.body_rect().adjusted(34, 26, -34, -26)
        return self.body_rect().adjusted(9, 8, -9, -8)

    def boundingRect(self) -> QRectF:
        return self.body_rect().adjusted(-6, -6, 8, 8)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        if self._kind == NoteKind.KAIZEN:
            path.addPolygon(starburst(self.body_rect()))
        else:
            path.addRect(self.body_rect())
        return path

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        # Only a note the user drags snaps; one carried along by its stage keeps its offset.
        if (
            change == QGraphicsItem.GraphicsItemChange.ItemPositionChange
            and self.scene()
            and self.isSelected()
        ):
            return self.map_scene().snapped(value)
        return super().itemChange(change, value)

    def _label(self) -> Label:
        if self._lines is None:
            font = _KAIZEN_FONT if self._kind == NoteKind.KAIZEN else _NOTE_FONT
            rect = self.text_rect()
            line_h = font.pixelSize() * 1.25
            max_lines = max(1, int(rect.height() // line_h))
            lines = wrap_lines(self.note.text or "…", font, rect.width(), max_lines)
            self._lines = Label("\n".join(lines), font)
        return self._lines

    def draw(self, painter: QPainter, option: QStyleOptionGraphicsItem, scene: MapScene) -> None:
        palette = scene.palette
        body = self.body_rect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        kaizen = self._kind == NoteKind.KAIZEN
        fill = palette.color("kaizen_fill" if kaizen else "note_fill")
        border = palette.color("kaizen_border" if kaizen else "note_border")
        if kaizen:
            shape = starburst(body)
            painter.setPen(QPen(border, 1.8 * palette.line_width / 1.2))
            painter.setBrush(fill)
            painter.drawPolygon(shape)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(0, 0, 0, 28))
            painter.drawRect(body.translated(2, 3))
            folded = QPainterPath()
            folded.moveTo(body.topLeft())
            folded.lineTo(body.topRight())
            folded.lineTo(body.right(), body.bottom() - 14)
            folded.lineTo(body.right() - 14, body.bottom())
            folded.lineTo(body.bottomLeft())
            folded.closeSubpath()
            painter.setBrush(fill)
            painter.setPen(QPen(border, 1.0))
            painter.drawPath(folded)
            corner = QPolygonF(
                [
                    QPointF(body.right(), body.bottom() - 14),
                    QPointF(body.right() - 14, body.bottom() - 14),
                    QPointF(body.right() - 14, body.bottom()),
                ]
            )
            painter.setBrush(border.lighter(130))
            painter.drawPolygon(corner)
        if lod >= 0.35:
            painter.setPen(palette.color("kaizen_text" if kaizen else "text"))
            self._label().draw(painter, self.text_rect())
        if self.isSelected() and not scene.exporting:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(style.pen(palette.color("selection"), 2.0, Qt.PenStyle.DashLine))
            painter.drawRect(body.adjusted(-4, -4, 4, 4))
