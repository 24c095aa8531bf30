"""``python -m vsm_desktop.launch [WS.vsm]``: what the README's run command starts.

Opens the desktop app when it is installed (``vsm_desktop.ui.app.main``). Until then, and on a
machine without a display toolkit, it shows the workspace in the terminal: with no file given it
writes the demo workspace to the user's data folder first and prints ``vsm maps`` and
``vsm analyze`` for it.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import os
import sys
from collections.abc import Sequence
from pathlib import Path


def data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "vsm-desktop"


def demo_path() -> Path:
    return data_dir() / "demo.vsm"


def show_in_terminal(args: Sequence[str]) -> int:
    """Print the maps and the analysis of ``args[0]``, or of the demo workspace (written when
    missing, never overwritten)."""
    from vsm_desktop.cli.main import main as vsm

    if args:
        path = Path(args[0])
    else:
        path = demo_path()
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            status = vsm(["demo", str(path)])
            if status:
                return status
    status = vsm(["maps", str(path)])
    if status:
        return status
    print()
    return vsm(["analyze", str(path)])


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if importlib.util.find_spec("vsm_desktop.ui.app") is not None:
        app = importlib.import_module("vsm_desktop.ui.app")
        app_main = getattr(app, "main", None)
        if callable(app_main):
            if inspect.signature(app_main).parameters:
                return int(app_main(args) or 0)
            sys.argv = [sys.argv[0], *args]
            return int(app_main() or 0)
    return show_in_terminal(args)


if __name__ == "__main__":
    sys.exit(main())
