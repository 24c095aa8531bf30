"""A NetworkX snapshot of a map: the one graph every analysis works on."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import networkx as nx

from vsm_desktop.model import Handoff, ValueMap


@dataclass(frozen=True)
class MapGraph:
    """Forward flow of a map as a DiGraph, plus what the analyses need beside it.

    Nodes are stage ids with attribute ``weight`` (wait + touch, missing times as 0) and
    ``order`` (position in the map, used to break ties deterministically).
    """

    graph: nx.DiGraph
    rework: tuple[Handoff, ...]
    order: dict[str, int]

    def weight(self, stage_id: str) -> float:
        value: float = self.graph.nodes[stage_id]["weight"]
        return value

    @cached_property
    def rank(self) -> dict[str, int]:
        """Position of each stage in a topological order (the graph must be acyclic)."""
        return {node: index for index, node in enumerate(nx.topological_sort(self.graph))}

    def between(self, start: str, end: str) -> set[str]:
        """Stages on some path from ``start`` to ``end`` (both included); empty if none.

        The search never leaves the topological window between the two, so a short loop on a
        long map costs only its own length.
        """
        if start == end:
            return {start}
        rank = self.rank
        limit = rank[end]
        if rank[start] > limit:
            return set()
        succ, pred = self.graph.succ, self.graph.pred
        forward = {start}
        todo = [start]
        while todo:
            for nxt in succ[todo.pop()]:
                if nxt not in forward and rank[nxt] <= limit:
                    forward.add(nxt)
                    todo.append(nxt)
        if end not in forward:
            return set()
        nodes = {end}
        todo = [end]
        while todo:
            for prev in pred[todo.pop()]:
                if prev in forward and prev not in nodes:
                    nodes.add(prev)
                    todo.append(prev)
        return nodes


def build_graph(value_map: ValueMap) -> MapGraph:
    graph = nx.DiGraph()
    order: dict[str, int] = {}
    for index, stage in enumerate(value_map.stages.values()):
        order[stage.id] = index
        graph.add_node(stage.id, weight=stage.lead_time_s, order=index)
    rework: list[Handoff] = []
    for handoff in value_map.handoffs.values():
        if handoff.rework:
            rework.append(handoff)
        else:
            graph.add_edge(handoff.source, handoff.target)
    return MapGraph(graph, tuple(rework), order)


def cycle_stages(map_graph: MapGraph) -> list[list[str]]:
    """Groups of stage ids that form cycles over forward handoffs, in map order."""
    graph = map_graph.graph
    groups = [
        sorted(component, key=map_graph.order.__getitem__)
        for component in nx.strongly_connected_components(graph)
        if len(component) > 1 or graph.has_edge(next(iter(component)), next(iter(component)))
    ]
    return sorted(groups, key=lambda g: map_graph.order[g[0]])
