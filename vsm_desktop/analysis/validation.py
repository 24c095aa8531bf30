"""What is wrong with a map, stage by stage, in words a facilitator understands."""

from __future__ import annotations

import math

from vsm_desktop.model import ValueMap

from .graph import MapGraph, build_graph, cycle_stages
from .results import Problem


def rework_rate(value_map: ValueMap, source_id: str, rate: float | None) -> float:
    """The rate of a rework handoff: its own, else 1 - %C&A of its source stage."""
    if rate is not None:
        return rate
    return 1.0 - value_map.stages[source_id].pca / 100.0


def validate(value_map: ValueMap, map_graph: MapGraph | None = None) -> tuple[Problem, ...]:
    """Every problem of the map, errors first within each kind, in map order."""
    map_graph = map_graph or build_graph(value_map)
    names = {s.id: s.name or "(unnamed)" for s in value_map.stages.values()}
    problems: list[Problem] = []

    if not value_map.stages:
        problems.append(Problem("empty", "The map has no stages yet.", (), "warning"))
        return tuple(problems)

    for group in cycle_stages(map_graph):
        listed = " → ".join(names[s] for s in group)
        problems.append(
            Problem(
                "cycle",
                f"Handoffs form a loop between {listed}; mark the handoff that goes back "
                "upstream as rework.",
                tuple(group),
            )
        )

    for stage in value_map.stages.values():
        label = names[stage.id]
        missing = [
            what for what, v in (("touch", stage.touch_s), ("wait", stage.wait_s)) if v is None
        ]
        if missing:
            problems.append(
                Problem(
                    "missing_time",
                    f"{label}: {' and '.join(missing)} time not set (counted as 0).",
                    (stage.id,),
                    "warning",
                )
            )
        for what, value in (("touch", stage.touch_s), ("wait", stage.wait_s)):
            if value is not None and (math.isnan(value) or value < 0):
                problems.append(
                    Problem("bad_time", f"{label}: {what} time {value} is not valid.", (stage.id,))
                )
        if not 0 <= stage.pca <= 100:
            problems.append(
                Problem("pca", f"{label}: %C&A {stage.pca:g} is outside 0–100.", (stage.id,))
            )
        if stage.people <= 0:
            problems.append(Problem("people", f"{label}: people must be above 0.", (stage.id,)))

    graph = map_graph.graph
    if len(value_map.stages) > 1:
        for stage_id in value_map.stages:
            if graph.degree(stage_id) == 0:
                problems.append(
                    Problem(
                        "disconnected",
                        f"{names[stage_id]} has no handoff to or from another stage.",
                        (stage_id,),
                        "warning",
                    )
                )

    acyclic = not any(p.kind == "cycle" for p in problems)
    for handoff in map_graph.rework:
        source, target = names[handoff.source], names[handoff.target]
        rate = rework_rate(value_map, handoff.source, handoff.rework_rate)
        if math.isnan(rate) or not 0 <= rate < 1:
            problems.append(
                Problem(
                    "rework_rate",
                    f"Rework {source} → {target}: rate {rate:.0%} must be at least 0 % and "
                    "below 100 %.",
                    (handoff.source, handoff.target),
                )
            )
        if acyclic and not map_graph.between(handoff.target, handoff.source):
            problems.append(
                Problem(
                    "rework_direction",
                    f"Rework {source} → {target} does not go back upstream; it is left out of "
                    "the rework-adjusted lead time.",
                    (handoff.source, handoff.target),
                    "warning",
                )
            )
    return tuple(problems)
