"""The two maps together: two canvases on the same document (stacked, side by side, or the
target overlaid on the current map), zoom and pan kept in step, stages outlined by what
happened to them (added green, removed red, changed amber)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

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
from vsm_desktop.ui.canvas.view import MapView
from vsm_desktop.ui.theme import current_theme

from .diff_tree import kind_color
from .overlay import OverlayMapView
from .state import StageKind
from .view_link import ViewLink

if TYPE_CHECKING:
    from vsm_desktop.ui.document import Document

__all__ = ["LAYOUTS", "CanvasPair", "ComparePane", "DiffHalo", "Layout"]

Layout = Literal["stacked", "side", "overlay"]
#: The layouts, in the order the view offers them, with their labels.
LAYOUTS: dict[Layout, str] = {
    "stacked": "One above the other",
    "side": "Side by side",
    "overlay": "Target over current",
}

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
        # Only the current side ever carries the other map as an overlay.
        self.view: QGraphicsView = (
            OverlayMapView(document) if role == "Current" else MapView(document)
        )
        layout.addWidget(self.caption)
        layout.addWidget(self.view, 1)

    def show_map(self, map_id: str | None) -> None:
        if map_id == self.map_id:
            return
        self.map_id = map_id
        show = getattr(self.view, "show_map", None)
        if callable(show):
            show(map_id)

    def set_caption(self, name: str, figure: str, overlaid: tuple[str, str] | None = None) -> None:
        """Role, map name and headline figure; ``overlaid`` (name, figure) adds the map drawn
        over this one."""
        t = current_theme()
        text = _caption_part(self.role.upper(), name, figure)
        if overlaid is not None:
            text += "&nbsp;&nbsp;&nbsp;&nbsp;" + _caption_part("TARGET, IN BLUE OVER IT", *overlaid)
        self.caption.setText(text)
        self.caption.setStyleSheet(f"background: {t.base}; border-bottom: 1px solid {t.border};")

    def scene(self) -> Any:
        return self.view.scene()


def _caption_part(role: str, name: str, figure: str) -> str:
    t = current_theme()
    return (
        f"<span style='color:{t.muted}; font-weight:600'>{role}</span>"
        f"&nbsp;&nbsp;<span style='color:{t.text}; font-size:12pt; font-weight:700'>"
        f"{_escape(name)}</span>&nbsp;&nbsp;<span style='color:{t.muted}'>{figure}</span>"
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class CanvasPair(QSplitter):
    """Current and target canvases, one above the other (value-stream maps are wide, so this
    keeps boxes readable), side by side, or overlaid (the target drawn faded over the current
    map on one canvas); zoom/pan linked and differences outlined (each can be switched off)."""

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
        self.layout_mode: Layout = "stacked"
        self._linked = True
        self._status: tuple[dict[str, StageKind], dict[str, StageKind]] = ({}, {})
        self._captions: tuple[tuple[str, str], tuple[str, str]] | None = None

    @property
    def side_by_side(self) -> bool:
        return self.layout_mode == "side"

    @property
    def overlaid(self) -> bool:
        return self.layout_mode == "overlay"

    def set_layout(self, mode: Layout) -> None:
        """Stack the canvases, put them side by side, or overlay the target on the current."""
        if mode not in LAYOUTS:
            raise ValueError(f"unknown compare layout {mode!r}; expected one of {list(LAYOUTS)}")
        self.layout_mode = mode
        overlay = mode == "overlay"
        horizontal = mode == "side"
        self.setOrientation(Qt.Orientation.Horizontal if horizontal else Qt.Orientation.Vertical)
        if overlay:
            # Hiding the target canvas must not swallow what is being typed there: valid
            # input is applied now (the overlay then shows it); refused input stays, with its
            # reason, for when the canvas comes back.
            editor = getattr(self.target.view, "editor", None)
            if editor is not None and editor.is_open:
                editor.submit()
        self.target.setVisible(not overlay)
        ghost = self.target.scene() if overlay else None
        self._overlay_view().set_ghost(ghost)
        # The hidden target view still hears its scene grow; it must not steer the one canvas.
        self.link.set_enabled(self._linked and not overlay)
        self.setSizes([1, 1])
        self._show_captions()

    def set_ghost_opacity(self, opacity: float) -> None:
        """How strongly the overlaid target shows, 0 (not at all) to 1 (fully)."""
        self._overlay_view().set_ghost_opacity(opacity)

    def set_captions(self, current: tuple[str, str], target: tuple[str, str]) -> None:
        """(map name, headline figure) of each side, shown above its canvas."""
        self._captions = (current, target)
        self._show_captions()

    def show_pair(self, current_id: str | None, target_id: str | None) -> None:
        self.current.show_map(current_id)
        self.target.show_map(target_id)
        self._apply()

    def set_linked(self, on: bool) -> None:
        self._linked = on
        self.link.set_enabled(on and not self.overlaid)

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
        for pane in self._shown_panes():
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

    def _shown_panes(self) -> tuple[ComparePane, ...]:
        return (self.current,) if self.overlaid else (self.current, self.target)

    def _overlay_view(self) -> OverlayMapView:
        view = self.current.view
        assert isinstance(view, OverlayMapView)
        return view

    def _show_captions(self) -> None:
        if self._captions is None:
            return
        current, target = self._captions
        self.current.set_caption(*current, overlaid=target if self.overlaid else None)
        self.target.set_caption(*target)

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
