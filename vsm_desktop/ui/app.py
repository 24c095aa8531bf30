"""``vsm-desktop [WS.vsm] [--demo]``: start the desktop app.

Arguments are read before Qt is imported so ``--version`` and ``--help`` answer instantly, and
the window appears before anything it does not need yet (analysis, store, charts) is loaded.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from vsm_desktop import __version__

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow
    from .settings import AppSettings


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="vsm-desktop",
        description="Value-stream mapping for workshops: draw, measure, compare, export.",
    )
    parser.add_argument("workspace", nargs="?", type=Path, help="a .vsm workspace file to open")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start on the demo workspace (a first start without it asks how to begin)",
    )
    parser.add_argument("--empty", action="store_true", help="start on an empty workspace")
    parser.add_argument("--version", action="version", version=f"VSM Desktop {__version__}")
    return parser.parse_args(list(argv))


def make_application(argv: Sequence[str] = ()) -> QApplication:
    """The ``QApplication`` with the names that settings and data folders are filed under."""
    from PySide6.QtWidgets import QApplication

    from .settings import APPLICATION, ORGANIZATION

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QApplication.setOrganizationName(ORGANIZATION)
    QApplication.setApplicationName(APPLICATION)
    QApplication.setApplicationVersion(__version__)
    app = QApplication([sys.argv[0] if sys.argv else "vsm-desktop", *argv])
    app.setApplicationDisplayName(APPLICATION)
    from vsm_desktop.resources import brand_application  # window icon and .desktop entry name

    brand_application(app)
    return app


def create_window(
    workspace: Path | None = None,
    *,
    demo: bool = True,
    settings: AppSettings | None = None,
    recovery_dir: Path | None = None,
) -> MainWindow:
    """A main window on ``workspace``, else on recovered untitled work, else the demo (or an
    empty workspace when ``demo`` is false). Shared by :func:`main` and the screenshot script."""
    from .main_window import MainWindow

    window = MainWindow(settings=settings, recovery_dir=recovery_dir)
    if workspace is not None:
        if not window.open_path(workspace):
            window.file_ops.start_untitled(demo=demo)
    else:
        window.file_ops.start_untitled(demo=demo)
    return window


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    app = make_application()
    window = create_window(args.workspace, demo=not args.empty)
    if os.environ.get("VSM_STARTUP_PROBE"):
        # bench/bench_startup.py: print the time to the first paint, then quit.
        from .startup_probe import install_if_requested

        install_if_requested(window)
    window.show()
    window.map_view().zoom_to_fit()
    from .first_run import offer_start_later  # first start with nothing to open: ask how to begin

    offer_start_later(window, args)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
