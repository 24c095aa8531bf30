"""What the compare view shows, worked out without Qt: the pair of maps, the figure rows, the
stage diff, the chart series and the summary.

The widgets in this package only draw a :class:`CompareResult`; everything that needs judgement
(which maps to pair, how a change is written, which bars line up) lives here and is tested
without a window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from vsm_desktop.analysis import Comparison, Delta, MapMetrics, compare_maps
from vsm_desktop.analysis.summary import comparison_summary, signed_percent
from vsm_desktop.model import Calendar, MapRole, Stage, ValueMap, Workspace, format_duration
from vsm_desktop.model.percent import format_percent

__all__ = [
    "FIGURE_LABELS",
    "ChartData",
    "CompareResult",
    "CompareState",
    "FieldDiff",
    "FigureRow",
    "StageBars",
    "StageDiff",
    "StageKind",
    "default_pair",
]

StageKind = Literal["added", "removed", "changed", "unchanged"]

#: Row label of every compared figure, in the order of ``analysis.compare.DELTA_KEYS``.
FIGURE_LABELS: dict[str, str] = {
    "lead_time_s": "Lead time",
    "process_time_s": "Process time",
    "work_content_s": "Work content",
    "flow_efficiency_pct": "Flow efficiency",
    "rolled_pca_pct": "Rolled %C&A",
    "rework_adjusted_lead_time_s": "Rework-adjusted lead time",
    "handoffs": "Handoffs",
    "cross_team_handoffs": "Cross-team handoffs",
    "rework_handoffs": "Rework handoffs",
    "stage_count": "Stages",
    "takt_s": "Takt time",
}
_FIELD_LABELS = {
    "name": "Name",
    "team": "Team",
    "touch_s": "Touch time",
    "wait_s": "Wait time",
    "pca": "%C&A",
    "people": "People",
    "notes": "Notes",
    "next": "Hands off to",
}
_MINUS = "\u2212"


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One line of the figures table, already written out."""

    key: str
    label: str
    current: str
    target: str
    change: str
    change_pct: str
    #: True better, False worse, None flat or neither (``Delta.improved``).
    improved: bool | None
    delta: Delta


@dataclass(frozen=True, slots=True)
class FieldDiff:
    field: str  # the label shown, e.g. "Wait time" or a data-box key
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class StageDiff:
    kind: StageKind
    name: str  # target name for added/matched stages, current name for removed ones
    current_id: str | None
    target_id: str | None
    fields: tuple[FieldDiff, ...] = ()
    #: "wait 2w · touch 1d 4h" of the stage in each map ("–" where it is missing)
    current_text: str = "–"
    target_text: str = "–"


@dataclass(frozen=True, slots=True)
class StageBars:
    """Wait and touch of one stage row in both maps, in the chart unit (None: not in that map)."""

    label: str
    kind: StageKind
    current_wait: float | None
    current_touch: float | None
    target_wait: float | None
    target_touch: float | None


@dataclass(frozen=True, slots=True)
class ChartData:
    unit: str  # "days", "hours" or "minutes" (of the current map's calendar)
    lead_time: tuple[float | None, float | None]  # (current, target)
    process_time: tuple[float | None, float | None]
    flow_efficiency: tuple[float | None, float | None]  # percent
    stages: tuple[StageBars, ...]


@dataclass(frozen=True, slots=True)
class CompareResult:
    current_map: ValueMap
    target_map: ValueMap
    comparison: Comparison
    figures: tuple[FigureRow, ...]
    diff: tuple[StageDiff, ...]
    chart: ChartData
    summary: tuple[str, ...]
    #: stage id -> kind, per map, for colouring the canvases.
    current_status: dict[str, StageKind] = field(default_factory=dict)
    target_status: dict[str, StageKind] = field(default_factory=dict)

    @property
    def summary_text(self) -> str:
        return "\n".join(self.summary)

    def figure(self, key: str) -> FigureRow:
        return next(row for row in self.figures if row.key == key)


def default_pair(workspace: Workspace, focus: str | None = None) -> tuple[str | None, str | None]:
    """The pair to open with: the focused map and its target (or the map it is the target of),
    else the first map that has a target, else the first two maps."""
    maps = workspace.maps
    if focus in maps:
        target = workspace.target_of(focus)
        if target is not None:
            return focus, target.id
        source = maps[focus].target_of
        if source in maps:
            return source, focus
    for value_map in maps.values():
        target = workspace.target_of(value_map.id)
        if target is not None and target.id != value_map.id:
            return value_map.id, target.id
    currents = [m.id for m in maps.values() if m.role == MapRole.CURRENT]
    targets = [m.id for m in maps.values() if m.role == MapRole.TARGET]
    if currents and targets:
        return currents[0], targets[0]
    ids = list(maps)
    if len(ids) >= 2:
        return ids[0], ids[1]
    return (ids[0] if ids else None), None


MetricsSource = Callable[[str], MapMetrics]


