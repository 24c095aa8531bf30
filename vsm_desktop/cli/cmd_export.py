"""``vsm export``: write maps to an Excel workbook (see docs/excel.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from vsm_desktop.model import Workspace

from .common import EXIT_OK, CliError, find_map, open_ws

if TYPE_CHECKING:
    from vsm_desktop.measure.stats import Figures


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "export",
        help="write maps to an Excel workbook (figures as live formulas)",
        description=(
            "Write the maps of WS.vsm to an Excel workbook: a Summary of headline figures, a "
            "sheet per map with its stage table, handoffs, critical-path timeline, measured "
            "figures and chart, and a Compare sheet for each target and its current map. Edit "
            "the yellow columns and read the workbook back with 'vsm update-from-xlsx'."
        ),
    )
    parser.add_argument("workspace", type=Path, metavar="WS.vsm")
    parser.add_argument("--xlsx", type=Path, required=True, metavar="OUT.xlsx")
    parser.add_argument(
        "--map",
        action="append",
        metavar="NAME",
        help="export only this map (repeat for several; default: all maps)",
    )
    parser.add_argument(
        "--no-pictures",
        action="store_true",
        help="leave out the map pictures (they need Qt; without it they are left out anyway)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from vsm_desktop.export.workbook_write import ExportError, export_workbook

    path: Path = args.workspace
    workspace = open_ws(path)
    if args.map:
        map_ids = [find_map(workspace, name, path).id for name in args.map]
    else:
        map_ids = list(workspace.maps)
    if not map_ids:
        raise CliError(f"{path}: the workspace has no maps to export")
    out: Path = args.xlsx
    if out.suffix.lower() != ".xlsx":
        raise CliError(f"{out}: the workbook name must end in .xlsx")
    images = None if args.no_pictures else _pictures(workspace, map_ids)
    measurements = _measurements(workspace, path, map_ids)
    try:
        export_workbook(workspace, out, map_ids=map_ids, images=images, measurements=measurements)
    except (ExportError, OSError) as exc:
        raise CliError(f"{out}: cannot write: {exc}") from None
    extra = []
    if images:
        extra.append("pictures")
    if measurements:
        extra.append(f"measured figures of {len(measurements)} map(s)")
    print(f"{out}: {len(map_ids)} map(s) exported" + (f" with {', '.join(extra)}" if extra else ""))
    return EXIT_OK


def _pictures(workspace: Workspace, map_ids: list[str]) -> dict[str, bytes] | None:
    """Map pictures drawn by the canvas offscreen; left out (with a note) without Qt."""
    try:
        from vsm_desktop.ui.map_pictures import render_map_pictures
    except ImportError as exc:
        print(f"vsm export: map pictures left out (Qt is not available: {exc})", file=sys.stderr)
        return None
    try:
        return render_map_pictures(workspace, map_ids)
    except Exception as exc:  # a platform without a usable Qt backend: export without them
        print(f"vsm export: map pictures left out ({exc})", file=sys.stderr)
        return None


def _measurements(workspace: Workspace, path: Path, map_ids: list[str]) -> dict[str, Figures]:
    from vsm_desktop.measure.workspace_figures import measured_figures

    try:
        return measured_figures(workspace, path, map_ids)
    except ValueError as exc:  # unreadable measure.* settings
        raise CliError(f"{path}: {exc}") from None
