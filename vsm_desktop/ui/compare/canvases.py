"""The two maps together: two canvases on the same document, zoom and pan kept in step,
stages outlined by what happened to them (added green, removed red, changed amber)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QTransform
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsItem,
    QGraphicsView,
    QLabel,
    QSplitter,
    QStyleOptionGraphicsItem,
    QVBoxLayout,
    QWidget,
)

from vsm_desktop.ui.canvas import style
from vsm_desktop.ui.theme import current_theme

from .diff_tree import kind_color
from .state import StageKind
from .view_link import ViewLink

if TYPE_CHECKING:
    from vsm_desktop.ui.document import Document

__all__ = ["CanvasPair", "ComparePane", "DiffHalo"]

_BADGE = {"added": "NEW", "removed": "REMOVED", "changed": "CHANGED"}
_MARGIN = 7.0


class DiffHalo(QGraphicsItem):
    """A coloured outline and badge behind one stage box. A child of the stage's item, so it
    moves with it and goes away with it; it draws only and takes no clicks."""

    def __init__(self, parent: QGraphicsItem, kind: StageKind) -> None:
        super().__init__(parent)
        self.kind: StageKind = kind
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)

    def set_kind(self, kind: StageKind) -> None:
        if kind != self.kind:
            self.kind = kind
            self.update()

    def _box(self) -> QRectF:
        parent: Any = self.parentItem()
        box = parent.box_rect() if hasattr(parent, "box_rect") else parent.boundingRect()
        return QRectF(box).adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN)

    def boundingRect(self) -> QRectF:
        return self._box().adjusted(-4, -26, 4, 4)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        color = kind_color(self.kind)
        box = self._box()
        fill = QColor(color)
        # Added and removed stages are the story; a changed one (most stages of a real
        # target) gets a lighter touch so the map stays readable.
        strong = self.kind in ("added", "removed")
        fill.setAlpha(50 if strong else 22)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # Removed stages get a dashed outline so the difference survives a grey-scale print.
        dash = Qt.PenStyle.DashLine if self.kind == "removed" else Qt.PenStyle.SolidLine
        painter.setPen(QPen(color, 4.0 if strong else 2.0, dash))
        painter.setBrush(QBrush(fill))
        painter.drawRoundedRect(box, 9, 9)
        text = _BADGE.get(self.kind, "")
        if not text:
            return
        font = style.font(10, bold=True)
        painter.setFont(font)
        width = painter.fontMetrics().horizontalAdvance(text) + 14
        badge = QRectF(box.left(), box.top() - 22, width, 19)
        path = QPainterPath()
        path.addRoundedRect(badge, 5, 5)
        painter.fillPath(path, color)
        # Light tones (a dark theme's amber) need dark text to stay readable.
        painter.setPen(QColor("#111111" if color.lightnessF() > 0.6 else "#ffffff"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)


def _view_of(document: Document) -> QGraphicsView:
    from vsm_desktop.ui.canvas.view import MapView

    view: QGraphicsView = MapView(document)
    return view


class ComparePane(QFrame):
    """One side: a caption (role, map name, lead time) over a canvas."""

    def __init__(self, document: Document, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self.map_id: str | None = None
        self.setObjectName(f"compare_pane_{role.lower()}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.caption = QLabel(self)
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        self.caption.setContentsMargins(10, 6, 10, 6)
        self.view = _view_of(document)
        layout.addWidget(self.caption)
        layout.addWidget(self.view, 1)

    def show_map(self, map_id: str | None) -> None:
        if map_id == self.map_id:
            return
        self.map_id = map_id
        show = getattr(self.view, "show_map", None)
        if callable(show):
            show(map_id)

    def set_caption(self, name: str, figure: str) -> None:
        t = current_theme()
        self.caption.setText(
            f"<span style='color:{t.muted}; font-weight:600'>{self.role.upper()}</span>"
            f"&nbsp;&nbsp;<span style='color:{t.text}; font-size:12pt; font-weight:700'>"
            f"{_escape(name)}</span>&nbsp;&nbsp;<span style='color:{t.muted}'>{figure}</span>"
        )
        self.caption.setStyleSheet(f"background: {t.base}; border-bottom: 1px solid {t.border};")

    def scene(self) -> Any:
        return self.view.scene()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class CanvasPair(QSplitter):
    """Current and target canvases, one above the other (value-stream maps are wide, so this
    keeps boxes readable) or side by side; zoom/pan linked and differences outlined (each can
    be switched off)."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setChildrenCollapsible(False)
        self.current = ComparePane(document, "Current", self)
        self.target = ComparePane(document, "Target", self)
        self.addWidget(self.current)
        self.addWidget(self.target)
        self.setSizes([1, 1])
        self.link = ViewLink(self.current.view, self.target.view, self)
        self.highlight = True
        self._status: tuple[dict[str, StageKind], dict[str, StageKind]] = ({}, {})

    @property
    def side_by_side(self) -> bool:
        return self.orientation() == Qt.Orientation.Horizontal

    def set_side_by_side(self, on: bool) -> None:
        self.setOrientation(Qt.Orientation.Horizontal if on else Qt.Orientation.Vertical)
        self.setSizes([1, 1])

    def show_pair(self, current_id: str | None, target_id: str | None) -> None:
        self.current.show_map(current_id)
        self.target.show_map(target_id)
        self._apply()

    def set_linked(self, on: bool) -> None:
        self.link.set_enabled(on)

    def set_highlight(self, on: bool) -> None:
        self.highlight = on
        self._apply()

    def set_status(self, current: dict[str, StageKind], target: dict[str, StageKind]) -> None:
        self._status = (current, target)
        self._apply()

    def halos(self, side: str) -> dict[str, DiffHalo]:
        """The outlines drawn on one side ("current" or "target"), by stage id."""
        pane = self.current if side == "current" else self.target
        out: dict[str, DiffHalo] = {}
        for stage_id, item in _stage_items(pane).items():
            for child in item.childItems():
                if isinstance(child, DiffHalo):
                    out[stage_id] = child
        return out

    def fit(self) -> None:
        """Show both maps whole at one scale (the one the larger map needs), looking at the
        same region, so equal distances on screen mean equal distances on the maps."""
        rect = QRectF()
        for pane in (self.current, self.target):
            rect = rect.united(_flow_rect(pane))
        if rect.isEmpty():
            return
        rect = rect.adjusted(-30, -30, 30, 30)
        scales = []
        for pane in (self.current, self.target):
            viewport = pane.view.viewport().rect()
            scales.append(min(viewport.width() / rect.width(), viewport.height() / rect.height()))
        scale = max(0.05, min(1.5, *scales))
        was = self.link.enabled
        self.link.enabled = False  # both are set here; no need to echo one into the other
        try:
            for pane in (self.current, self.target):
                pane.view.setTransform(QTransform.fromScale(scale, scale))
                pane.view.centerOn(rect.center())
        finally:
            self.link.enabled = was

    def _apply(self) -> None:
        for pane, status in zip((self.current, self.target), self._status, strict=True):
            for stage_id, item in _stage_items(pane).items():
                halo = next((c for c in item.childItems() if isinstance(c, DiffHalo)), None)
                kind = status.get(stage_id) if self.highlight else None
                if kind is None or kind == "unchanged":
                    if halo is not None:
                        halo.setParentItem(None)
                        if halo.scene() is not None:
                            halo.scene().removeItem(halo)
                    continue
                if halo is None:
                    DiffHalo(item, kind)
                else:
                    halo.set_kind(kind)


def _flow_rect(pane: ComparePane) -> QRectF:
    """Stages, supplier and customer: what must be readable. Kaizen bursts and the timeline
    may need a scroll; fitting them too would shrink the boxes below legible size."""
    scene = pane.scene()
    rect = QRectF()
    items = list(_stage_items(pane).values())
    items += [getattr(scene, name, None) for name in ("supplier_item", "customer_item")]
    for item in items:
        if item is not None and item.isVisible():
            rect = rect.united(item.sceneBoundingRect())
    return rect


def _stage_items(pane: ComparePane) -> dict[str, QGraphicsItem]:
    scene = pane.scene()
    items = getattr(scene, "item_for_stage", None)
    return dict(items) if items else {}