class CompareState:
    """The pair of maps under comparison, kept valid as maps come and go.

    ``metrics`` (map id -> metrics, e.g. ``Document.metrics``) lets the comparison reuse metrics
    that are already computed instead of analysing both maps again after every edit.
    """

    def __init__(
        self, workspace: Workspace, focus: str | None = None, metrics: MetricsSource | None = None
    ) -> None:
        self.workspace = workspace
        self.metrics = metrics
        self.current_id, self.target_id = default_pair(workspace, focus)

    @property
    def ready(self) -> bool:
        maps = self.workspace.maps
        return self.current_id in maps and self.target_id in maps

    def map_choices(self) -> list[tuple[str, str]]:
        """(id, name) of every map, in workspace order."""
        return [(m.id, m.name) for m in self.workspace.maps.values()]

    def set_pair(self, current_id: str | None, target_id: str | None) -> bool:
        """Compare these two maps; returns whether the pair changed."""
        for role, map_id in (("current", current_id), ("target", target_id)):
            if map_id is not None and map_id not in self.workspace.maps:
                raise KeyError(f"cannot compare: no map with id {map_id!r} for the {role} side")
        if (current_id, target_id) == (self.current_id, self.target_id):
            return False
        self.current_id, self.target_id = current_id, target_id
        return True

    def swap(self) -> None:
        self.current_id, self.target_id = self.target_id, self.current_id

    def follow_workspace(self) -> bool:
        """After maps were removed: fall back to the default pair; returns whether it moved."""
        maps = self.workspace.maps
        if self.current_id in maps and self.target_id in maps:
            return False
        keep = self.current_id if self.current_id in maps else self.target_id
        return self.set_pair(*default_pair(self.workspace, keep if keep in maps else None))

    def compute(self) -> CompareResult | None:
        """Everything the view shows for the current pair, or None when a side is missing."""
        if not self.ready:
            return None
        assert self.current_id is not None and self.target_id is not None
        metrics = None
        if self.metrics is not None:
            metrics = (self.metrics(self.current_id), self.metrics(self.target_id))
        return build_result(
            self.workspace.maps[self.current_id], self.workspace.maps[self.target_id], metrics
        )


def build_result(
    current: ValueMap,
    target: ValueMap,
    metrics: tuple[MapMetrics, MapMetrics] | None = None,
) -> CompareResult:
    """Everything the view shows for ``current`` against ``target``; ``metrics`` are their
    precomputed metrics, if at hand."""
    comparison = compare_maps(current, target, metrics=metrics)
    diff = _stage_diff(current, target, comparison)
    current_status: dict[str, StageKind] = {}
    target_status: dict[str, StageKind] = {}
    for entry in diff:
        if entry.current_id is not None:
            current_status[entry.current_id] = entry.kind
        if entry.target_id is not None:
            target_status[entry.target_id] = entry.kind
    return CompareResult(
        current_map=current,
        target_map=target,
        comparison=comparison,
        figures=tuple(_figure_rows(current, target, comparison)),
        diff=diff,
        chart=_chart(current, target, comparison, diff),
        summary=tuple(comparison_summary(current, target, comparison)),
        current_status=current_status,
        target_status=target_status,
    )


# -- figures -------------------------------------------------------------------------------------
def _figure_rows(current: ValueMap, target: ValueMap, comparison: Comparison) -> list[FigureRow]:
    rows = []
    for delta in comparison.deltas:
        key = delta.key
        rows.append(
            FigureRow(
                key=key,
                label=FIGURE_LABELS.get(key, key),
                current=_value(key, delta.current, current.calendar),
                target=_value(key, delta.target, target.calendar),
                change=_change(key, delta.abs, current.calendar),
                change_pct=_change_pct(delta),
                improved=delta.improved,
                delta=delta,
            )
        )
    return rows


def _value(key: str, value: float | None, calendar: Calendar) -> str:
    if value is None:
        return "–"
    if key.endswith("_s"):
        return format_duration(value, calendar)
    if key.endswith("_pct"):
        return format_percent(value)
    return f"{value:g}"


def _change(key: str, value: float | None, calendar: Calendar) -> str:
    if value is None:
        return "–"
    if value == 0:
        return "no change"
    sign = _MINUS if value < 0 else "+"
    if key.endswith("_s"):
        return sign + format_duration(abs(value), calendar)
    if key.endswith("_pct"):
        return f"{sign}{abs(value):.1f} pts"
    return f"{sign}{abs(value):g}"


