"""The two maps side by side: two canvases on the same document, zoom and pan kept in step,
stages outlined by what happened to them (added green, removed red, changed amber)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen
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

__all__ = ["ComparePane", "DiffHalo", "SideBySide"]

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
        fill.setAlpha(46)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # Removed stages get a dashed outline so the difference survives a grey-scale print.
        dash = Qt.PenStyle.DashLine if self.kind == "removed" else Qt.PenStyle.SolidLine
        painter.setPen(QPen(color, 4.0, dash))
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
        painter.setPen(QColor("#ffffff"))
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


class SideBySide(QSplitter):
    """Current on the left, target on the right; zoom/pan linked and differences outlined
    (each can be switched off)."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setChildrenCollapsible(False)
        self.current = ComparePane(document, "Current", self)
        self.target = ComparePane(document, "Target", self)
        self.addWidget(self.current)
        self.addWidget(self.target)
        self.setSizes([1, 1])
        self.link = ViewLink(self.current.view, self.target.view, self)
        self.highlight = True
        self._status: tuple[dict[str, StageKind], dict[str, StageKind]] = ({}, {})

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
        """Show both maps whole, at the scale the larger one needs."""
        for pane in (self.current, self.target):
            scene = pane.scene()
            if scene is not None:
                rect = scene.itemsBoundingRect().adjusted(-20, -20, 20, 20)
                pane.view.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        scales = [p.view.transform().m11() for p in (self.current, self.target)]
        leader = self.current if scales[0] <= scales[1] else self.target
        self.link.follow(leader.view)

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


def _stage_items(pane: ComparePane) -> dict[str, QGraphicsItem]:
    scene = pane.scene()
    items = getattr(scene, "item_for_stage", None)
    return dict(items) if items else {}
