"""``vsm measure`` and ``vsm apply``: measured per-stage figures of a map, and filling the map's
stage times from them (see docs/measurements.md)."""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vsm_desktop.model import CommandStack, ValueMap, Workspace

from .common import (
    EXIT_INVALID,
    EXIT_OK,
    CliError,
    calendar_text,
    duration,
    find_map,
    open_ws,
    render_table,
    save_ws,
)

if TYPE_CHECKING:  # the measure modules load on use, keeping `vsm --help` quick
    from vsm_desktop.measure.stats import Figures


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    measure = subparsers.add_parser(
        "measure",
        help="per-stage touch and wait, lead time and throughput measured from imported events",
        description=(
            "Compute the measured figures of a map from the events imported into WS.vsm "
            "(all event imports, or those given with --import), using the stages' hooks and "
            "the map's calendar."
        ),
    )
    _common(measure)
    measure.add_argument("--json", action="store_true", help="print JSON (see docs/cli.md)")
    measure.set_defaults(run=run_measure)

    apply = subparsers.add_parser(
        "apply",
        help="fill a map's stage times from measured figures and save",
        description=(
            "Set touch and wait of every stage that has measured data to the chosen "
            "statistic, record where each figure came from, and save WS.vsm."
        ),
    )
    _common(apply)
    apply.add_argument(
        "--statistic",
        choices=("median", "mean", "p85", "p95"),
        default="median",
        help="which statistic to apply (default: median)",
    )
    apply.set_defaults(run=run_apply)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workspace", type=Path, metavar="WS.vsm")
    parser.add_argument("--map", metavar="NAME", required=True, help="the map to measure")
    parser.add_argument(
        "--import",
        dest="imports",
        metavar="ID",
        type=int,
        action="append",
        help="use only this event import (repeatable; default: every event import)",
    )


def _figures(args: argparse.Namespace) -> tuple[Workspace, ValueMap, Figures]:
    from vsm_desktop.measure.calendar_time import clock_from_settings
    from vsm_desktop.measure.stats import compute_figures
    from vsm_desktop.store.measurements import UnknownImportError, list_imports, load_events

    path: Path = args.workspace
    workspace = open_ws(path)
    value_map = find_map(workspace, args.map, path)
    known = [r.id for r in list_imports(path, kind="events")]
    ids: list[int] | None = args.imports
    if ids:
        missing = [i for i in ids if i not in known]
        if missing:
            have = ", ".join(map(str, known)) or "none"
            raise CliError(
                f"{path}: no event import with id {', '.join(map(str, missing))} "
                f"(event imports: {have})"
            )
    used = ids or known
    try:
        events = load_events(path, ids)
    except UnknownImportError as exc:
        raise CliError(str(exc)) from None
    if len(events) == 0:
        raise CliError(f"{path}: no imported events; import an event log first", EXIT_INVALID)
    try:
        clock = clock_from_settings(value_map.calendar, workspace.settings)
    except ValueError as exc:
        raise CliError(f"{path}: {exc}") from None
    source = ("import " if len(used) == 1 else "imports ") + ", ".join(map(str, used))
    return workspace, value_map, compute_figures(events, value_map, clock, source=source)


def _num(value: float) -> float | None:
    return None if math.isnan(value) else round(float(value), 3)


def figures_json(value_map: ValueMap, figures: Figures) -> dict[str, Any]:
    """The JSON object of ``vsm measure --json`` (durations in working seconds)."""
    from vsm_desktop.measure.flow import throughput_per_week

    throughput = throughput_per_week(figures)
    stages = []
    for s in figures.stages:
        row: dict[str, Any] = {
            "stage": s.name,
            "stage_id": s.stage_id,
            "items": s.items,
            "visits": s.visits,
            "coverage": round(s.coverage, 4),
        }
        for kind, summary in (("touch", s.touch), ("wait", s.wait)):
            for stat in ("mean", "median", "p85", "p95"):
                row[f"{kind}_{stat}_s"] = _num(getattr(summary, stat))
        stages.append(row)
    return {
        "map": value_map.name,
        "source": figures.source,
        "calendar": {
            "hours_per_day": value_map.calendar.hours_per_day,
            "days_per_week": value_map.calendar.days_per_week,
            "day_start_h": figures.clock.day_start_h,
            "utc_offset_h": figures.clock.utc_offset_h,
        },
        "items": figures.item_count,
        "done_items": figures.lead_time.count,
        "lead_time_median_s": _num(figures.lead_time.median),
        "lead_time_p85_s": _num(figures.lead_time.p85),
        "lead_time_mean_s": _num(figures.lead_time.mean),
        "flow_efficiency_median": _num(figures.flow_efficiency.median),
        "throughput_per_week": _num(throughput.mean),
        "throughput_by_week": throughput.as_dict(),
        "stages": stages,
        "unhooked": list(figures.unhooked),
        "hook_clashes": [c.name for c in figures.clashes],
    }


def run_measure(args: argparse.Namespace) -> int:
    _, value_map, figures = _figures(args)
    if args.json:
        print(json.dumps(figures_json(value_map, figures), indent=2))
        return EXIT_OK
    cal = value_map.calendar
    rows = [
        [
            s.name,
            str(s.items),
            str(s.visits),
            f"{s.coverage:.0%}",
            duration(_num(s.touch.median), cal),
            duration(_num(s.touch.p85), cal),
            duration(_num(s.wait.median), cal),
            duration(_num(s.wait.p85), cal),
        ]
        for s in figures.stages
    ]
    data = figures_json(value_map, figures)
    lines = [
        f"Map {value_map.name!r}, measured from {figures.source} "
        f"({figures.item_count} items, {figures.lead_time.count} done)",
        f"Calendar: {calendar_text(cal)}",
        f"Lead time: median {duration(data['lead_time_median_s'], cal)}, "
        f"p85 {duration(data['lead_time_p85_s'], cal)}",
        f"Throughput: {data['throughput_per_week'] or 0:.1f} items per week",
        "",
        render_table(
            ["stage", "items", "passes", "coverage", "touch", "touch p85", "wait", "wait p85"],
            rows,
            right="1234567",
        ),
    ]
    if figures.unhooked:
        lines.append(f"\nEvents no stage hooks: {', '.join(figures.unhooked[:12])}")
    print("\n".join(lines))
    return EXIT_OK


def run_apply(args: argparse.Namespace) -> int:
    from vsm_desktop.measure.apply import NoFiguresError, apply_figures

    workspace, value_map, figures = _figures(args)
    try:
        command = apply_figures(value_map, figures, args.statistic)
    except NoFiguresError as exc:
        raise CliError(f"{args.workspace}: {exc}", EXIT_INVALID) from None
    CommandStack(workspace).push(command)
    save_ws(workspace, args.workspace)
    changed = sum(1 for s in figures.stages if s.visits)
    print(
        f"Applied the {args.statistic} of {figures.source} to {changed} stage(s) of "
        f"{value_map.name!r}; saved {args.workspace}"
    )
    return EXIT_OK
