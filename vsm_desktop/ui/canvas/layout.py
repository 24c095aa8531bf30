"""Automatic left-to-right layout of a map (Qt-free, so it is tested with plain pytest).

Stages go in columns by topological generation of the forward (non-rework) handoffs; inside a
column they keep the order of their current height so a re-layout does not shuffle a map the
user has arranged. With ``by_team`` every team gets its own horizontal lane.
"""

from __future__ import annotations

import networkx as nx

from vsm_desktop.model import ValueMap

__all__ = ["COLUMN_STEP", "ROW_STEP", "auto_layout"]

COLUMN_STEP = 220.0
ROW_STEP = 180.0


def auto_layout(
    value_map: ValueMap,
    *,
    column_step: float = COLUMN_STEP,
    row_step: float = ROW_STEP,
    by_team: bool = False,
) -> dict[str, tuple[float, float]]:
    """New ``(x, y)`` of every stage, left to right along the flow.

    Cycles among forward handoffs (an invalid map) are broken by dropping the edges that close
    them (the latest handoff of each cycle), so the layout still places every stage.
    """
    graph: nx.DiGraph = nx.DiGraph()
    graph.add_nodes_from(value_map.stages)
    edge_order: dict[tuple[str, str], int] = {}
    for index, handoff in enumerate(value_map.handoffs.values()):
        if handoff.rework or handoff.source == handoff.target:
            continue
        graph.add_edge(handoff.source, handoff.target)
        edge_order.setdefault((handoff.source, handoff.target), index)
    while not nx.is_directed_acyclic_graph(graph):
        cycle = nx.find_cycle(graph)
        latest = max(((u, v) for u, v, *_ in cycle), key=lambda e: edge_order[e])
        graph.remove_edge(*latest)
    order = {stage_id: index for index, stage_id in enumerate(value_map.stages)}
    columns: dict[str, int] = {}
    for index, generation in enumerate(nx.topological_generations(graph)):
        for stage_id in generation:
            columns[stage_id] = index
    # Pull each stage as far right as its successors allow, so side branches end next to the
    # stage they feed rather than far left.
    for stage_id in reversed(list(nx.topological_sort(graph))):
        successors = list(graph.successors(stage_id))
        if successors:
            columns[stage_id] = max(columns[stage_id], min(columns[s] for s in successors) - 1)

    positions: dict[str, tuple[float, float]] = {}
    if by_team:
        lanes: dict[str, int] = {}
        by_flow = sorted(value_map.stages.values(), key=lambda s: (columns[s.id], order[s.id]))
        for stage in by_flow:
            lanes.setdefault(stage.team.strip().casefold(), len(lanes))
        taken: dict[tuple[int, int], int] = {}
        for stage in by_flow:
            lane = lanes[stage.team.strip().casefold()]
            column = columns[stage.id]
            # Two stages of one team in one column: shift the later one right by a half step.
            slot = taken.get((lane, column), 0)
            taken[(lane, column)] = slot + 1
            positions[stage.id] = (column * column_step + slot * column_step / 2, lane * row_step)
        return positions

    by_column: dict[int, list[str]] = {}
    for stage_id, column in columns.items():
        by_column.setdefault(column, []).append(stage_id)
    for column, members in by_column.items():
        members.sort(key=lambda s: (value_map.stages[s].y, order[s]))
        for row, stage_id in enumerate(members):
            positions[stage_id] = (column * column_step, row * row_step)
    return positions
