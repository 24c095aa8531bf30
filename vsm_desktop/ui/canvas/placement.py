"""Where the whole-map decorations go (supplier, customer, swimlanes, timeline) and the
stage tooltip: derived from the items' current positions and the map's metrics."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF

from vsm_desktop.model import format_duration
from vsm_desktop.model.percent import format_percent

from . import style
from .decor import LadderStep

if TYPE_CHECKING:
    from .scene import MapScene

__all__ = ["place_decor", "stage_tip"]


def place_decor(scene: MapScene) -> None:
    """Place supplier, customer, swimlanes and timeline for the current items."""
    decor = (scene.supplier_item, scene.customer_item, scene.swimlane_item, scene.timeline_item)
    if scene.map_id is None or not scene.item_for_stage:
        for item in decor:
            item.setVisible(False)
        return
    value_map = scene.value_map
    forward = [h for h in value_map.handoffs.values() if not h.rework]
    has_in = {h.target for h in forward}
    has_out = {h.source for h in forward}
    items = scene.item_for_stage
    starts = [items[s] for s in value_map.stages if s not in has_in]
    ends = [items[s] for s in value_map.stages if s not in has_out]
    left = min(i.x() for i in items.values())
    right = max(i.x() for i in items.values()) + style.BOX_W
    top = min(i.y() for i in items.values()) - style.KAIZEN_H
    bottom = max(i.y() + i.height for i in items.values())
    for handoff_item in scene.item_for_handoff.values():
        if value_map.handoffs[handoff_item.handoff_id].rework:
            bottom = max(bottom, handoff_item.boundingRect().bottom() - 10)

    if starts:
        anchor = sum(i.in_port().y() for i in starts) / len(starts)
        x = min(i.x() for i in starts) - style.GAP - 40 - style.END_W
        scene.supplier_item.set_layout(
            QPointF(x, anchor - style.ANCHOR_Y),
            [i.in_port() for i in starts],
            value_map.supplier,
        )
    if ends:
        anchor = sum(i.out_port().y() for i in ends) / len(ends)
        x = max(i.x() for i in ends) + style.BOX_W + 60
        scene.customer_item.set_layout(
            QPointF(x, anchor - style.ANCHOR_Y),
            [i.out_port() for i in ends],
            value_map.customer,
        )
    scene.supplier_item.setVisible(bool(starts))
    scene.customer_item.setVisible(bool(ends))

    scene.swimlane_item.setVisible(value_map.show_swimlanes)
    if value_map.show_swimlanes:
        scene.swimlane_item.set_lanes(_lanes(scene, left - style.GAP - 200, right + 260))

    _place_timeline(scene, bottom)
    # Room around the map to place new things; computed from what is known, since
    # itemsBoundingRect walks every item (tens of ms on a big map, on every drag step).
    bounds = QRectF(left, top, right - left, bottom - top)
    for item in decor:
        if item.isVisible():
            bounds = bounds.united(item.sceneBoundingRect())
    for note_item in scene.item_for_note.values():
        bounds = bounds.united(note_item.sceneBoundingRect())
    scene.setSceneRect(bounds.adjusted(-1500, -1000, 1500, 1000))


def _lanes(scene: MapScene, left: float, right: float) -> list[tuple[str, QRectF]]:
    spans: dict[str, list[float]] = {}
    names: dict[str, str] = {}
    for stage in scene.value_map.stages.values():
        item = scene.item_for_stage[stage.id]
        key = stage.team.strip().casefold()
        names.setdefault(key, stage.team.strip())
        span = spans.setdefault(key, [item.y(), item.y() + item.height])
        span[0] = min(span[0], item.y())
        span[1] = max(span[1], item.y() + item.height)
    ordered = sorted(spans, key=lambda k: spans[k][0])
    return [
        (names[k], QRectF(left, spans[k][0] - 24, right - left, spans[k][1] - spans[k][0] + 48))
        for k in ordered
    ]


def _place_timeline(scene: MapScene, content_bottom: float) -> None:
    metrics = scene.metrics
    timeline = scene.timeline_item
    timeline.setPos(0, content_bottom + 80)
    timeline.setVisible(True)
    if metrics is None or metrics.lead_time_s is None or not metrics.critical_path:
        message = "No timeline: " + (
            metrics.problems[0].message if metrics and metrics.problems else "no stages"
        )
        left = min(i.x() for i in scene.item_for_stage.values())
        timeline.setPos(left, content_bottom + 80)
        timeline.set_ladder((), (), message)
        return
    calendar = scene.value_map.calendar
    steps: list[LadderStep] = []
    path_items = [scene.item_for_stage[s] for s in metrics.critical_path]
    monotonic = all(b.x() >= a.x() + style.BOX_W for a, b in pairwise(path_items))
    cursor = path_items[0].x()
    previous_right = cursor - style.GAP + 10
    for item in path_items:
        stage = scene.value_map.stages[item.stage_id]
        box_left = item.x() if monotonic else cursor
        steps.append(
            LadderStep(
                previous_right, box_left, box_left + style.BOX_W, stage.wait_s, stage.touch_s
            )
        )
        previous_right = box_left + style.BOX_W
        cursor = previous_right + style.GAP
    efficiency = metrics.flow_efficiency_pct
    totals = [
        ("Lead time", format_duration(metrics.lead_time_s, calendar)),
        ("Process time", format_duration(metrics.process_time_s, calendar)),
        ("Flow efficiency", format_percent(efficiency, sep="")),
    ]
    timeline.set_ladder(tuple(steps), tuple(totals))


def stage_tip(scene: MapScene, stage_id: str) -> str:
    """The tooltip of a stage: its figures, data-box fields, notes and problems."""
    stage = scene.value_map.stages[stage_id]
    calendar = scene.value_map.calendar
    lines = [
        stage.name,
        f"Team: {stage.team or '–'} · people: {stage.people:g}",
        f"Wait {format_duration(stage.wait_s, calendar)} · touch "
        f"{format_duration(stage.touch_s, calendar)} · lead time "
        f"{format_duration(stage.lead_time_s, calendar)} · %C&A {stage.pca:g}%",
    ]
    lines += [f"{key}: {value}" for key, value in stage.fields.items()]
    if stage.notes:
        lines.append(stage.notes)
    metrics = scene.metrics
    if metrics is not None and metrics.takt_s is not None and stage_id in metrics.over_takt:
        per_person = (stage.touch_s or 0.0) / (stage.people or 1.0)
        lines.append(
            f"⚠ Over takt: touch per person {format_duration(per_person, calendar)}"
            f" > takt {format_duration(metrics.takt_s, calendar)}"
        )
    if metrics is not None:
        lines += [f"⚠ {p.message}" for p in metrics.problems if stage_id in p.stage_ids]
    return "\n".join(lines)
