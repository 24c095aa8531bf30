"""The headline figures of a map, exactly as DESIGN.md defines them."""

from __future__ import annotations

import math

import networkx as nx

from vsm_desktop.model import ValueMap

from .graph import MapGraph, build_graph
from .results import MapMetrics, WasteEntry
from .rework import rework_adjusted
from .validation import validate


def analyze(value_map: ValueMap, *, seed: int = 0) -> MapMetrics:
    """Every figure of ``value_map``. A map whose forward handoffs form a cycle is invalid: its
    path figures are ``None`` and the problems name the stages."""
    map_graph = build_graph(value_map)
    problems = validate(value_map, map_graph)
    stages = value_map.stages
    errors = any(p.severity == "error" for p in problems)
    cyclic = any(p.kind == "cycle" for p in problems)

    work_content = sum(s.touch_s or 0.0 for s in stages.values())
    rolled = math.prod(s.pca / 100.0 for s in stages.values()) * 100.0
    forward = [h for h in value_map.handoffs.values() if not h.rework]
    cross = sum(1 for h in forward if _team(stages[h.source].team) != _team(stages[h.target].team))
    takt_s = None
    if value_map.demand_per_day:
        takt_s = value_map.calendar.day_s / value_map.demand_per_day
    over_takt = tuple(
        s.id
        for s in stages.values()
        if takt_s is not None and s.people > 0 and (s.touch_s or 0.0) / s.people > takt_s
    )

    lead_time: float | None = None
    path: tuple[str, ...] = ()
    process: float | None = None
    efficiency: float | None = None
    rework = None
    if not cyclic:
        lead_time, path = critical_path(map_graph)
        process = sum(stages[s].touch_s or 0.0 for s in path)
        efficiency = process / lead_time * 100.0 if lead_time > 0 else None
        if map_graph.rework:
            rework = rework_adjusted(value_map, map_graph, lead_time, frozenset(path), seed)

    share_base = lead_time or 0.0
    waste = tuple(
        sorted(
            (
                WasteEntry(s.id, s.wait_s or 0.0, (s.wait_s or 0.0) / share_base * 100.0
                           if share_base > 0 else 0.0)
                for s in stages.values()
            ),
            key=lambda w: (-w.wait_s, map_graph.order[w.stage_id]),
        )
    )  # fmt: skip
    return MapMetrics(
        valid=not errors,
        problems=problems,
        lead_time_s=lead_time,
        critical_path=path,
        process_time_s=process,
        work_content_s=work_content,
        flow_efficiency_pct=efficiency,
        rolled_pca_pct=rolled,
        rework=rework,
        handoffs=len(forward),
        cross_team_handoffs=cross,
        rework_handoffs=len(map_graph.rework),
        waste=waste,
        takt_s=takt_s,
        over_takt=over_takt,
        stage_count=len(stages),
        critical_set=frozenset(path),
    )


def critical_path(map_graph: MapGraph) -> tuple[float, tuple[str, ...]]:
    """Longest path over forward handoffs, a path weighing the wait + touch of its stages.

    Ties go to the stage earlier in the map, at every join and among the ends, so the same map
    always shows the same path.
    """
    graph = map_graph.graph
    order = map_graph.order
    if graph.number_of_nodes() == 0:
        return 0.0, ()
    dist: dict[str, float] = {}
    back: dict[str, str | None] = {}
    for node in nx.lexicographical_topological_sort(graph, key=order.__getitem__):
        best: str | None = None
        for pred in graph.predecessors(node):
            if best is None or (dist[pred], -order[pred]) > (dist[best], -order[best]):
                best = pred
        dist[node] = map_graph.weight(node) + (dist[best] if best is not None else 0.0)
        back[node] = best
    end = max(dist, key=lambda n: (dist[n], -order[n]))
    path: list[str] = []
    step: str | None = end
    while step is not None:
        path.append(step)
        step = back[step]
    return dist[end], tuple(reversed(path))


def _team(team: str) -> str:
    return team.strip().casefold()
