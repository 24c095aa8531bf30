"""What a workbook edit does to a map, in words: the calendar and demand, the stage diff and the
headline figures before and after, from :func:`vsm_desktop.analysis.compare_maps`."""

from __future__ import annotations

import copy
from typing import Any

from vsm_desktop.analysis import Comparison, compare_maps
from vsm_desktop.model import ReplaceMapContentCommand, Stage, ValueMap, format_duration
from vsm_desktop.model.percent import format_percent

from .workbook_params import describe_params

__all__ = ["content_after", "describe_changes"]


def content_after(
    value_map: ValueMap, command: ReplaceMapContentCommand, link: bool = False
) -> ValueMap:
    """A detached copy of ``value_map`` holding the command's content."""
    after = copy.copy(value_map)
    for key, value in command.map_changes.items():  # calendar, demand: figures depend on them
        setattr(after, key, value)
    stages = [copy.copy(s) for s in command.stages] if link else list(command.stages)
    if link:  # so that the comparison pairs stages by id, also through a rename
        for stage in stages:
            stage.link = stage.id if stage.id in value_map.stages else None
    after.stages = {s.id: s for s in stages}
    after.handoffs = {h.id: h for h in command.handoffs}
    return after


def describe_changes(
    value_map: ValueMap, command: ReplaceMapContentCommand
) -> tuple[Comparison, tuple[str, ...]]:
    """The comparison of the map before and after ``command``, and one line per change (no
    lines when nothing changes)."""
    after = content_after(value_map, command, link=True)
    comparison = compare_maps(value_map, after, seed=0)
    # Durations before and after are both shown in the calendar after the update, as the app
    # will show them: an unchanged duration then reads the same, a changed one differently.
    calendar = after.calendar
    lines = describe_params(value_map, after)
    lines += [f"added stage {after.stages[s].name!r}" for s in comparison.added]
    lines += [f"removed stage {value_map.stages[s].name!r}" for s in comparison.removed]
    for change in comparison.changed:
        if change.field == "next" and _same_successors(value_map, after, change.stage):
            continue  # only a successor's name changed, which its own line reports
        lines.append(
            f"{change.stage}: {_FIELD.get(change.field, change.field.removeprefix('fields.'))} "
            f"{_show(change.old, change.field, calendar)} → "
            f"{_show(change.new, change.field, calendar)}"
        )
    lines += _rework_lines(value_map, after)
    if not lines:
        return comparison, ()
    for key, label in _HEADLINE:
        delta = comparison.delta(key)
        # abs is None when one side has no figure (e.g. takt once demand is set or cleared).
        if delta.abs or (delta.abs is None and delta.current != delta.target):
            unit = "%" if key.endswith("_pct") else ""
            before = _figure(delta.current, unit, calendar)
            lines.append(f"{label}: {before} → {_figure(delta.target, unit, calendar)}")
    return comparison, tuple(lines)


def _same_successors(before: ValueMap, after: ValueMap, name: str) -> bool:
    stage = after.stage_named(name)
    if stage is None or stage.id not in before.stages:
        return False

    def successors(value_map: ValueMap) -> set[str]:
        return {
            h.target
            for h in value_map.handoffs.values()
            if h.source == stage.id and not h.rework  # type: ignore[union-attr]
        }

    return successors(before) == successors(after)


_FIELD = {"touch_s": "touch", "wait_s": "wait", "pca": "%C&A", "name": "renamed"}
_HEADLINE = (
    ("lead_time_s", "lead time"),
    ("process_time_s", "process time"),
    ("flow_efficiency_pct", "flow efficiency"),
    ("rework_adjusted_lead_time_s", "rework-adjusted lead time"),
    ("takt_s", "takt"),
)


def _show(value: object, field: str, calendar: Any) -> str:
    if field in ("touch_s", "wait_s"):
        return format_duration(value if isinstance(value, int | float) else None, calendar)
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:g}"
    return repr(value) if isinstance(value, str) else str(value)


def _figure(value: float | None, unit: str, calendar: Any) -> str:
    if value is None:
        return "–"
    return format_percent(value, sep="") if unit == "%" else format_duration(value, calendar)


def _rework_lines(before: ValueMap, after: ValueMap) -> list[str]:
    def loops(value_map: ValueMap) -> dict[tuple[str, str], float | None]:
        return {
            (h.source, h.target): h.rework_rate for h in value_map.handoffs.values() if h.rework
        }

    old, new = loops(before), loops(after)
    lines = []
    for key in sorted(set(old) | set(new), key=str):
        source, target = key
        names = f"{_name(after, before, source)} → {_name(after, before, target)}"
        if key not in new:
            lines.append(f"removed rework {names}")
        elif key not in old:
            lines.append(f"added rework {names}")
        elif old[key] != new[key]:
            lines.append(f"rework {names}: rate {_rate(old[key])} → {_rate(new[key])}")
    return lines


def _name(after: ValueMap, before: ValueMap, stage_id: str) -> str:
    stage: Stage | None = after.stages.get(stage_id) or before.stages.get(stage_id)
    return repr(stage.name) if stage else "?"


def _rate(rate: float | None) -> str:
    return "from %C&A" if rate is None else f"{rate:.0%}"
