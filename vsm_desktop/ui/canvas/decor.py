"""Items drawn from the map as a whole rather than from one model object: the supplier and
customer ends, team swimlanes and the VSM timeline ladder under the map.

The scene recomputes their inputs (positions, critical path) after changes; they hold only that
derived layout, never model data of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QStyleOptionGraphicsItem

from vsm_desktop.model import format_duration

from . import style
from .map_item import MapItem
from .text import Label, wrap_lines

if TYPE_CHECKING:
    from .scene import MapScene

__all__ = ["EndItem", "LadderStep", "SwimlaneItem", "TimelineItem"]

_END_FONT = style.font(11, bold=True)
_LANE_FONT = style.font(11, bold=True)
_STEP_FONT = style.font(10.5, bold=True)
_CAPTION_FONT = style.font(9.5)
_SUMMARY_LABEL_FONT = style.font(10.5)
_SUMMARY_VALUE_FONT = style.font(12.5, bold=True)
_TITLE_FONT = style.font(10, bold=True)


class EndItem(MapItem):
    """The supplier (left) or customer (right) factory icon, with arrows to the map's first
    stages or from its last ones."""

    def __init__(self, role: str) -> None:
        super().__init__()
        self.role = role  # "supplier" | "customer"
        self._links: list[QPointF] = []
        self._label: Label | None = None
        self._text = ""
        self.setZValue(4)

    def set_layout(self, pos: QPointF, links: list[QPointF], text: str) -> None:
        self.prepareGeometryChange()
        self.setPos(pos)
        self._links = [self.mapFromScene(p) for p in links]
        if text != self._text or self._label is None:
            self._text = text
            lines = wrap_lines(text, _END_FONT, style.END_W + 30, 2)
            self._label = Label("\n".join(lines), _END_FONT)
        self.update()

    def icon_rect(self) -> QRectF:
        return QRectF(0, 0, style.END_W, style.END_H)

    def boundingRect(self) -> QRectF:
        rect = self.icon_rect().adjusted(-20, -4, 20, 40)
        for point in self._links:
            rect = rect.united(QRectF(point, point).adjusted(-12, -12, 12, 12))
        return rect

    def draw(self, painter: QPainter, option: QStyleOptionGraphicsItem, scene: MapScene) -> None:
        palette = scene.palette
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.icon_rect()
        # Factory with a saw-tooth roof and a chimney: the VSM supplier/customer icon.
        body = QPainterPath()
        left, right, bottom = rect.left(), rect.right(), rect.bottom()
        roof = rect.top() + 22
        body.moveTo(left, bottom)
        body.lineTo(left, roof - 6)
        teeth = 3
        tooth = (right - left - 24) / teeth
        x = left
        for _ in range(teeth):
            body.lineTo(x + tooth, roof - 6 - 12)
            body.lineTo(x + tooth, roof - 6)
            x += tooth
        body.lineTo(right - 24, rect.top())
        body.lineTo(right - 10, rect.top())
        body.lineTo(right - 10, roof - 6)
        body.lineTo(right, roof - 6)
        body.lineTo(right, bottom)
        body.closeSubpath()
        line = QPen(palette.color("box_border"), 1.4 * palette.line_width / 1.2)
        painter.setPen(line)
        painter.setBrush(palette.color("box_fill"))
        painter.drawPath(body)
        painter.setBrush(palette.color("cell_fill"))
        for i in range(3):
            painter.drawRect(QRectF(left + 10 + i * 22, bottom - 22, 14, 12))
        painter.setPen(palette.color("text"))
        if self._label is not None:
            self._label.draw(
                painter,
                QRectF(rect.left() - 15, bottom + 4, rect.width() + 30, 34),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            )
        arrow = palette.color("arrow")
        painter.setPen(QPen(arrow, 1.6 * palette.line_width / 1.2))
        for point in self._links:
            path = QPainterPath()
            if self.role == "supplier":
                start, end = QPointF(right, min(max(point.y(), roof), bottom - 4)), point
            else:
                start, end = point, QPointF(left, min(max(point.y(), roof), bottom - 4))
            path.moveTo(start)
            mid = (start.x() + end.x()) / 2
            path.cubicTo(QPointF(mid, start.y()), QPointF(mid, end.y()), end)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            painter.setBrush(arrow)
            painter.drawPolygon(QPolygonF([end, end + QPointF(-10, -5), end + QPointF(-10, 5)]))


class SwimlaneItem(MapItem):
    """Team bands behind the stages, one per team, labelled at the left."""

    def __init__(self) -> None:
        super().__init__()
        self._lanes: list[tuple[QRectF, Label]] = []
        self._bounds = QRectF()
        self.setZValue(-10)

    def set_lanes(self, lanes: list[tuple[str, QRectF]]) -> None:
        self.prepareGeometryChange()
        self._lanes = [(rect, Label(team or "no team", _LANE_FONT)) for team, rect in lanes]
        self._bounds = QRectF()
        for rect, _ in self._lanes:
            self._bounds = self._bounds.united(rect)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def draw(self, painter: QPainter, option: QStyleOptionGraphicsItem, scene: MapScene) -> None:
        palette = scene.palette
        for index, (rect, label) in enumerate(self._lanes):
            painter.fillRect(rect, palette.color("lane_a" if index % 2 == 0 else "lane_b"))
            painter.setPen(QPen(palette.color("grid"), 1))
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
            strip = QRectF(rect.left(), rect.top(), 28, rect.height())
            painter.fillRect(strip, self.map_scene().team_color(label.text))
            painter.save()
            painter.translate(strip.center())
            painter.rotate(-90)
            painter.setPen(palette.color("text"))
            label.draw(painter, QRectF(-rect.height() / 2, -14, rect.height(), 28))
            painter.restore()


@dataclass(frozen=True, slots=True)
class LadderStep:
    """One critical stage on the timeline: its wait runs from ``wait_from`` to ``box_left``,
    its touch from ``box_left`` to ``box_right`` (scene x)."""

    wait_from: float
    box_left: float
    box_right: float
    wait_s: float | None
    touch_s: float | None


class TimelineItem(MapItem):
    """The classic VSM timeline under the map, along the critical path: waits on the upper
    rail, touch times on the lower one, and the totals at the end."""

    RAIL_GAP = 30.0

    def __init__(self) -> None:
        super().__init__()
        self._steps: list[tuple[LadderStep, Label, Label]] = []
        self._summary: list[tuple[Label, Label]] = []
        self._message: Label | None = None
        self._bounds = QRectF()
        self._title = Label("Timeline (critical path)", _TITLE_FONT)
        self._captions = (Label("wait", _CAPTION_FONT), Label("touch", _CAPTION_FONT))
        self._labels: dict[str, Label] = {}  # durations repeat a lot: lay each out once
        self._key: object = None
        self.setZValue(3)

    def set_ladder(
        self,
        steps: tuple[LadderStep, ...],
        totals: tuple[tuple[str, str], ...],
        message: str = "",
    ) -> None:
        """``totals`` are (caption, formatted value) rows; ``message`` replaces the ladder
        when the map has no lead time (e.g. a cycle)."""
        calendar = self.map_scene().value_map.calendar
        key = (steps, totals, message, calendar)
        if key == self._key:
            return  # most edits (a drag elsewhere, a note) leave the ladder as it is
        self._key = key
        self.prepareGeometryChange()
        self._steps = [
            (
                step,
                self._label(format_duration(step.wait_s, calendar)),
                self._label(format_duration(step.touch_s, calendar)),
            )
            for step in steps
        ]
        self._summary = [
            (Label(caption, _SUMMARY_LABEL_FONT), Label(value, _SUMMARY_VALUE_FONT))
            for caption, value in totals
        ]
        self._message = Label(message, _STEP_FONT) if message else None
        left = min((s.wait_from for s in steps), default=0.0) - 60
        right = max((s.box_right for s in steps), default=0.0) + 40 + self._summary_width()
        self._bounds = QRectF(left, -26, right - left, self.RAIL_GAP + 90)
        if self._message is not None:
            self._bounds = self._bounds.united(QRectF(0, -26, self._message.width + 20, 60))
        self.update()

    def _label(self, text: str) -> Label:
        label = self._labels.get(text)
        if label is None:
            label = self._labels[text] = Label(text, _STEP_FONT)
        return label

    def _summary_width(self) -> float:
        if not self._summary:
            return 0.0
        return max(c.width + v.width for c, v in self._summary) + 40

    def summary_rect(self) -> QRectF:
        right = max((s.box_right for s, _, _ in self._steps), default=0.0)
        height = 14 + 22 * len(self._summary)
        return QRectF(right + 40, -14, self._summary_width(), height)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def draw(self, painter: QPainter, option: QStyleOptionGraphicsItem, scene: MapScene) -> None:
        palette = scene.palette
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = palette.color("text")
        if self._message is not None:
            painter.setPen(palette.color("error"))
            self._message.draw(
                painter,
                QRectF(0, 0, self._message.width, 20),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            )
            return
        if not self._steps:
            return
        top, low = 0.0, self.RAIL_GAP
        rail = QPainterPath()
        first = self._steps[0][0]
        rail.moveTo(first.wait_from, top)
        for step, _, _ in self._steps:
            rail.lineTo(step.box_left, top)
            rail.lineTo(step.box_left, low)
            rail.lineTo(step.box_right, low)
            rail.lineTo(step.box_right, top)
        painter.setPen(
            style.pen(
                palette.color("timeline"),
                2.2 * palette.line_width / 1.2,
                cap=Qt.PenCapStyle.SquareCap,
                join=Qt.PenJoinStyle.MiterJoin,
            )
        )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(rail)
        painter.setPen(palette.color("muted_text"))
        self._title.draw(
            painter,
            QRectF(first.wait_from, top - 44, 300, 14),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        )
        wait_caption, touch_caption = self._captions
        edge = QRectF(first.wait_from - 52, top - 8, 46, 16)
        wait_caption.draw(
            painter, edge, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        touch_caption.draw(
            painter,
            edge.translated(0, low),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        )
        painter.setPen(text)
        previous_right = first.wait_from
        for step, wait_label, touch_label in self._steps:
            wait_rect = QRectF(previous_right, top - 20, step.box_left - previous_right, 16)
            wait_label.draw(painter, wait_rect)
            touch_rect = QRectF(step.box_left, low + 4, step.box_right - step.box_left, 16)
            touch_label.draw(painter, touch_rect)
            previous_right = step.box_right
        if self._summary:
            box = self.summary_rect()
            painter.setPen(QPen(palette.color("timeline"), 1.2))
            painter.setBrush(palette.color("summary_fill"))
            painter.drawRoundedRect(box, 6, 6)
            y = box.top() + 7
            for caption, value in self._summary:
                row = QRectF(box.left() + 12, y, box.width() - 24, 22)
                painter.setPen(palette.color("muted_text"))
                caption.draw(
                    painter, row, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                )
                painter.setPen(
                    QColor(palette.critical) if caption.text.startswith("Lead") else text
                )
                value.draw(
                    painter, row, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                y += 22