# -- stage diff ----------------------------------------------------------------------------------
def _stage_diff(
    current: ValueMap, target: ValueMap, comparison: Comparison
) -> tuple[StageDiff, ...]:
    by_target_name: dict[str, list[FieldDiff]] = {}
    for change in comparison.changed:
        text = _field_diff(change.field, change.old, change.new, current, target)
        by_target_name.setdefault(change.stage, []).append(text)
    out: list[StageDiff] = []
    for stage_id in comparison.removed:
        stage = current.stages[stage_id]
        text = _times(stage, current.calendar)
        out.append(StageDiff("removed", stage.name, stage_id, None, current_text=text))
    for stage_id in comparison.added:
        stage = target.stages[stage_id]
        text = _times(stage, target.calendar)
        out.append(StageDiff("added", stage.name, None, stage_id, target_text=text))
    for cur_id, tgt_id in comparison.matched:
        old, new = current.stages[cur_id], target.stages[tgt_id]
        fields = tuple(by_target_name.get(new.name, ()))
        out.append(
            StageDiff(
                "changed" if fields else "unchanged",
                new.name,
                cur_id,
                tgt_id,
                fields,
                _times(old, current.calendar),
                _times(new, target.calendar),
            )
        )
    return tuple(out)


def _times(stage: Stage, calendar: Calendar) -> str:
    wait = format_duration(stage.wait_s, calendar)
    touch = format_duration(stage.touch_s, calendar)
    return f"wait {wait} · touch {touch}"


def _field_diff(
    name: str, old: object, new: object, current: ValueMap, target: ValueMap
) -> FieldDiff:
    label = name[len("fields.") :] if name.startswith("fields.") else _FIELD_LABELS.get(name, name)
    return FieldDiff(
        label, _field_value(name, old, current.calendar), _field_value(name, new, target.calendar)
    )


def _field_value(name: str, value: object, calendar: Calendar) -> str:
    if value is None or value == "":
        return "–"
    if name.endswith("_s") and isinstance(value, int | float):
        return format_duration(float(value), calendar)
    if name == "pca" and isinstance(value, int | float):
        return f"{value:g} %"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


# -- charts --------------------------------------------------------------------------------------
def _chart_unit(calendar: Calendar, longest_s: float) -> tuple[str, float]:
    if longest_s >= 5 * calendar.day_s:
        return "days", calendar.day_s
    if longest_s >= 5 * 3600.0:
        return "hours", 3600.0
    return "minutes", 60.0


def _chart(
    current: ValueMap, target: ValueMap, comparison: Comparison, diff: tuple[StageDiff, ...]
) -> ChartData:
    cur, tgt = comparison.current, comparison.target
    longest = max(
        [cur.lead_time_s or 0.0, tgt.lead_time_s or 0.0]
        + [s.lead_time_s for s in current.stages.values()]
        + [s.lead_time_s for s in target.stages.values()]
    )
    # One unit for both maps (the current map's day), so bars of the two maps are comparable.
    unit, size = _chart_unit(current.calendar, longest)

    def scaled(seconds: float | None) -> float | None:
        return None if seconds is None else seconds / size

    return ChartData(
        unit=unit,
        lead_time=(scaled(cur.lead_time_s), scaled(tgt.lead_time_s)),
        process_time=(scaled(cur.process_time_s), scaled(tgt.process_time_s)),
        flow_efficiency=(cur.flow_efficiency_pct, tgt.flow_efficiency_pct),
        stages=tuple(_stage_rows(current, target, diff, scaled)),
    )


def _stage_rows(
    current: ValueMap,
    target: ValueMap,
    diff: tuple[StageDiff, ...],
    scaled: Callable[[float | None], float | None],
) -> list[StageBars]:
    """Stage rows in flow order: current stages left to right with their matches, each added
    stage placed after the row whose target stage sits just left of it."""

    def times(stage: Stage | None) -> tuple[float | None, float | None]:
        if stage is None:
            return None, None
        return scaled(stage.wait_s or 0.0), scaled(stage.touch_s or 0.0)

    def place(stage: Stage) -> tuple[float, float]:
        return stage.x, stage.y

    rows: list[tuple[StageDiff, Stage | None, Stage | None]] = []
    paired = [d for d in diff if d.current_id is not None]
    paired.sort(key=lambda d: place(current.stages[d.current_id]))  # type: ignore[index]
    for entry in paired:
        cur_stage = current.stages[entry.current_id]  # type: ignore[index]
        tgt_stage = target.stages[entry.target_id] if entry.target_id else None
        rows.append((entry, cur_stage, tgt_stage))
    added = [d for d in diff if d.current_id is None and d.target_id is not None]
    added.sort(key=lambda d: place(target.stages[d.target_id]))  # type: ignore[index]
    for entry in added:
        new_stage = target.stages[entry.target_id]  # type: ignore[index]
        index = 0
        for i, (_, _, tgt_stage) in enumerate(rows):
            if tgt_stage is not None and place(tgt_stage) <= place(new_stage):
                index = i + 1
        rows.insert(index, (entry, None, new_stage))
    out = []
    for entry, cur_stage, tgt_stage in rows:
        cur_wait, cur_touch = times(cur_stage)
        tgt_wait, tgt_touch = times(tgt_stage)
        out.append(StageBars(entry.name, entry.kind, cur_wait, cur_touch, tgt_wait, tgt_touch))
    return out


def _change_pct(delta: Delta) -> str:
    if delta.abs == 0:
        return "0 %"
    return "–" if delta.pct is None else signed_percent(delta.pct)
