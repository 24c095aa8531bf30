"""``vsm demo``: write the demo workspace (a current and a target software-delivery map)."""

from __future__ import annotations

import argparse
from pathlib import Path

from vsm_desktop.model.demo import demo_workspace

from .common import EXIT_OK, CliError, save_ws


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "demo",
        help="write the demo workspace to a file",
        description=(
            "Write a demo workspace: a current software-delivery map across six teams (with a "
            "rework loop, a parallel security review and kaizen bursts) and its target map."
        ),
    )
    parser.add_argument("workspace", type=Path, metavar="WS.vsm")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path: Path = args.workspace
    if path.exists() and not args.force:
        raise CliError(f"{path}: file exists; add --force to overwrite it")
    if path.is_dir():
        raise CliError(f"{path}: is a folder, not a workspace file")
    if not path.parent.exists():
        raise CliError(f"{path.parent}: no such folder")
    workspace = demo_workspace()
    save_ws(workspace, path, replace=True)
    names = ", ".join(repr(m.name) for m in workspace.maps.values())
    print(f"{path}: wrote the demo workspace with maps {names}")
    return EXIT_OK
