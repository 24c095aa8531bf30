"""``vsm stages``: replace an existing map's stages and handoffs with a stage table."""

from __future__ import annotations

import argparse
from pathlib import Path

from vsm_desktop.model import CommandStack

from .cmd_new import link_by_name
from .common import EXIT_OK, CliError, find_map, open_ws, save_ws


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "stages",
        help="update an existing map from a CSV or XLSX stage table",
        description=(
            "Make the map hold exactly the stages of TABLE. Stages matched by name "
            "(case-insensitive) keep their id, position, notes and hooks; stages missing from "
            "the table are removed; new stages are laid out left to right. A table with bad "
            "rows changes nothing and lists every problem with its row number."
        ),
    )
    parser.add_argument("workspace", type=Path, metavar="WS.vsm")
    parser.add_argument("--map", required=True, metavar="NAME", help="the map to update")
    parser.add_argument("table", type=Path, metavar="TABLE", help="CSV or XLSX stage table")
    parser.add_argument("--sheet", help="worksheet of an XLSX table (default: the first)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from vsm_desktop.export.stage_table import (
        StageTableError,
        read_stage_table,
        stage_table_command,
    )

    path: Path = args.workspace
    workspace = open_ws(path)
    value_map = find_map(workspace, args.map, path)
    try:
        table = read_stage_table(args.table, value_map.calendar, value_map.display_unit, args.sheet)
    except StageTableError as exc:
        raise CliError(str(exc)) from None
    before = set(value_map.stages)
    command = stage_table_command(table, value_map)
    current = workspace.maps.get(value_map.target_of) if value_map.target_of else None
    link_by_name(command.stages, current)
    CommandStack(workspace).push(command)
    save_ws(workspace, path)
    after = set(value_map.stages)
    print(
        f"{path}: map {value_map.name!r} now has {len(after)} stage(s) "
        f"({len(after & before)} kept, {len(after - before)} added, "
        f"{len(before - after)} removed)"
    )
    return EXIT_OK
