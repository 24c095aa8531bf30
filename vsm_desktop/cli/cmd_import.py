"""``vsm import``, ``vsm imports`` and ``vsm remove-import``: measurements into a workspace,
listed, and taken out again (see docs/measurements-import.md)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from vsm_desktop.model import ELAPSED, WORKING, Workspace

from .common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, CliError, find_map, open_ws, render_table

if TYPE_CHECKING:
    from vsm_desktop.model import ValueMap

_KINDS = ("events", "incidents", "deploys", "features")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    imp = subparsers.add_parser(
        "import",
        help="import an event log, status history or outcome table into a workspace",
        description=(
            "Read FILE (CSV, XLSX, XES or a Jira status history) and store its rows in WS.vsm "
            "as one import that can be listed and removed. Bad rows abort the import with a "
            "list of them unless --skip-bad-rows is given. WS.vsm is created if missing."
        ),
    )
    imp.add_argument("workspace", type=Path, metavar="WS.vsm")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument(
        "--format",
        choices=("csv", "xlsx", "xes", "jira"),
        help="the file's format (default: from its name; .json is a Jira search)",
    )
    imp.add_argument(
        "--kind",
        choices=_KINDS,
        default="events",
        help="what the file holds (default: events)",
    )
    imp.add_argument("--sheet", metavar="NAME", help="the worksheet of an .xlsx file")
    target = imp.add_mutually_exclusive_group()
    target.add_argument("--map", metavar="NAME", help="link the import to this map")
    target.add_argument(
        "--create-map",
        metavar="NAME",
        help="discover a draft map named NAME from the events and link the import to it",
    )
    imp.add_argument(
        "--calendar",
        choices=("working", "elapsed"),
        help="calendar of a map made with --create-map (default: elapsed)",
    )
    imp.add_argument(
        "--columns",
        metavar="ROLE=COL,...",
        help="column mapping, e.g. item=Key,activity=Status,timestamp=Changed "
        "(roles: item, activity, timestamp, start, end, resource)",
    )
    imp.add_argument(
        "--hooks", type=Path, metavar="HOOKS.csv", help="set the map's stage hooks from a CSV"
    )
    imp.add_argument("--tz", metavar="ZONE", help="zone of times without one (default: UTC)")
    imp.add_argument(
        "--date-order",
        choices=("dmy", "mdy"),
        help="order of ambiguous dates like 03/04/2024 (default: from the data, else dmy)",
    )
    imp.add_argument(
        "--skip-bad-rows",
        action="store_true",
        help="import the good rows and count the bad ones instead of aborting",
    )
    imp.set_defaults(run=run_import)

    lst = subparsers.add_parser(
        "imports",
        help="list the imports of a workspace",
        description="One line per import: id, kind, format, rows, skipped rows, map, source.",
    )
    lst.add_argument("workspace", type=Path, metavar="WS.vsm")
    lst.set_defaults(run=run_imports)

    rem = subparsers.add_parser(
        "remove-import",
        help="remove one import and exactly its rows",
        description="Remove the import with id ID (see 'vsm imports') and all rows it brought.",
    )
    rem.add_argument("workspace", type=Path, metavar="WS.vsm")
    rem.add_argument("id", type=int, metavar="ID")
    rem.set_defaults(run=run_remove)


def _existing_workspace(path: Path) -> None:
    if not path.exists():
        raise CliError(f"{path}: no such workspace file", EXIT_INVALID)


def _problem_error(exc: Exception) -> CliError:
    # The core's message is for both the app and the command line; here the way to skip is a flag.
    text = str(exc).replace("(skip the bad rows to", "(add --skip-bad-rows to", 1)
    return CliError(text, EXIT_USAGE)


def run_import(args: argparse.Namespace) -> int:
    from vsm_desktop.measure.importers import read_events
    from vsm_desktop.measure.importers.outcomes import read_outcomes
    from vsm_desktop.measure.importers.run import store_parsed
    from vsm_desktop.measure.problems import ImportFileError
    from vsm_desktop.store import WorkspaceFileError, save_workspace

    path: Path = args.workspace
    if args.kind != "events" and (args.create_map or args.hooks or args.map):
        raise CliError("--map, --create-map and --hooks apply to event imports only")
    if args.hooks and not (args.map or args.create_map):
        raise CliError("--hooks needs --map or --create-map (the map whose stages get them)")
    if args.calendar and not args.create_map:
        raise CliError("--calendar applies to a map made with --create-map")
    workspace = open_ws(path, create=True)
    value_map: ValueMap | None = find_map(workspace, args.map, path) if args.map else None
    if args.create_map and workspace.map_named(args.create_map) is not None:
        raise CliError(f"{path}: a map named {args.create_map!r} already exists")
    on_error: Literal["abort", "skip"] = "skip" if args.skip_bad_rows else "abort"
    try:
        parsed: Any
        if args.kind == "events":
            parsed = read_events(
                args.file,
                args.format,
                sheet=args.sheet,
                columns=args.columns,
                tz=args.tz,
                date_order=args.date_order,
            )
        else:
            parsed = read_outcomes(
                args.file,
                args.kind,
                args.format,
                sheet=args.sheet,
                columns=args.columns,
                tz=args.tz,
                date_order=args.date_order,
            )
        # Check the hooks file before anything is written.
        if args.create_map:
            value_map = _discover(parsed.table, args.create_map, args.calendar, str(args.file))
        hooks = _read_hooks(args.hooks, value_map) if args.hooks else None
        created = not path.exists()
        if created:
            save_workspace(Workspace(), path)
        try:
            summary = store_parsed(
                path,
                parsed,
                kind=args.kind,
                map_id=value_map.id if value_map is not None else None,
                on_error=on_error,
            )
        except BaseException:
            # Bad rows without --skip-bad-rows, a file without data rows, Ctrl+C: an aborted
            # import writes nothing, not even the empty workspace made for it.
            if created:
                path.unlink(missing_ok=True)
            raise
    except ImportFileError as exc:  # ImportProblems too: nothing was written
        raise _problem_error(exc) from None
    except WorkspaceFileError as exc:
        raise CliError(str(exc)) from None
    if value_map is not None and (args.create_map or hooks):
        _save_map(value_map, hooks, bool(args.create_map), path, summary.import_id)
    _report(summary, value_map, bool(args.create_map))
    return EXIT_OK


def _discover(events: Any, name: str, calendar: str | None, source: str) -> ValueMap:
    from vsm_desktop.measure.discover import discover_map

    cal = WORKING if calendar == "working" else ELAPSED
    return discover_map(events, name, cal, source=source)


def _read_hooks(hooks_path: Path, value_map: ValueMap | None) -> dict[str, dict[str, list[str]]]:
    from vsm_desktop.measure.hooks import HooksError, read_hooks_csv

    assert value_map is not None
    try:
        return read_hooks_csv(hooks_path, value_map)
    except HooksError as exc:
        raise CliError(str(exc)) from None


def _save_map(
    value_map: ValueMap,
    hooks: dict[str, dict[str, list[str]]] | None,
    created: bool,
    path: Path,
    import_id: int,
) -> None:
    """Add the discovered map and/or set hooks, then save; undo the import if saving fails."""
    from vsm_desktop.measure.hooks import hooks_command
    from vsm_desktop.model import AddMapCommand
    from vsm_desktop.store import WorkspaceFileError, open_workspace, save_workspace
    from vsm_desktop.store.measurements import remove_import

    try:
        # Save into the file as it is now (it holds the new import), keeping its measurements.
        current = open_workspace(path)
        if created:
            AddMapCommand(value_map).apply(current)
        target = current.map(value_map.id)
        if hooks:
            hooks_command(target, hooks).apply(current)
        save_workspace(current, path)
    except (WorkspaceFileError, OSError) as exc:
        remove_import(path, import_id)
        raise CliError(f"{path}: cannot save the map, import undone: {exc}") from None


def _report(summary: Any, value_map: ValueMap | None, created: bool) -> None:
    skipped = f", {summary.skipped} bad row(s) skipped" if summary.skipped else ""
    print(
        f"import {summary.import_id}: {summary.rows} {summary.kind} row(s) from "
        f"{summary.source} ({summary.format}){skipped}"
    )
    for problem in summary.problems[:20]:
        print(f"  skipped {problem}")
    if len(summary.problems) > 20:
        print(f"  … and {len(summary.problems) - 20} more")
    for note in summary.notes:
        print(f"  note: {note}")
    if value_map is not None:
        verb = "created map" if created else "linked to map"
        print(f"{verb} {value_map.name!r} ({len(value_map.stages)} stages)")


def run_imports(args: argparse.Namespace) -> int:
    from vsm_desktop.store import WorkspaceFileError
    from vsm_desktop.store.measurements import list_imports

    path: Path = args.workspace
    _existing_workspace(path)
    try:
        records = list_imports(path)
    except WorkspaceFileError as exc:
        raise CliError(str(exc)) from None
    if not records:
        print(f"{path}: no imports")
        return EXIT_OK
    workspace = open_ws(path)
    rows = []
    for rec in records:
        linked = workspace.maps.get(rec.map_id) if rec.map_id else None
        rows.append(
            [
                str(rec.id),
                rec.kind,
                rec.format,
                str(rec.rows),
                str(rec.skipped),
                linked.name if linked else (rec.map_id or ""),
                rec.created_at.replace("T", " ").replace("+00:00", "Z"),
                rec.source,
            ]
        )
    headers = ["ID", "Kind", "Format", "Rows", "Skipped", "Map", "Imported", "Source"]
    print(render_table(headers, rows, right="034"))
    return EXIT_OK


def run_remove(args: argparse.Namespace) -> int:
    from vsm_desktop.store import WorkspaceFileError
    from vsm_desktop.store.measurements import UnknownImportError, remove_import

    path: Path = args.workspace
    _existing_workspace(path)
    try:
        rec = remove_import(path, args.id)
    except UnknownImportError as exc:
        raise CliError(str(exc)) from None
    except WorkspaceFileError as exc:
        raise CliError(str(exc)) from None
    print(f"removed import {rec.id}: {rec.rows} {rec.kind} row(s) from {rec.source}")
    return EXIT_OK
