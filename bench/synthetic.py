"""Seeded synthetic maps for the benchmarks: a layered flow with forks, joins and rework."""

from __future__ import annotations

import itertools
import random

from vsm_desktop.model import Handoff, Stage, ValueMap

TEAMS = ("Product", "UX", "Dev", "QA", "Security", "Ops")


def synthetic_map(
    stages: int, *, seed: int = 1, width: int = 4, rework_every: int = 50
) -> ValueMap:
    """``stages`` stages in layers of up to ``width``; each stage feeds 1-2 stages of the next
    layer; one rework handoff back one layer per ``rework_every`` stages."""
    rng = random.Random(seed)
    value_map = ValueMap(f"Synthetic {stages}")
    layers: list[list[Stage]] = []
    made = 0
    while made < stages:
        size = min(rng.randint(1, width), stages - made)
        layer = []
        for row in range(size):
            stage = Stage(
                f"Stage {made + 1}",
                rng.choice(TEAMS),
                touch_s=rng.uniform(0.5, 8) * 3600,
                wait_s=rng.uniform(0, 80) * 3600,
                pca=rng.choice((100.0, 100.0, 95.0, 90.0, 80.0)),
                x=len(layers) * 220.0,
                y=row * 160.0,
            )
            value_map.stages[stage.id] = stage
            layer.append(stage)
            made += 1
        layers.append(layer)
    for before, after in itertools.pairwise(layers):
        fed = set()
        for stage in before:
            for target in rng.sample(after, k=min(len(after), rng.randint(1, 2))):
                _add(value_map, Handoff(stage.id, target.id))
                fed.add(target.id)
        for target in after:
            if target.id not in fed:
                _add(value_map, Handoff(rng.choice(before).id, target.id))
    for index in range(1, len(layers), max(1, rework_every // width)):
        if index + 1 < len(layers):
            source, back_to = layers[index + 1][0], layers[index][0]
            _add(value_map, Handoff(source.id, back_to.id, rework=True, rework_rate=0.1))
    return value_map


def _add(value_map: ValueMap, handoff: Handoff) -> None:
    value_map.handoffs[handoff.id] = handoff
