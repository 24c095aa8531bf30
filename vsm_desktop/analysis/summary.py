"""A comparison of two maps as a few plain-language lines, ready to paste onto a slide.

Durations are written with :func:`format_duration` in each map's own calendar, percentages
rounded to what a room can read at a glance. No Qt here: the compare view, the CLI and the
export all show the same words.
"""

from __future__ import annotations

from vsm_desktop.model import ValueMap, format_duration
from vsm_desktop.model.percent import format_percent

from .compare import Comparison

__all__ = ["comparison_summary", "signed_percent"]

_MINUS = "\u2212"  # a typographic minus reads better on a slide than a hyphen


def comparison_summary(
    current_map: ValueMap, target_map: ValueMap, comparison: Comparison
) -> list[str]:
    """Short lines such as ``Lead time 19w 4.1d → 4w 4.8d (−75 %)``, ``Flow efficiency 11 % →
    29 %``, ``2 handoffs removed (2 cross-team)`` and ``2 stages removed: Design, Backlog
    refinement``; one fact per line, most important first."""
    cur, tgt = comparison.current, comparison.target
    lines = [
        _duration_line("Lead time", current_map, target_map, comparison, "lead_time_s"),
        _duration_line("Process time", current_map, target_map, comparison, "process_time_s"),
        _percent_line(
            "Flow efficiency", cur.flow_efficiency_pct, tgt.flow_efficiency_pct, always=True
        ),
        _percent_line("Rolled %C&A", cur.rolled_pca_pct, tgt.rolled_pca_pct, always=False),
        _handoff_line(cur.handoffs, tgt.handoffs, cur.cross_team_handoffs, tgt.cross_team_handoffs),
        _stage_line(current_map, target_map, comparison),
        _renamed_line(current_map, target_map, comparison),
        _longest_wait_line(current_map, target_map, comparison),
    ]
    for name, metrics in ((current_map.name, cur), (target_map.name, tgt)):
        if not metrics.valid:
            reason = metrics.problems[0].message if metrics.problems else "it has problems"
            lines.append(f"{name} is not a valid map yet: {reason}")
    return [line for line in lines if line]


def signed_percent(value: float) -> str:
    """``−75 %``, ``+161 %``, ``+2.5 %``: always signed, whole numbers from 10 % up."""
    sign = _MINUS if value < 0 else "+"
    return f"{sign}{_number(abs(value))} %"


def _number(value: float) -> str:
    if value >= 10 or value == 0:
        return f"{value:.0f}"
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _percent(value: float | None) -> str:
    return format_percent(value, whole_from=10, trim=True)


def _duration_line(
    label: str, current_map: ValueMap, target_map: ValueMap, comparison: Comparison, key: str
) -> str:
    delta = comparison.delta(key)
    before = format_duration(delta.current, current_map.calendar)
    after = format_duration(delta.target, target_map.calendar)
    if delta.abs == 0:
        return f"{label} unchanged at {after}"
    change = "" if delta.pct is None else f" ({signed_percent(delta.pct)})"
    return f"{label} {before} → {after}{change}"


def _percent_line(label: str, before: float | None, after: float | None, *, always: bool) -> str:
    if before is not None and after is not None and _percent(before) == _percent(after):
        return f"{label} unchanged at {_percent(after)}" if always else ""
    return f"{label} {_percent(before)} → {_percent(after)}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _handoff_line(before: int, after: int, cross_before: int, cross_after: int) -> str:
    change, cross = after - before, cross_after - cross_before
    if change == 0:
        if cross == 0:
            return f"Handoffs unchanged: {before} ({cross_before} cross-team)"
        return f"Cross-team handoffs {cross_before} → {cross_after}"
    verb = "removed" if change < 0 else "added"
    text = f"{_plural(abs(change), 'handoff')} {verb}"
    # Name the cross-team share only when it moves the same way and fits inside the total;
    # otherwise say the cross-team figures plainly so nothing reads as a contradiction.
    if cross != 0 and (cross < 0) == (change < 0) and abs(cross) <= abs(change):
        return f"{text} ({abs(cross)} cross-team)"
    if cross != 0:
        return f"{text}; cross-team handoffs {cross_before} → {cross_after}"
    return text


def _stage_line(current_map: ValueMap, target_map: ValueMap, comparison: Comparison) -> str:
    removed = [current_map.stages[s].name for s in comparison.removed]
    added = [target_map.stages[s].name for s in comparison.added]
    parts: list[str] = []
    if removed:
        parts.append(f"{_plural(len(removed), 'stage')} removed: {', '.join(removed)}")
    if added:
        noun = f"{len(added)}" if removed else _plural(len(added), "stage")
        parts.append(f"{noun} added: {', '.join(added)}")
    return "; ".join(parts) if parts else "No stages added or removed"


def _renamed_line(current_map: ValueMap, target_map: ValueMap, comparison: Comparison) -> str:
    renames = [
        f"{change.old} → {change.new}" for change in comparison.changed if change.field == "name"
    ]
    if not renames:
        return ""
    return f"{_plural(len(renames), 'stage')} renamed: {', '.join(renames)}"


def _longest_wait_line(current_map: ValueMap, target_map: ValueMap, comparison: Comparison) -> str:
    """The single biggest cut in waiting among matched stages: the story a room remembers."""
    best: tuple[float, str, str] | None = None
    for cur_id, tgt_id in comparison.matched:
        old, new = current_map.stages[cur_id], target_map.stages[tgt_id]
        if old.wait_s is None or new.wait_s is None:
            continue
        cut = old.wait_s - new.wait_s
        if cut > 0 and (best is None or cut > best[0]):
            before = format_duration(old.wait_s, current_map.calendar)
            after = format_duration(new.wait_s, target_map.calendar)
            best = (cut, new.name, f"{before} → {after}")
    if best is None:
        return ""
    return f"Biggest wait cut: {best[1]} {best[2]}"
