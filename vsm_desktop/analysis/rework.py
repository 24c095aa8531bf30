"""Rework-adjusted lead time: closed form where one exists, else a seeded simulation.

A rework handoff of rate r from stage B back to stage A sends an item through the segment A..B
again with probability r, again after that with probability r, and so on: the number of extra
passes N is geometric with E[N] = r / (1 - r). When the segment is a single path of length s
that lies on the critical path and no two loops share a stage, the longest path stays the
longest on every pass, so the expected lead time is exactly LT + sum(s * r / (1 - r)).
Anything else (a loop off the critical path, forks inside a segment, nested or overlapping
loops) has no such simple form, and is simulated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx

from vsm_desktop.model import ValueMap

from .graph import MapGraph
from .results import ReworkLoop, ReworkResult
from .validation import rework_rate

if TYPE_CHECKING:
    # numpy is imported where the simulation runs: the closed form (the common case, and the
    # app's first paint) never needs it, and it costs ~0.1-0.3 s of start-up.
    import numpy as np

SIMULATION_RUNS = 4000


@dataclass(frozen=True)
class _Loop:
    handoff_id: str
    source: str
    target: str
    rate: float
    nodes: frozenset[str]
    chain: bool
    segment_s: float


def _segment(map_graph: MapGraph, start: str, end: str) -> tuple[frozenset[str], bool, float]:
    """Stages on paths from ``start`` through ``end``; whether they form one path; its length."""
    if start == end:
        return frozenset({start}), True, map_graph.weight(start)
    nodes = map_graph.between(start, end)
    sub = map_graph.graph.subgraph(nodes)
    chain = all(sub.out_degree(n) <= 1 and sub.in_degree(n) <= 1 for n in nodes)
    dist: dict[str, float] = {}
    for node in nx.topological_sort(sub):
        preds = [dist[p] for p in sub.predecessors(node)]
        dist[node] = map_graph.weight(node) + (max(preds) if preds else 0.0)
    return frozenset(nodes), chain, dist[end]


def rework_adjusted(
    value_map: ValueMap,
    map_graph: MapGraph,
    lead_time_s: float,
    critical_set: frozenset[str],
    seed: int = 0,
    runs: int = SIMULATION_RUNS,
) -> ReworkResult:
    loops: list[_Loop] = []
    for handoff in map_graph.rework:
        rate = rework_rate(value_map, handoff.source, handoff.rework_rate)
        if not 0 <= rate < 1:
            continue  # reported by validation; an infinite loop has no expected value
        if not map_graph.between(handoff.target, handoff.source):
            continue  # not upstream: reported by validation
        nodes, chain, segment_s = _segment(map_graph, handoff.target, handoff.source)
        loops.append(
            _Loop(handoff.id, handoff.source, handoff.target, rate, nodes, chain, segment_s)
        )

    report = tuple(
        ReworkLoop(
            loop.handoff_id,
            loop.source,
            loop.target,
            loop.rate,
            loop.segment_s,
            loop.segment_s * loop.rate / (1 - loop.rate),
        )
        for loop in loops
    )
    disjoint = sum(len(loop.nodes) for loop in loops) == len(
        frozenset().union(*(loop.nodes for loop in loops))
    )
    exact = disjoint and all(loop.chain and loop.nodes <= critical_set for loop in loops)
    if exact:
        added = sum(item.expected_added_s for item in report)
        return ReworkResult(lead_time_s + added, True, None, report)
    import numpy as np  # see the note at the top of the module

    samples = _simulate(map_graph, loops, seed, runs)
    return ReworkResult(
        float(samples.mean()),
        False,
        float(np.percentile(samples, 85)),
        report,
        runs=runs,
        seed=seed,
    )


def _simulate(map_graph: MapGraph, loops: list[_Loop], seed: int, runs: int) -> np.ndarray:
    """Lead time of ``runs`` items, each loop repeating its segment a geometric number of times.

    Inner loops are settled first (smaller segments first), so an outer pass that repeats a
    segment repeats the inner delays already sampled for that item.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    graph = map_graph.graph
    extra: dict[str, np.ndarray] = {}
    for loop in sorted(loops, key=lambda item: (len(item.nodes), item.handoff_id)):
        returns = rng.geometric(1.0 - loop.rate, size=runs) - 1
        segment = _longest(graph.subgraph(loop.nodes), map_graph, extra, loop.source)
        extra[loop.source] = extra.get(loop.source, 0.0) + returns * segment
    return np.broadcast_to(_longest(graph, map_graph, extra, None), (runs,))


def _longest(
    graph: nx.DiGraph, map_graph: MapGraph, extra: dict[str, np.ndarray], end: str | None
) -> np.ndarray:
    """Longest path (to ``end``, or to any end) with per-run extra delays, vectorised over runs.

    Stages untouched by any loop keep a scalar distance, and a stage's array is dropped once
    all its successors have read it, so memory stays small on long maps.
    """
    import numpy as np

    pending = {node: graph.out_degree(node) for node in graph}
    dist: dict[str, np.ndarray | float] = {}
    best: np.ndarray | float = 0.0
    for node in nx.topological_sort(graph):
        value: np.ndarray | float = 0.0
        for pred in graph.predecessors(node):
            value = np.maximum(value, dist[pred])
            pending[pred] -= 1
            if pending[pred] == 0 and pred != end:
                del dist[pred]
        value = value + map_graph.weight(node) + extra.get(node, 0.0)
        dist[node] = value
        if end is None and pending[node] == 0:
            best = np.maximum(best, value)
            del dist[node]
    if end is not None:
        return np.asarray(dist[end], dtype=float)
    return np.asarray(best, dtype=float)
