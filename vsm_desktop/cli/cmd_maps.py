"""``vsm maps``: list a workspace's maps with their headline figures."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import EXIT_OK, analyze_map, duration, open_ws, percent, render_table


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "maps",
        help="list the maps of a workspace with their headline figures",
        description=(
            "One line per map: name, role, target of, number of stages, lead time, process "
            "time and flow efficiency (durations in each map's calendar)."
        ),
    )
    parser.add_argument("workspace", type=Path, metavar="WS.vsm")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path: Path = args.workspace
    workspace = open_ws(path)
    if not workspace.maps:
        print(f"{path}: no maps")
        return EXIT_OK
    rows = []
    for value_map in workspace.maps.values():
        metrics, data = analyze_map(value_map)
        cal = value_map.calendar
        of = workspace.maps.get(value_map.target_of) if value_map.target_of else None
        rows.append(
            [
                value_map.name,
                value_map.role.value,
                of.name if of else "",
                str(len(value_map.stages)),
                duration(data.get("lead_time_s"), cal) if metrics.valid else "invalid",
                duration(data.get("process_time_s"), cal) if metrics.valid else "",
                percent(data.get("flow_efficiency_pct")) if metrics.valid else "",
            ]
        )
    headers = ["Map", "Role", "Target of", "Stages", "Lead time", "Process time", "Flow eff."]
    print(render_table(headers, rows, right="3456"))
    return EXIT_OK
