"""Current versus target: every headline figure side by side, and the stage diff."""

from __future__ import annotations

from dataclasses import dataclass

from vsm_desktop.model import Stage, ValueMap

from .metrics import analyze
from .results import MapMetrics

#: The figures compared, in the order they are shown.
DELTA_KEYS = (
    "lead_time_s",
    "process_time_s",
    "work_content_s",
    "flow_efficiency_pct",
    "rolled_pca_pct",
    "rework_adjusted_lead_time_s",
    "handoffs",
    "cross_team_handoffs",
    "rework_handoffs",
    "stage_count",
    "takt_s",
)
#: For each figure, whether a rise is an improvement (None: neither).
HIGHER_IS_BETTER: dict[str, bool | None] = {
    "lead_time_s": False,
    "process_time_s": False,
    "work_content_s": False,
    "flow_efficiency_pct": True,
    "rolled_pca_pct": True,
    "rework_adjusted_lead_time_s": False,
    "handoffs": False,
    "cross_team_handoffs": False,
    "rework_handoffs": False,
    "stage_count": None,
    "takt_s": None,
}
_STAGE_FIELDS = ("name", "team", "touch_s", "wait_s", "pca", "people", "notes")


@dataclass(frozen=True, slots=True)
class Delta:
    key: str
    current: float | None
    target: float | None
    abs: float | None
    pct: float | None

    @property
    def improved(self) -> bool | None:
        """True if the change is for the better, False if worse, None if flat or unknown."""
        better = HIGHER_IS_BETTER.get(self.key)
        if better is None or self.abs is None or self.abs == 0:
            return None
        return (self.abs > 0) == better


@dataclass(frozen=True, slots=True)
class FieldChange:
    stage: str  # the stage's name in the target map
    field: str  # a stage attribute, "fields.<key>" for a data-box field, or "next"
    old: object
    new: object


@dataclass(frozen=True, slots=True)
class Comparison:
    current: MapMetrics
    target: MapMetrics
    deltas: tuple[Delta, ...]
    matched: tuple[tuple[str, str], ...]  # (current stage id, target stage id)
    added: tuple[str, ...]  # target stage ids with no match
    removed: tuple[str, ...]  # current stage ids with no match
    changed: tuple[FieldChange, ...]

    def delta(self, key: str) -> Delta:
        return next(d for d in self.deltas if d.key == key)


def figure(metrics: MapMetrics, key: str) -> float | None:
    value = getattr(metrics, key)
    return None if value is None else float(value)


def compare_maps(
    current: ValueMap,
    target: ValueMap,
    *,
    seed: int = 0,
    metrics: tuple[MapMetrics, MapMetrics] | None = None,
) -> Comparison:
    """Compare two maps; stages match by explicit link, else by name (case-insensitive).

    ``metrics`` are the maps' already computed metrics (e.g. a document's cache), to save
    analysing them again; they must belong to these maps as they are now.
    """
    if metrics is not None:
        cur_metrics, tgt_metrics = metrics
    else:
        cur_metrics = analyze(current, seed=seed)
        tgt_metrics = analyze(target, seed=seed)
    deltas = tuple(_delta(key, cur_metrics, tgt_metrics) for key in DELTA_KEYS)
    matched = match_stages(current, target)
    matched_cur = {c for c, _ in matched}
    matched_tgt = {t for _, t in matched}
    added = tuple(s for s in target.stages if s not in matched_tgt)
    removed = tuple(s for s in current.stages if s not in matched_cur)
    changed: list[FieldChange] = []
    # Successors once per map: asking each stage would scan every handoff per stage.
    cur_next, tgt_next = _successor_names(current), _successor_names(target)
    for cur_id, tgt_id in matched:
        changed.extend(
            _stage_changes(
                current.stages[cur_id],
                target.stages[tgt_id],
                cur_next.get(cur_id, []),
                tgt_next.get(tgt_id, []),
            )
        )
    return Comparison(
        cur_metrics, tgt_metrics, deltas, tuple(matched), added, removed, tuple(changed)
    )


def match_stages(current: ValueMap, target: ValueMap) -> list[tuple[str, str]]:
    """Pairs (current id, target id): explicit links first, then equal names."""
    pairs: list[tuple[str, str]] = []
    used_cur: set[str] = set()
    used_tgt: set[str] = set()
    for stage in target.stages.values():
        if stage.link and stage.link in current.stages and stage.link not in used_cur:
            pairs.append((stage.link, stage.id))
            used_cur.add(stage.link)
            used_tgt.add(stage.id)
    by_name: dict[str, str] = {}
    for stage in current.stages.values():
        if stage.id not in used_cur:
            by_name.setdefault(_key(stage.name), stage.id)
    for stage in target.stages.values():
        if stage.id in used_tgt:
            continue
        cur_id = by_name.pop(_key(stage.name), None)
        if cur_id is not None:
            pairs.append((cur_id, stage.id))
    order = {sid: i for i, sid in enumerate(target.stages)}
    return sorted(pairs, key=lambda p: order[p[1]])


def _delta(key: str, cur: MapMetrics, tgt: MapMetrics) -> Delta:
    a, b = figure(cur, key), figure(tgt, key)
    if a is None or b is None:
        return Delta(key, a, b, None, None)
    change = b - a
    return Delta(key, a, b, change, change / a * 100.0 if a else None)


def _successor_names(value_map: ValueMap) -> dict[str, list[str]]:
    """Stage id -> names of the stages its forward handoffs lead to, sorted."""
    names: dict[str, set[str]] = {}
    for h in value_map.handoffs.values():
        if not h.rework:
            names.setdefault(h.source, set()).add(value_map.stages[h.target].name)
    return {sid: sorted(found, key=str.casefold) for sid, found in names.items()}


def _stage_changes(
    old: Stage, new: Stage, old_next: list[str], new_next: list[str]
) -> list[FieldChange]:
    out: list[FieldChange] = []
    for name in _STAGE_FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            out.append(FieldChange(new.name, name, before, after))
    for key in sorted(set(old.fields) | set(new.fields)):
        before, after = old.fields.get(key), new.fields.get(key)
        if before != after:
            out.append(FieldChange(new.name, f"fields.{key}", before, after))
    if [_key(n) for n in old_next] != [_key(n) for n in new_next]:
        out.append(FieldChange(new.name, "next", "; ".join(old_next), "; ".join(new_next)))
    return out


def _key(name: str) -> str:
    return name.strip().casefold()
