"""``vsm new``: add a map to a workspace (created when missing), optionally from a stage table."""

from __future__ import annotations

import argparse
import math
from collections.abc import Iterable
from pathlib import Path

from vsm_desktop.model import (
    ELAPSED,
    AddMapCommand,
    Calendar,
    CommandStack,
    MapRole,
    Stage,
    ValueMap,
)
from vsm_desktop.model.duration import UNITS

from .common import EXIT_OK, CliError, find_map, open_ws, save_ws


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "new",
        help="add a map to a workspace (creating the file when missing)",
        description=(
            "Add a map to WS.vsm, creating the file when it does not exist. Refuses a map name "
            "that is already taken; use 'vsm stages' to update an existing map from a table."
        ),
    )
    parser.add_argument("workspace", type=Path, metavar="WS.vsm")
    parser.add_argument("--map", required=True, metavar="NAME", help="name of the new map")
    parser.add_argument(
        "--role",
        choices=[r.value for r in MapRole],
        help="role of the map (default: target with --target-of, else current)",
    )
    parser.add_argument(
        "--target-of", metavar="MAP", help="name of the map this one is the target of"
    )
    parser.add_argument(
        "--stages", type=Path, metavar="TABLE", help="CSV or XLSX stage table to fill the map"
    )
    parser.add_argument("--sheet", help="worksheet of an XLSX table (default: the first)")
    add_calendar_options(parser)
    parser.set_defaults(run=run)


def add_calendar_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--calendar",
        choices=["working", "elapsed"],
        default="working",
        help="working: H-hour days, N-day weeks; elapsed: 24-hour days, 7-day weeks",
    )
    parser.add_argument(
        "--hours-per-day", type=float, metavar="H", help="working hours per day (default 8)"
    )
    parser.add_argument(
        "--days-per-week", type=float, metavar="N", help="working days per week (default 5)"
    )
    parser.add_argument(
        "--demand", type=float, metavar="ITEMS_PER_DAY", help="items demanded per working day"
    )
    parser.add_argument(
        "--unit",
        choices=UNITS,
        default="h",
        help="display unit; a bare number in the table means this unit (default h)",
    )


def calendar_from(args: argparse.Namespace) -> Calendar:
    if args.calendar == "elapsed":
        if args.hours_per_day is not None or args.days_per_week is not None:
            raise CliError("--calendar elapsed is 24 h x 7 d; drop --hours-per-day/--days-per-week")
        return ELAPSED
    hours = 8.0 if args.hours_per_day is None else args.hours_per_day
    days = 5.0 if args.days_per_week is None else args.days_per_week
    try:
        return Calendar(hours, days)
    except ValueError as exc:
        raise CliError(f"bad calendar: {exc}") from None


def link_by_name(stages: Iterable[Stage], current: ValueMap | None) -> None:
    """Link target stages that have no link yet to the current map's stage of the same name."""
    if current is None:
        return
    for stage in stages:
        if stage.link is None:
            match = current.stage_named(stage.name)
            stage.link = match.id if match else None


def run(args: argparse.Namespace) -> int:
    from vsm_desktop.export.stage_table import (
        StageTableError,
        build_map_content,
        read_stage_table,
    )

    path: Path = args.workspace
    name = args.map.strip()
    if not name:
        raise CliError("--map needs a non-empty name")
    calendar = calendar_from(args)
    # inf passes "> 0" but makes takt 0, so every stage would be over takt.
    if args.demand is not None and not (args.demand > 0 and math.isfinite(args.demand)):
        raise CliError(f"--demand must be a number above zero, not {args.demand:g}")
    workspace = open_ws(path, create=True)
    if workspace.map_named(name) is not None:
        raise CliError(
            f"{path}: a map named {name!r} already exists; "
            f"use 'vsm stages {path} --map {name!r} TABLE' to update its stages"
        )
    current = find_map(workspace, args.target_of, path) if args.target_of else None
    role = MapRole(args.role) if args.role else (MapRole.TARGET if current else MapRole.CURRENT)
    if current is not None and role is not MapRole.TARGET:
        raise CliError("--target-of makes the map a target; drop --role or use --role target")

    value_map = ValueMap(
        name=name,
        role=role,
        target_of=current.id if current else None,
        calendar=calendar,
        demand_per_day=args.demand,
        display_unit=args.unit,
    )
    if args.stages is not None:
        try:
            table = read_stage_table(args.stages, calendar, args.unit, args.sheet)
        except StageTableError as exc:
            raise CliError(str(exc)) from None
        stages, handoffs = build_map_content(table, None)
        link_by_name(stages, current)
        value_map.stages = {s.id: s for s in stages}
        value_map.handoffs = {h.id: h for h in handoffs}
    CommandStack(workspace).push(AddMapCommand(value_map))
    save_ws(workspace, path)
    print(f"{path}: added {role.value} map {name!r} with {len(value_map.stages)} stage(s)")
    return EXIT_OK
