"""Arrows between stages, drawn in the VSM notation of their kind.

push = striped band, pull = thin arrow with a circular pull symbol, FIFO = a lane marked
"FIFO", information = thin dashed line; rework goes back upstream as a curve below the boxes,
labelled with its rate.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from vsm_desktop.model import Handoff, HandoffKind

from . import style
from .map_item import MapItem
from .text import Label

if TYPE_CHECKING:
    from .scene import MapScene
    from .stage_item import StageItem

__all__ = ["HandoffItem", "rework_rate"]

_LABEL_FONT = style.font(9.5)
_TAG_FONT = style.font(8.5, bold=True)
_REWORK_FONT = style.font(10, bold=True)
_HIT_WIDTH = 22.0


def rework_rate(handoff: Handoff, source_pca: float) -> tuple[float, bool]:
    """The share of items that return along a rework handoff, and whether it was set
    explicitly (else it is 1 − %C&A of the source stage, per DESIGN.md)."""
    if handoff.rework_rate is not None:
        return handoff.rework_rate, True
    return max(0.0, 1.0 - source_pca / 100.0), False


def _arrow_head(tip: QPointF, direction: float, length: float, width: float) -> QPolygonF:
    back = QPointF(math.cos(direction), math.sin(direction))
    side = QPointF(-back.y(), back.x())
    base = tip - back * length
    return QPolygonF([tip, base + side * (width / 2), base - side * (width / 2)])


class HandoffItem(MapItem):
    """A thin view of one handoff; its route follows the two stage items (so it tracks a
    drag before the move is committed)."""

    Type = QGraphicsItem.UserType + 2

    def __init__(self, handoff_id: str) -> None:
        super().__init__()
        self.handoff_id = handoff_id
        self._path = QPainterPath()
        self._shape = QPainterPath()
        self._bounds = QRectF()
        self._head = QPolygonF()
        self._marker = QPointF()  # where the kind's symbol sits
        self._label_at = QPointF()
        self._label: Label | None = None
        self._label_key: str | None = None
        self._ends = ("", "")
        self._rework = False
        self._band: QPainterPath | None = None  # the push band, built on first paint
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(5)

    def type(self) -> int:
        return self.Type

    @property
    def ends(self) -> tuple[str, str]:
        """Source and target stage ids as of the last route (kept for removal)."""
        return self._ends

    @property
    def handoff(self) -> Handoff:
        return self.map_scene().value_map.handoffs[self.handoff_id]

    # -- geometry --------------------------------------------------------------------------------
    def update_geometry(self) -> None:
        """Recompute the route from the current positions of the two stage items."""
        scene = self.map_scene()
        handoff = self.handoff
        source = scene.item_for_stage[handoff.source]
        target = scene.item_for_stage[handoff.target]
        self.prepareGeometryChange()
        # What the overview paint needs, refreshed with the route on every change.
        self._ends = (handoff.source, handoff.target)
        self._rework = handoff.rework
        if handoff.rework:
            self._route_rework(source, target)
        else:
            self._route_forward(source, target)
        stroker = QPainterPathStroker()
        stroker.setWidth(_HIT_WIDTH)
        self._shape = stroker.createStroke(self._path)
        self._shape.addPolygon(self._head)
        self._bounds = self._shape.boundingRect().adjusted(-60, -24, 60, 24)
        self._label_key = None
        self._band = None
        self.update()

    def _route_forward(self, source: StageItem, target: StageItem) -> None:
        start, end = source.out_port(), target.in_port()
        path = QPainterPath(start)
        if end.x() - start.x() >= 24:
            if abs(end.y() - start.y()) < 0.5:
                path.lineTo(end)
            else:
                # Elbow close to the source, so the last leg runs under the target's inventory.
                bend = start.x() + 16
                radius = min(8.0, abs(end.y() - start.y()) / 2)
                sign = 1.0 if end.y() > start.y() else -1.0
                path.lineTo(bend - radius, start.y())
                path.quadTo(bend, start.y(), bend, start.y() + sign * radius)
                path.lineTo(bend, end.y() - sign * radius)
                path.quadTo(bend, end.y(), bend + radius, end.y())
                path.lineTo(end)
            self._marker = QPointF(max(start.x(), end.x() - style.GAP) + 20, end.y())
        else:
            # Target left of (or under) the source: an S-curve around.
            reach = max(60.0, abs(end.x() - start.x()) / 3)
            path.cubicTo(start + QPointF(reach, 0), end - QPointF(reach, 0), end)
            self._marker = path.pointAtPercent(0.5)
        self._path = path
        self._head = _arrow_head(end, 0.0, 12, 11)
        self._label_at = QPointF(self._marker.x() - 16, end.y() + 6)

    def _route_rework(self, source: StageItem, target: StageItem) -> None:
        start = source.pos() + QPointF(style.BOX_W * 0.35, source.height)
        end = target.pos() + QPointF(style.BOX_W * 0.65, target.height)
        low = max(start.y(), end.y()) + 30 + min(40.0, abs(end.x() - start.x()) * 0.04)
        path = QPainterPath(start)
        path.cubicTo(QPointF(start.x(), low), QPointF(end.x(), low), end)
        self._path = path
        self._head = _arrow_head(end, -math.pi / 2, 11, 10)
        self._marker = path.pointAtPercent(0.5)
        self._label_at = self._marker

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return self._shape

    # -- painting --------------------------------------------------------------------------------
    def _on_critical_path(self) -> bool:
        handoff = self.handoff
        return not handoff.rework and self.map_scene().is_critical_edge(
            handoff.source, handoff.target
        )

    def draw(self, painter: QPainter, option: QStyleOptionGraphicsItem, scene: MapScene) -> None:
        palette = scene.palette
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < 0.35:
            # Overview of a big map: a hairline per arrow, no model lookups, no antialiasing.
            name = (
                "rework"
                if self._rework
                else ("critical" if scene.is_critical_edge(*self._ends) else "arrow")
            )
            hairline = QPen(palette.color(name))
            hairline.setCosmetic(True)
            hairline.setWidthF(1.2)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(hairline)
            painter.drawPath(self._path)
            return
        handoff = self.handoff
        color = palette.color("critical") if self._on_critical_path() else palette.color("arrow")
        if handoff.rework:
            color = palette.color("rework")
        elif handoff.kind == HandoffKind.INFORMATION:
            color = palette.color("info_arrow")
        width = palette.line_width / 1.2
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.isSelected() and not scene.exporting:
            painter.setPen(style.pen(palette.color("selection"), 10))
            painter.setOpacity(0.25)
            painter.drawPath(self._path)
            painter.setOpacity(1.0)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if handoff.rework:
            self._paint_rework(painter, handoff, color, width)
            return
        kind = handoff.kind
        if kind == HandoffKind.PUSH:
            self._paint_push(painter, color, palette.color("background"), width)
        elif kind == HandoffKind.INFORMATION:
            pen = style.pen(color, 1.3 * width, Qt.PenStyle.DashLine, Qt.PenCapStyle.FlatCap)
            pen.setDashPattern([5, 3])
            painter.setPen(pen)
            painter.drawPath(self._path)
            self._paint_open_head(painter, color, width)
        else:
            painter.setPen(QPen(color, 1.6 * width))
            painter.drawPath(self._path)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawPolygon(self._head)
            if kind == HandoffKind.PULL:
                self._paint_pull_symbol(painter, color, palette.color("background"), width)
            else:
                self._paint_fifo(painter, color, palette.color("background"), width)
        if handoff.label:
            painter.setPen(palette.color("muted_text"))
            label = self._text(handoff.label, _LABEL_FONT)
            label.draw(painter, QRectF(self._label_at.x() - 40, self._label_at.y(), 80, 14))

    def _text(self, text: str, font: object) -> Label:
        if self._label is None or self._label_key != text:
            self._label = Label(text, font)  # type: ignore[arg-type]
            self._label_key = text
        return self._label

    def _paint_push(self, painter: QPainter, color: QColor, gap: QColor, width: float) -> None:
        # A hollow band crossed by bars: the VSM "push arrow".
        if self._band is None:
            self._band = self._trimmed_path(10)
        trimmed = self._band
        painter.setPen(
            style.pen(color, 8.5, cap=Qt.PenCapStyle.FlatCap, join=Qt.PenJoinStyle.MiterJoin)
        )
        painter.drawPath(trimmed)
        painter.setPen(
            style.pen(gap, 5.5, cap=Qt.PenCapStyle.FlatCap, join=Qt.PenJoinStyle.MiterJoin)
        )
        painter.drawPath(trimmed)
        bars = style.pen(color, 5.5, cap=Qt.PenCapStyle.FlatCap, join=Qt.PenJoinStyle.MiterJoin)
        bars.setDashPattern([0.45, 0.75])
        painter.setPen(bars)
        painter.drawPath(trimmed)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        tip = self._head.at(0)
        painter.drawPolygon(_arrow_head(tip, 0.0, 13, 17))

    def _trimmed_path(self, length: float) -> QPainterPath:
        # End the band where the arrow head starts, so the band does not poke through it.
        total = self._path.length()
        if total <= length:
            return QPainterPath(self._path)
        percent = self._path.percentAtLength(total - length)
        out = QPainterPath(self._path.pointAtPercent(0))
        steps = max(2, int(total / 6))
        for i in range(1, steps + 1):
            out.lineTo(self._path.pointAtPercent(percent * i / steps))
        return out

    def _paint_open_head(self, painter: QPainter, color: QColor, width: float) -> None:
        tip, left, right = self._head.at(0), self._head.at(1), self._head.at(2)
        painter.setPen(style.pen(color, 1.4 * width))
        painter.drawLine(QLineF(left, tip))
        painter.drawLine(QLineF(right, tip))

    def _paint_pull_symbol(
        self, painter: QPainter, color: QColor, gap: QColor, width: float
    ) -> None:
        center = self._marker
        painter.setPen(QPen(color, 1.6 * width))
        painter.setBrush(gap)
        painter.drawEllipse(center, 9, 9)
        arc = QRectF(center.x() - 5, center.y() - 5, 10, 10)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawArc(arc, 60 * 16, 270 * 16)
        end = QPointF(
            center.x() + 5 * math.cos(math.radians(330)),
            center.y() - 5 * math.sin(math.radians(330)),
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawPolygon(_arrow_head(end + QPointF(1.5, 2.5), math.radians(60), 4.5, 5))

    def _paint_fifo(self, painter: QPainter, color: QColor, gap: QColor, width: float) -> None:
        center = self._marker
        lane = QRectF(center.x() - 17, center.y() - 8, 34, 16)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(gap)
        painter.drawRect(lane)
        painter.setPen(QPen(color, 1.4 * width))
        painter.drawLine(lane.topLeft(), lane.topRight())
        painter.drawLine(lane.bottomLeft(), lane.bottomRight())
        label = self._fifo_label()
        painter.setPen(color)
        label.draw(painter, lane)

    _fifo: Label | None = None

    @classmethod
    def _fifo_label(cls) -> Label:
        if cls._fifo is None:
            cls._fifo = Label("FIFO", _TAG_FONT)
        return cls._fifo

    def _paint_rework(
        self, painter: QPainter, handoff: Handoff, color: QColor, width: float
    ) -> None:
        pen = style.pen(color, 1.7 * width, Qt.PenStyle.DashLine)
        pen.setDashPattern([4, 2.5])
        painter.setPen(pen)
        painter.drawPath(self._path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawPolygon(self._head)
        scene = self.map_scene()
        source = scene.value_map.stages.get(handoff.source)
        rate, explicit = rework_rate(handoff, source.pca if source else 100.0)
        name = handoff.label or "rework"
        text = f"↺ {name} {rate * 100:.0f}%" if explicit else f"↺ {name} ≈{rate * 100:.0f}%"
        label = self._text(text, _REWORK_FONT)
        pill = QRectF(0, 0, label.width + 14, label.height + 6)
        pill.moveCenter(self._label_at)
        painter.setPen(QPen(color, 1.0))
        painter.setBrush(QBrush(scene.palette.color("background")))
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.setPen(color)
        label.draw(painter, pill)
