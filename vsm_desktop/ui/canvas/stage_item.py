"""The process box of a stage, with its inventory triangle (the wait) in front of it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QStyleOptionGraphicsItem,
)

from vsm_desktop.model import Stage, format_duration

from . import style
from .map_item import MapItem
from .text import Label, elide, wrap_lines

if TYPE_CHECKING:
    from .scene import MapScene

__all__ = ["StageItem", "Zone"]

Zone = Literal["name", "touch", "pca", "wait", "handle", "fields", "box"]

_LOW_DETAIL = 0.35
_SHADOW = QColor(
    16, 24, 40, 28
)  # below this zoom a box is a coloured block: text would be unreadable
_NAME_FONT = style.font(12, bold=True)
_SMALL_FONT = style.font(10)
_LABEL_FONT = style.font(9)
_INVENTORY_FONT = style.font(11, bold=True)
_VALUE_FONT = style.font(14, bold=True)
_WAIT_FONT = style.font(11, bold=True)
_SHARE_FONT = style.font(9, bold=True)
_FIELD_KEY_FONT = style.font(9.5)
_FIELD_FONT = style.font(9.5)


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    t = max(0.0, min(1.0, t))
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


class StageItem(MapItem):
    """A thin view of one stage: it keeps the stage id and reads the model to draw.

    Text layouts are rebuilt lazily after :meth:`refresh` (called by the scene on a change of
    this stage), so painting never lays out text.
    """

    Type = QGraphicsItem.UserType + 1

    def __init__(self, stage_id: str) -> None:
        super().__init__()
        self.stage_id = stage_id
        self._labels: dict[str, Label] | None = None
        self._field_labels: list[tuple[Label, Label]] = []
        self._height = style.box_height(0)
        self._bounds = self._compute_bounds()
        self._hover = False
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
            | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
        )
        self.setAcceptHoverEvents(True)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(10)

    def type(self) -> int:
        return self.Type

    # -- model -----------------------------------------------------------------------------------
    @property
    def stage(self) -> Stage:
        return self.map_scene().value_map.stages[self.stage_id]

    def refresh(self) -> None:
        """The stage changed: drop the text layouts, follow its position and height."""
        stage = self.stage
        height = style.box_height(len(stage.fields))
        if height != self._height:
            self.prepareGeometryChange()
            self._height = height
            self._bounds = self._compute_bounds()
        self._labels = None
        if self.pos() != QPointF(stage.x, stage.y):
            self.setPos(stage.x, stage.y)
        self.update()

    # -- geometry --------------------------------------------------------------------------------
    @property
    def height(self) -> float:
        return self._height

    def box_rect(self) -> QRectF:
        return QRectF(0, 0, style.BOX_W, self._height)

    def scene_box_rect(self) -> QRectF:
        return self.box_rect().translated(self.pos())

    def in_port(self) -> QPointF:
        return self.pos() + QPointF(0, style.ANCHOR_Y)

    def out_port(self) -> QPointF:
        return self.pos() + QPointF(style.BOX_W, style.ANCHOR_Y)

    def zone_rects(self) -> dict[Zone, QRectF]:
        """Hit zones in item coordinates, each at least a finger (40 px) tall or wide."""
        w, top = style.BOX_W, style.HEADER_H + style.TEAM_H
        half = w / 2
        return {
            "handle": QRectF(w - style.HANDLE_ZONE, 0, 2 * style.HANDLE_ZONE, self._height),
            "wait": QRectF(style.TRIANGLE_CX - 26, style.ANCHOR_Y - 36, 52, 62),
            "name": QRectF(0, 0, w, top),
            "touch": QRectF(0, top, half, style.CELL_H),
            "pca": QRectF(half, top, half, style.CELL_H),
            "fields": QRectF(0, top + style.CELL_H, w, self._height - top - style.CELL_H),
        }

    def zone_at(self, pos: QPointF) -> Zone | None:
        """What part of the stage is at ``pos`` (item coordinates); the handle wins at the
        edge so a drag from the border always connects."""
        for zone, rect in self.zone_rects().items():
            if rect.contains(pos):
                return zone
        return "box" if self.box_rect().contains(pos) else None

    def _compute_bounds(self) -> QRectF:
        # Inventory strip in front, badge above, handle and selection outline around.
        return QRectF(-style.GAP + 8, -12, style.BOX_W + style.GAP + 16, self._height + 20)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        # Winding fill: the zones overlap the box, and odd-even filling would punch holes.
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.WindingFill)
        zones = self.zone_rects()
        for rect in (self.box_rect(), zones["wait"], zones["handle"]):
            path.addRect(rect)
        return path

    # -- interaction -----------------------------------------------------------------------------
    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        scene = self.scene()
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and scene is not None:
            return self.map_scene().snapped(value)
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged and scene is not None:
            self.map_scene().stage_item_moved(self)
        return super().itemChange(change, value)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hover = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hover = False
        self.update()
        super().hoverLeaveEvent(event)

    # -- painting --------------------------------------------------------------------------------
    def _prepare(self) -> dict[str, Label]:
        stage = self.stage
        calendar = self.map_scene().value_map.calendar
        inner = style.BOX_W - 12
        name_lines = wrap_lines(stage.name or "(unnamed)", _NAME_FONT, inner, 2)
        people = f"{stage.people:g}"
        labels = {
            "name": Label("\n".join(name_lines), _NAME_FONT),
            "team": Label(elide(stage.team or "no team", _SMALL_FONT, inner - 34), _SMALL_FONT),
            "people": Label(people, _SMALL_FONT),
            "pt_label": Label("PT", _LABEL_FONT),
            "pca_label": Label("%C&A", _LABEL_FONT),
            "touch": Label(format_duration(stage.touch_s, calendar), _VALUE_FONT),
            "pca": Label(f"{stage.pca:g}%", _VALUE_FONT),
            "wait": Label(format_duration(stage.wait_s, calendar), _WAIT_FONT),
            "inventory": Label("I", _INVENTORY_FONT),
        }
        self._field_labels = []
        for key, value in list(stage.fields.items())[: style.MAX_FIELDS]:
            key_text = elide(f"{key}:", _FIELD_KEY_FONT, inner * 0.55)
            key_label = Label(key_text, _FIELD_KEY_FONT)
            value_label = Label(elide(value, _FIELD_FONT, inner - key_label.width - 4), _FIELD_FONT)
            self._field_labels.append((key_label, value_label))
        self._labels = labels
        return labels

    def draw(self, painter: QPainter, option: QStyleOptionGraphicsItem, scene: MapScene) -> None:
        palette = scene.palette
        critical = scene.is_critical(self.stage_id)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        box = self.box_rect()
        border = palette.color("critical") if critical else palette.color("box_border")
        border_width = (2.2 if critical else 1.2) * palette.line_width / 1.2
        if lod < _LOW_DETAIL:
            painter.fillRect(box, scene.team_color(self.stage.team))
            painter.setPen(QPen(border, border_width * 2))
            painter.drawRect(box)
            return
        labels = self._labels or self._prepare()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_inventory(painter, labels)

        # Box with a team-coloured header band.
        path = QPainterPath()
        path.addRoundedRect(box, 6, 6)
        painter.setPen(Qt.PenStyle.NoPen)
        if not scene.exporting:
            painter.fillPath(path.translated(0, 2), _SHADOW)
        painter.fillPath(path, palette.color("box_fill"))
        painter.save()
        painter.setClipPath(path)
        painter.fillRect(
            QRectF(0, 0, style.BOX_W, style.HEADER_H + style.TEAM_H),
            scene.team_color(self.stage.team),
        )
        cells = QRectF(0, style.HEADER_H + style.TEAM_H, style.BOX_W, style.CELL_H)
        painter.fillRect(cells, palette.color("cell_fill"))
        if critical:
            painter.fillRect(QRectF(0, 0, style.BOX_W, 4), border)
        painter.restore()

        text = palette.color("text")
        muted = palette.color("muted_text")
        grid_pen = QPen(palette.color("box_border"), 0.6 * palette.line_width)
        painter.setPen(grid_pen)
        top = style.HEADER_H + style.TEAM_H
        painter.drawLine(QPointF(0, top), QPointF(style.BOX_W, top))
        painter.drawLine(QPointF(0, top + style.CELL_H), QPointF(style.BOX_W, top + style.CELL_H))
        painter.drawLine(
            QPointF(style.BOX_W / 2, top), QPointF(style.BOX_W / 2, top + style.CELL_H)
        )

        painter.setPen(text)
        labels["name"].draw(painter, QRectF(6, 3, style.BOX_W - 12, style.HEADER_H - 2))
        painter.setPen(muted)
        labels["team"].draw(
            painter,
            QRectF(7, style.HEADER_H, style.BOX_W, style.TEAM_H),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        )
        # Right-aligned short of the edge, clear of the connector handle shown on hover.
        people_rect = QRectF(style.BOX_W - 40, style.HEADER_H, 28, style.TEAM_H)
        labels["people"].draw(
            painter, people_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self._paint_person(
            painter,
            QPointF(
                people_rect.right() - labels["people"].width - 8, style.HEADER_H + style.TEAM_H / 2
            ),
            muted,
        )

        half = style.BOX_W / 2
        painter.setPen(muted)
        labels["pt_label"].draw(
            painter,
            QRectF(5, top + 2, half, 12),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
        )
        labels["pca_label"].draw(
            painter,
            QRectF(half + 5, top + 2, half, 12),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
        )
        value_rect = QRectF(0, top + 12, half, style.CELL_H - 12)
        over_takt = scene.is_over_takt(self.stage_id)
        if over_takt:
            # The line cannot keep pace here: the cycle time itself is the warning.
            painter.setPen(palette.color("error"))
            painter.setFont(_SHARE_FONT)
            painter.drawText(
                QRectF(0, top + 2, half - 5, 12),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                "> takt",
            )
        painter.setPen(palette.color("error") if over_takt else text)
        labels["touch"].draw(painter, value_rect)
        painter.setPen(text)
        labels["pca"].draw(painter, value_rect.translated(half, 0))

        y = top + style.CELL_H + 3
        for key_label, value_label in self._field_labels:
            painter.setPen(muted)
            row = QRectF(6, y, style.BOX_W - 12, style.FIELD_H)
            key_label.draw(painter, row, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            painter.setPen(text)
            value_label.draw(
                painter,
                row.adjusted(key_label.width + 4, 0, 0, 0),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            )
            y += style.FIELD_H

        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(border, border_width))
        painter.drawPath(path)
        if self.isSelected() and not scene.exporting:
            painter.setPen(QPen(palette.color("selection"), 2.0))
            painter.drawRoundedRect(box.adjusted(-4, -4, 4, 4), 9, 9)
        if scene.has_problem(self.stage_id):
            self._paint_badge(painter, palette.color("error"))
        if self._hover and not scene.exporting:
            self._paint_handle(painter, palette.color("selection"))

    def _paint_inventory(self, painter: QPainter, labels: dict[str, Label]) -> None:
        scene = self.map_scene()
        palette = scene.palette
        cx = style.TRIANGLE_CX
        bottom = style.ANCHOR_Y - 5
        triangle = QPolygonF(
            [
                QPointF(cx, bottom - style.TRIANGLE_H),
                QPointF(cx + style.TRIANGLE_W / 2, bottom),
                QPointF(cx - style.TRIANGLE_W / 2, bottom),
            ]
        )
        fill = palette.color("inventory_fill")
        share = scene.waste_share(self.stage_id)
        if share is not None:
            fill = _mix(fill, palette.color("waste"), 0.25 + 0.75 * share[1])
        painter.setBrush(QBrush(fill))
        painter.setPen(QPen(palette.color("inventory_border"), 1.2 * palette.line_width / 1.2))
        painter.drawPolygon(triangle)
        painter.setPen(palette.color("inventory_border"))
        labels["inventory"].draw(painter, QRectF(cx - 6, bottom - 15, 12, 14))
        painter.setPen(palette.color("text"))
        wait_rect = QRectF(cx - 30, style.ANCHOR_Y + 4, 60, 16)
        labels["wait"].draw(painter, wait_rect)
        if share is not None:
            painter.setPen(palette.color("waste"))
            painter.setFont(_SHARE_FONT)
            painter.drawText(
                wait_rect.translated(0, 14), Qt.AlignmentFlag.AlignCenter, f"{share[0]:.0f}% of LT"
            )

    @staticmethod
    def _paint_person(painter: QPainter, at: QPointF, color: QColor) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawEllipse(QPointF(at.x(), at.y() - 3), 2.6, 2.6)
        body = QPainterPath()
        body.moveTo(at.x() - 4.5, at.y() + 5)
        body.quadTo(at.x(), at.y() - 2.5, at.x() + 4.5, at.y() + 5)
        body.closeSubpath()
        painter.drawPath(body)

    @staticmethod
    def _paint_badge(painter: QPainter, color: QColor) -> None:
        center = QPointF(style.BOX_W - 2, 0)
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(color)
        painter.drawEllipse(center, 8, 8)
        painter.setFont(style.font(11, bold=True))
        painter.drawText(
            QRectF(center.x() - 8, center.y() - 8, 16, 16), Qt.AlignmentFlag.AlignCenter, "!"
        )

    @staticmethod
    def _paint_handle(painter: QPainter, color: QColor) -> None:
        center = QPointF(style.BOX_W, style.ANCHOR_Y)
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(color)
        painter.drawEllipse(center, 8, 8)
        painter.setPen(QPen(QColor("white"), 2))
        painter.drawLine(center + QPointF(-4, 0), center + QPointF(4, 0))
        painter.drawLine(center + QPointF(0, -4), center + QPointF(0, 4))
