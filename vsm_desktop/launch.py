"""``python -m vsm_desktop.launch [WS.vsm]``: what the README's run command starts.

Opens the desktop app (``vsm_desktop.ui.app.main``) on the file, or on the demo workspace when
none is given. On a machine with no display (Linux without X11/Wayland and no
``QT_QPA_PLATFORM`` set) or without Qt, it shows the workspace in the terminal instead: with no
file given it writes the demo workspace to the user's data folder first and prints ``vsm maps``
and ``vsm analyze`` for it.
"""

from __future__ import annotations

import importlib.util
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


def has_display() -> bool:
    """False where starting Qt would abort: Linux/BSD with no X11 or Wayland display and no
    explicit platform (``QT_QPA_PLATFORM=offscreen`` counts as one)."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from vsm_desktop.ui.app import parse_args

    parse_args(args)  # --version, --help and bad arguments answer here, display or not
    if not has_display():
        print("No display found: showing the workspace in the terminal.", file=sys.stderr)
        return show_in_terminal([a for a in args if not a.startswith("-")])
    if importlib.util.find_spec("PySide6") is None:
        print(
            "Qt (PySide6) is not installed: showing the workspace in the terminal.", file=sys.stderr
        )
        return show_in_terminal([a for a in args if not a.startswith("-")])
    from vsm_desktop.ui.app import main as app_main

    return app_main(args or ["--demo"])  # the run command opens the demo, never the start dialog


if __name__ == "__main__":
    sys.exit(main())
