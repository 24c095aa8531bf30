"""``vsm update-from-xlsx``: read back a workbook written by ``vsm export`` and edited in Excel or
LibreOffice (see docs/excel.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from vsm_desktop.model import CommandStack

from .common import EXIT_OK, CliError, open_ws, save_ws


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "update-from-xlsx",
        help="apply the edits of an exported workbook to the workspace",
        description=(
            "Read IN.xlsx (written by 'vsm export', then edited) and make each exported map "
            "hold its sheet's calendar and demand (row 2) and its stage table: times in the "
            "hours columns, names, teams, %C&A, people, next, rework, data-box fields; rows "
            "added are new stages, rows deleted are removed stages. Prints what changes. A "
            "workbook with bad cells changes nothing and lists every problem by sheet, row and "
            "column."
        ),
    )
    parser.add_argument("workspace", type=Path, metavar="WS.vsm")
    parser.add_argument("xlsx", type=Path, metavar="IN.xlsx")
    parser.add_argument(
        "--dry-run", action="store_true", help="print the changes without saving them"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from vsm_desktop.export.workbook_read import WorkbookReadError, read_workbook

    path: Path = args.workspace
    workspace = open_ws(path)
    try:
        update = read_workbook(args.xlsx, workspace)
    except WorkbookReadError as exc:
        raise CliError(str(exc)) from None
    for line in update.describe():
        print(line)
    command = update.command
    if command is None:
        print(f"{path}: nothing to change")
        return EXIT_OK
    if args.dry_run:
        print(f"{path}: dry run, nothing saved")
        return EXIT_OK
    CommandStack(workspace).push(command)
    save_ws(workspace, path)  # keeps the imported measurements in the file
    print(f"{path}: {len(update.maps)} map(s) updated")
    return EXIT_OK
