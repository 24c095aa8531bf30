"""``vsm``: the parser and the list of command modules.

Each command lives in ``cli/cmd_<name>.py`` and exposes ``register(subparsers)``, which adds its
sub-parser and sets ``run=<function(args) -> int>`` as its default. To add a command, add its
name to :data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from vsm_desktop import __version__

from .common import CliError

COMMANDS: tuple[str, ...] = (
    "new",
    "stages",
    "maps",
    "analyze",
    "compare",
    "demo",
    "export",
    "update_from_xlsx",
    "measure",  # also registers "apply"
    "import",  # also registers "imports" and "remove-import"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vsm",
        description="Value-stream maps from the command line: create, analyse, compare.",
        epilog="Run 'vsm COMMAND --help' for the options of one command.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"vsm_desktop.cli.cmd_{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit status (0 ok, 1 invalid map or missing file,
    2 usage or bad input). Errors go to stderr without a traceback."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    run = getattr(args, "run", None)
    if run is None:  # a command module that forgot parser.set_defaults(run=...)
        print(f"vsm {args.command}: error: command has no implementation", file=sys.stderr)
        return 2
    try:
        status: int = run(args)
    except CliError as exc:
        print(f"vsm {args.command}: error: {exc}", file=sys.stderr)
        return exc.status
    except BrokenPipeError:  # output piped into e.g. head, which stopped reading
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("vsm: interrupted", file=sys.stderr)
        return 130
    sys.stdout.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
