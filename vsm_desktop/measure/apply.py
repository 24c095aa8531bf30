"""Apply measured figures to a map as one undoable change, keeping where each came from."""

from __future__ import annotations

import math

from vsm_desktop.model import Command, EditCommand, MacroCommand, Stage, ValueMap

from .stats import STATISTICS, Figures, StageFigures

__all__ = ["NoFiguresError", "apply_figures", "describe_source"]


class NoFiguresError(ValueError):
    """No stage of the map has measured data to apply; the message says what to check."""


def describe_source(statistic: str, figures: StageFigures, source: str) -> str:
    """E.g. ``median of 412 items, import 3`` (passes named when items came back)."""
    count = (
        f"{figures.items} items"
        if figures.visits == figures.items
        else f"{figures.visits} passes by {figures.items} items"
    )
    return f"{statistic} of {count}, {source}" if source else f"{statistic} of {count}"


def _figures_for(stage: Stage, figures: Figures) -> StageFigures | None:
    found = figures.stage(stage.id)
    if found is not None:
        return found
    # Figures computed without this map (one stage per activity) match by name.
    wanted = stage.name.strip().casefold()
    for candidate in figures.stages:
        if candidate.name.strip().casefold() == wanted:
            return candidate
    return None


def apply_figures(
    value_map: ValueMap,
    figures: Figures,
    statistic: str = "median",
    *,
    fields: tuple[str, ...] = ("touch_s", "wait_s"),
) -> Command:
    """A :class:`MacroCommand` setting ``touch_s``/``wait_s`` of every stage with data from
    ``statistic`` (mean, median, p85 or p95), and recording the source of each in
    :attr:`Stage.sources`. Stages without data keep their figures. Push it on the undo stack:
    it is one step.

    Raises :class:`NoFiguresError` when no stage has data (hooks match nothing).
    """
    if statistic not in STATISTICS:
        raise ValueError(f"unknown statistic {statistic!r}; use {', '.join(STATISTICS)}")
    unknown = set(fields) - {"touch_s", "wait_s"}
    if unknown:
        raise ValueError(f"cannot apply figures to {', '.join(sorted(unknown))}")
    children: list[Command] = []
    for stage in value_map.stages.values():
        measured = _figures_for(stage, figures)
        if measured is None or measured.visits == 0:
            continue
        changes: dict[str, object] = {}
        sources = dict(stage.sources)
        text = describe_source(statistic, measured, figures.source)
        for name in fields:
            summary = measured.touch if name == "touch_s" else measured.wait
            value = summary.get(statistic)
            if math.isnan(value):
                continue
            changes[name] = max(0.0, round(value, 3))
            sources[name] = text
        if changes:
            changes["sources"] = sources
            children.append(EditCommand("stage", value_map.id, stage.id, changes))
    if not children:
        raise NoFiguresError(
            f"no stage of map {value_map.name!r} has measured data; check the stages' hooks "
            f"(unmatched events: {', '.join(figures.unhooked[:8]) or 'none'})"
        )
    return MacroCommand(f"Apply {statistic} figures", children)
