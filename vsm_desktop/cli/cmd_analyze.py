"""``vsm analyze``: every headline figure of one map or all maps, as text or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from vsm_desktop.model import ValueMap

from .common import (
    EXIT_INVALID,
    EXIT_OK,
    analyze_map,
    calendar_text,
    duration,
    find_map,
    open_ws,
    percent,
    render_table,
)

WASTE_TOP = 5


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "analyze",
        help="lead time, flow efficiency, critical path, waste, rework and takt of maps",
        description=(
            "Analyse one map (--map) or every map of WS.vsm. Exit status 1 when a map is "
            "invalid (e.g. a cycle of handoffs not marked as rework); its problems name the "
            "stages."
        ),
    )
    parser.add_argument("workspace", type=Path, metavar="WS.vsm")
    parser.add_argument("--map", metavar="NAME", help="only this map (default: all maps)")
    parser.add_argument(
        "--json",
        action="store_true",
        help="print JSON: one object for --map, else a list of objects (see docs/cli.md)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path: Path = args.workspace
    workspace = open_ws(path)
    if args.map is not None:
        maps = [find_map(workspace, args.map, path)]
    else:
        maps = list(workspace.maps.values())
    results = [(m, *analyze_map(m)) for m in maps]
    invalid = [m.name for m, metrics, _ in results if not metrics.valid]
    if args.json:
        objects = [data for _, _, data in results]
        print(json.dumps(objects[0] if args.map is not None else objects, indent=2))
    elif not maps:
        print(f"{path}: no maps")
    else:
        print("\n\n".join(map_report(m, metrics, data) for m, metrics, data in results))
    for name in invalid:
        print(f"vsm analyze: {path}: map {name!r} is invalid; see its problems", file=sys.stderr)
    return EXIT_INVALID if invalid else EXIT_OK


def map_report(value_map: ValueMap, metrics: Any, data: dict[str, Any]) -> str:
    """The human-readable report of one map, durations in the map's calendar."""
    cal = value_map.calendar
    critical = set(data.get("critical_path") or [])
    stage_rows = [
        [
            s.name,
            s.team,
            duration(s.touch_s, cal),
            duration(s.wait_s, cal),
            f"{s.pca:g}",
            f"{s.people:g}",
            "*" if s.name in critical else "",
        ]
        for s in value_map.stages.values()
    ]
    lines = [f"Map {value_map.name!r} ({value_map.role.value}), calendar {calendar_text(cal)}"]
    if stage_rows:
        headers = ["Stage", "Team", "Touch", "Wait", "%C&A", "People", "Critical"]
        lines += ["", render_table(headers, stage_rows, right="2345")]
    takt = data.get("takt_s")
    figures = [
        ("Lead time", duration(data.get("lead_time_s"), cal)),
        ("Process time", duration(data.get("process_time_s"), cal)),
        ("Work content", duration(data.get("work_content_s"), cal)),
        ("Flow efficiency", percent(data.get("flow_efficiency_pct"))),
        ("Rolled %C&A", percent(data.get("rolled_pca_pct"))),
        ("Rework-adjusted LT", _rework_text(data, cal)),
        (
            "Handoffs",
            f"{data.get('handoffs', 0)} ({data.get('cross_team_handoffs', 0)} cross-team, "
            f"{getattr(metrics, 'rework_handoffs', 0)} rework)",
        ),
        ("Takt time", "– (no demand set)" if takt is None else duration(takt, cal)),
        ("Critical path", " → ".join(data.get("critical_path") or []) or "–"),
    ]
    width = max(len(label) for label, _ in figures)
    lines.append("")
    lines += [f"{label.ljust(width)}  {value}" for label, value in figures]
    if takt is not None:
        over = ", ".join(data.get("over_takt") or []) or "none"
        lines.append(f"{'Over takt'.ljust(width)}  {over}")
    waste = [w for w in data.get("waste") or [] if w.get("wait_s")][:WASTE_TOP]
    if waste:
        lines += ["", f"Waste (top {WASTE_TOP} waits)"]
        rows = [[w["stage"], duration(w["wait_s"], cal), percent(w["share_pct"])] for w in waste]
        lines.append(render_table(["Stage", "Wait", "Share of LT"], rows, right="12"))
    problems = list(getattr(metrics, "problems", ()))
    if problems:
        lines += ["", "Problems"]
        lines += [f"  {p.severity}: {p.message}" for p in problems]
    return "\n".join(lines)


def _rework_text(data: dict[str, Any], cal: Any) -> str:
    text = duration(data.get("rework_adjusted_lead_time_s"), cal)
    if data.get("rework_exact", True):
        return text
    # No closed form (e.g. a loop beside a parallel branch): a seeded simulation's mean.
    return f"{text} (simulated mean; p85 {duration(data.get('rework_p85_s'), cal)})"
