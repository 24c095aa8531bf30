"""The scene of one map: item <-> model maps, incremental updates, metric styling.

Like orange-canvas-core's ``CanvasScene`` it keeps ``item_for_stage`` (and the handoff and note
equivalents) keyed by id; items hold only the id. The scene listens to :class:`Document` and
updates exactly the items a change concerns: moving one stage re-routes only its handoffs.
Whole-map decorations (supplier/customer, swimlanes, timeline) are recomputed once per event
loop turn, however many changes arrived.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, QTimer, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneHelpEvent,
    QGraphicsSceneMouseEvent,
    QToolTip,
)

from vsm_desktop.model import Change, ValueMap

from . import drag, style
from .decor import EndItem, SwimlaneItem, TimelineItem
from .handoff_item import HandoffItem
from .note_item import NoteItem
from .palette import LIGHT, Palette
from .placement import place_decor, stage_tip
from .stage_item import StageItem

if TYPE_CHECKING:
    from vsm_desktop.analysis.results import MapMetrics

    from ..document import Document
    from .tools import Tool

__all__ = ["MapScene"]


class MapScene(QGraphicsScene):
    """Draws one map of a :class:`Document`; edits go back through ``document.push``.

    Signals: ``edit_requested(what, obj_id, field)`` asks the view for an in-place editor;
    ``stage_activated(stage_id)`` is a double-click on a stage outside its editable fields.
    """

    edit_requested = Signal(str, str, str)
    stage_activated = Signal(str)

    def __init__(self, document: Document, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.document = document
        self.map_id: str | None = None
        self.palette: Palette = LIGHT
        self.exporting = False
        # A scene drawn over another (the compare view's overlay) must not paint its
        # background, or it would hide the map beneath.
        self.transparent = False
        self.snap_enabled = False
        self.waste_coloring = False
        self.dragging = False
        self.item_for_stage: dict[str, StageItem] = {}
        self.item_for_handoff: dict[str, HandoffItem] = {}
        self.item_for_note: dict[str, NoteItem] = {}
        self._adjacent: dict[str, set[str]] = {}
        self._metrics: MapMetrics | None = None
        self._critical: frozenset[str] = frozenset()
        self._critical_edges: frozenset[tuple[str, str]] = frozenset()
        self._problem_ids: frozenset[str] = frozenset()
        self._over_takt: frozenset[str] = frozenset()
        self._waste: dict[str, tuple[float, float]] = {}
        self._teams: dict[str, int] = {}
        self._building = False
        self._decor_timer = QTimer(self)
        self._decor_timer.setSingleShot(True)
        self._decor_timer.setInterval(0)
        self._decor_timer.timeout.connect(self.update_decor)
        self.supplier_item = EndItem("supplier")
        self.customer_item = EndItem("customer")
        self.swimlane_item = SwimlaneItem()
        self.timeline_item = TimelineItem()
        self._add_decor()
        from .tools import SelectTool

        self.tool: Tool = SelectTool(self)
        document.changed.connect(self._on_change)
        document.metrics_changed.connect(self._on_metrics_changed)

    # -- lookup ----------------------------------------------------------------------------------
    @property
    def value_map(self) -> ValueMap:
        if self.map_id is None:
            raise LookupError("the canvas shows no map")
        return self.document.workspace.map(self.map_id)

    def stage_for_item(self, item: QGraphicsItem) -> str | None:
        return item.stage_id if isinstance(item, StageItem) else None

    def handoff_for_item(self, item: QGraphicsItem) -> str | None:
        return item.handoff_id if isinstance(item, HandoffItem) else None

    def note_for_item(self, item: QGraphicsItem) -> str | None:
        return item.note_id if isinstance(item, NoteItem) else None

    def model_item_at(self, pos: QPointF) -> QGraphicsItem | None:
        """The topmost stage, note or handoff at a scene position (decorations ignored)."""
        for item in self.items(pos):
            if isinstance(item, StageItem | NoteItem | HandoffItem):
                return item
        return None

    def stage_item_at(self, pos: QPointF, exclude: str | None = None) -> StageItem | None:
        for item in self.items(pos):
            if isinstance(item, StageItem) and item.stage_id != exclude:
                return item
        return None

    # -- showing a map ---------------------------------------------------------------------------
    def set_map(self, map_id: str | None) -> None:
        """Build the items of a map (or clear the scene for ``None``)."""
        self.tool.cancel()
        self._building = True
        try:
            self.clear()
            self.item_for_stage.clear()
            self.item_for_handoff.clear()
            self.item_for_note.clear()
            self._adjacent.clear()
            self.supplier_item = EndItem("supplier")
            self.customer_item = EndItem("customer")
            self.swimlane_item = SwimlaneItem()
            self.timeline_item = TimelineItem()
            self._add_decor()
            self.map_id = map_id
            if map_id is None:
                self._metrics = None
                return
            value_map = self.value_map
            for stage_id in value_map.stages:
                self._add_stage_item(stage_id)
            for handoff_id in value_map.handoffs:
                self._add_handoff_item(handoff_id)
            for note_id in value_map.notes:
                self._add_note_item(note_id)
        finally:
            self._building = False
        self._index_teams()
        for item in self.item_for_handoff.values():
            item.update_geometry()
        self._apply_metrics()
        self.update_decor()

    def _add_decor(self) -> None:
        for item in (
            self.swimlane_item,
            self.supplier_item,
            self.customer_item,
            self.timeline_item,
        ):
            self.addItem(item)
            item.setVisible(False)

    def _add_stage_item(self, stage_id: str) -> StageItem:
        item = StageItem(stage_id)
        self.item_for_stage[stage_id] = item
        self._adjacent.setdefault(stage_id, set())
        self.addItem(item)
        item.refresh()
        return item

    def _add_handoff_item(self, handoff_id: str) -> HandoffItem:
        handoff = self.value_map.handoffs[handoff_id]
        item = HandoffItem(handoff_id)
        self.item_for_handoff[handoff_id] = item
        self._adjacent.setdefault(handoff.source, set()).add(handoff_id)
        self._adjacent.setdefault(handoff.target, set()).add(handoff_id)
        self.addItem(item)
        if not self._building:
            item.update_geometry()
        return item

    def _add_note_item(self, note_id: str) -> NoteItem:
        item = NoteItem(note_id)
        self.item_for_note[note_id] = item
        self.addItem(item)
        item.refresh()
        return item

    def _remove_item(self, items: dict[str, QGraphicsItem], obj_id: str) -> None:
        item = items.pop(obj_id, None)
        if item is not None:
            self.removeItem(item)

    # -- model changes ---------------------------------------------------------------------------
    def _on_change(self, change: Change) -> None:
        if change.map_id != self.map_id:
            return
        if change.what == "map":
            if change.action == "removed":
                self.set_map(None)
                return
            if change.fields & {"calendar", "display_unit"}:
                for item in self.item_for_stage.values():
                    item.refresh()
            self.schedule_decor()
            return
        handler = getattr(self, f"_{change.what}_{change.action}")
        handler(change)

    def _stage_added(self, change: Change) -> None:
        self._add_stage_item(change.obj_id)
        self._index_teams()
        self.schedule_decor()

    def _stage_removed(self, change: Change) -> None:
        self._remove_item(self.item_for_stage, change.obj_id)  # type: ignore[arg-type]
        self._adjacent.pop(change.obj_id, None)
        self.schedule_decor()

    def _stage_changed(self, change: Change) -> None:
        item = self.item_for_stage[change.obj_id]
        item.refresh()  # a new position reaches stage_item_moved through itemChange
        if "team" in change.fields:
            self._index_teams()
        if "fields" in change.fields:
            self._reroute(change.obj_id)
        self.schedule_decor()

    def _handoff_added(self, change: Change) -> None:
        self._add_handoff_item(change.obj_id)
        self.schedule_decor()

    def _handoff_removed(self, change: Change) -> None:
        item = self.item_for_handoff.get(change.obj_id)
        if item is not None:
            for stage_id in item.ends:  # the model no longer knows them
                self._adjacent.get(stage_id, set()).discard(change.obj_id)
        self._remove_item(self.item_for_handoff, change.obj_id)  # type: ignore[arg-type]
        self.schedule_decor()

    def _handoff_changed(self, change: Change) -> None:
        if change.fields & {"source", "target"}:
            for stage_id in self.item_for_handoff[change.obj_id].ends:
                self._adjacent.get(stage_id, set()).discard(change.obj_id)
            handoff = self.value_map.handoffs[change.obj_id]
            self._adjacent.setdefault(handoff.source, set()).add(change.obj_id)
            self._adjacent.setdefault(handoff.target, set()).add(change.obj_id)
        self.item_for_handoff[change.obj_id].update_geometry()
        self.schedule_decor()

    def _note_added(self, change: Change) -> None:
        self._add_note_item(change.obj_id)

    def _note_removed(self, change: Change) -> None:
        self._remove_item(self.item_for_note, change.obj_id)  # type: ignore[arg-type]

    def _note_changed(self, change: Change) -> None:
        self.item_for_note[change.obj_id].refresh()

    def _index_teams(self) -> None:
        """Number teams in order of first appearance so each gets its own tint."""
        teams: dict[str, int] = {}
        for stage in self.value_map.stages.values():
            key = stage.team.strip().casefold()
            if key and key not in teams:
                teams[key] = len(teams)
        if teams != self._teams:
            self._teams = teams
            for item in self.item_for_stage.values():
                item.update()
            self.swimlane_item.update()

    def team_color(self, team: str) -> QColor:
        return self.palette.team_color(team, self._teams.get(team.strip().casefold()))

    # -- positions -------------------------------------------------------------------------------
    def stage_item_moved(self, item: StageItem) -> None:
        """A stage item moved (drag, nudge, undo): re-route only its handoffs."""
        if self._building:
            return
        self._reroute(item.stage_id)
        drag.carry_attached_notes(self, item)
        self.schedule_decor()

    def _reroute(self, stage_id: str) -> None:
        for handoff_id in self._adjacent.get(stage_id, ()):
            handoff_item = self.item_for_handoff.get(handoff_id)
            if handoff_item is not None:
                handoff_item.update_geometry()

    def snapped(self, pos: QPointF) -> QPointF:
        """Round a dragged position to the grid when snapping is on."""
        if not (self.snap_enabled and self.dragging):
            return pos
        return QPointF(
            round(pos.x() / style.GRID) * style.GRID, round(pos.y() / style.GRID) * style.GRID
        )

    def commit_moves(self, drop: QPointF | None = None) -> bool:
        """Turn the positions items were dragged to into ONE undo step (see :mod:`.drag`)."""
        return drag.commit_moves(self, drop)

    # -- metrics ---------------------------------------------------------------------------------
    def _on_metrics_changed(self, map_id: str) -> None:
        if map_id == self.map_id:
            self._apply_metrics()
            self.schedule_decor()

    def _apply_metrics(self) -> None:
        if self.map_id is None:
            return
        metrics = self.document.metrics(self.map_id)
        self._metrics = metrics
        critical = frozenset(metrics.critical_path)
        path = metrics.critical_path
        edges = frozenset(pairwise(path))
        problems = frozenset(s for p in metrics.problems for s in p.stage_ids)
        over_takt = frozenset(metrics.over_takt)
        waste: dict[str, tuple[float, float]] = {}
        top = max((w.share_pct for w in metrics.waste), default=0.0)
        for entry in metrics.waste:
            waste[entry.stage_id] = (entry.share_pct, entry.share_pct / top if top > 0 else 0.0)
        stale = (
            (critical ^ self._critical)
            | (problems ^ self._problem_ids)
            | (over_takt ^ self._over_takt)
        )
        if self.waste_coloring and waste != self._waste:
            stale |= set(self.item_for_stage)
        edge_stale = edges ^ self._critical_edges
        self._critical, self._critical_edges = critical, edges
        self._problem_ids, self._waste = problems, waste
        self._over_takt = over_takt
        for stage_id in stale:
            item = self.item_for_stage.get(stage_id)
            if item is not None:
                item.update()
        if edge_stale:
            touched = {s for edge in edge_stale for s in edge}
            for stage_id in touched:
                for handoff_id in self._adjacent.get(stage_id, ()):
                    self.item_for_handoff[handoff_id].update()

    @property
    def metrics(self) -> MapMetrics | None:
        return self._metrics

    def is_critical(self, stage_id: str) -> bool:
        return stage_id in self._critical

    def is_critical_edge(self, source: str, target: str) -> bool:
        return (source, target) in self._critical_edges

    def has_problem(self, stage_id: str) -> bool:
        return stage_id in self._problem_ids

    def is_over_takt(self, stage_id: str) -> bool:
        """Touch time per person above the map's takt (only with a demand)."""
        return stage_id in self._over_takt

    def waste_share(self, stage_id: str) -> tuple[float, float] | None:
        """(share of lead time in %, share relative to the largest) when colouring is on."""
        if not self.waste_coloring:
            return None
        return self._waste.get(stage_id)

    def set_waste_coloring(self, on: bool) -> None:
        if on == self.waste_coloring:
            return
        self.waste_coloring = on
        for item in self.item_for_stage.values():
            item.update()

    def set_palette(self, palette: Palette) -> None:
        self.palette = palette
        self.setBackgroundBrush(palette.color("background"))
        for item in self.items():
            item.update()

    # -- decorations -----------------------------------------------------------------------------
    def schedule_decor(self) -> None:
        if not self._building:
            self._decor_timer.start()

    def update_decor(self) -> None:
        """Place supplier, customer, swimlanes and timeline for the current items."""
        self._decor_timer.stop()
        place_decor(self)

    def flush(self) -> None:
        """Finish deferred work now (before rendering or measuring)."""
        if self._decor_timer.isActive() or self.map_id is not None:
            self.update_decor()

    def visible_rect(self) -> QRectF:
        """The bounds of every visible item after :meth:`flush` (empty for an empty map)."""
        self.flush()
        rect = QRectF()
        for item in self.items():
            if item.isVisible():
                rect = rect.united(item.sceneBoundingRect())
        return rect

    # -- drawing and events ----------------------------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        if self.transparent:
            return
        painter.fillRect(rect, self.palette.color("background"))
        if not self.snap_enabled or self.exporting:
            return
        scale = painter.worldTransform().m11()
        if scale < 0.5:
            return
        painter.setPen(self.palette.color("grid"))
        step = style.GRID
        x = (rect.left() // step) * step
        lines = []
        while x < rect.right():
            lines.append(QLineF(x, rect.top(), x, rect.bottom()))
            x += step
        y = (rect.top() // step) * step
        while y < rect.bottom():
            lines.append(QLineF(rect.left(), y, rect.right(), y))
            y += step
        painter.drawLines(lines)

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:
        """Tooltips built when asked, so a big map does not format text it never shows."""
        item = self.model_item_at(event.scenePos())
        text = ""
        if isinstance(item, StageItem):
            text = stage_tip(self, item.stage_id)
        elif isinstance(item, NoteItem):
            text = item.note.text
        if text:
            QToolTip.showText(event.screenPos(), text, event.widget())
        else:
            QToolTip.hideText()
        event.setAccepted(bool(text))

    def set_tool(self, tool: Tool) -> None:
        self.tool.cancel()
        self.tool = tool
        tool.activate()

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.tool.mouse_press(event):
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.tool.mouse_move(event):
            event.accept()
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.tool.mouse_release(event):
            event.accept()
        else:
            super().mouseReleaseEvent(event)
        if self.dragging:
            self.dragging = False
            self.commit_moves(event.scenePos())

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.tool.mouse_double_click(event):
            event.accept()
        else:
            super().mouseDoubleClickEvent(event)
