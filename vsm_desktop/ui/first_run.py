"""How a first start begins: offer the demo, a blank map or a template instead of guessing.

The app asks only when it has nothing to open: no file on the command line, no ``--demo`` or
``--empty``, no recent files in the settings and no recovered work. ``./scripts/run`` passes
``--demo`` (see :mod:`vsm_desktop.launch`), so the developer's run command still opens the demo.

The choices are plain data (:class:`StartOption`, Qt-free, built from
:mod:`vsm_desktop.model.templates`); :mod:`.dialogs.start_dialog` only shows them. The window
behind the dialog already shows the demo, so closing the dialog keeps the demo.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vsm_desktop.model import Workspace
from vsm_desktop.model.demo import demo_workspace
from vsm_desktop.model.templates import blank_workspace, templates

if TYPE_CHECKING:
    from .main_window import MainWindow
    from .settings import AppSettings

#: ``StartOption.key`` of the choice that opens a file instead of building a workspace.
OPEN_FILE = "open"


@dataclass(frozen=True, slots=True)
class StartOption:
    """One way to begin; ``build`` is ``None`` for "open a file", which the window asks for."""

    key: str
    title: str
    description: str
    build: Callable[[], Workspace] | None


def start_options() -> list[StartOption]:
    """The choices of the start dialog, in the order shown."""
    options = [
        StartOption(
            "demo",
            "Explore the demo workshop",
            "A software-delivery value stream across six teams with its target map, rework "
            "and kaizen bursts: every feature on real-looking figures.",
            demo_workspace,
        ),
        StartOption(
            "blank",
            "Start a blank map",
            "One empty current-state map on an 8-hour, 5-day working calendar. Double-click "
            "the canvas to add stages, drag from a stage's right edge to connect them.",
            blank_workspace,
        ),
    ]
    for index, template in enumerate(templates(), start=1):
        options.append(
            StartOption(f"template-{index}", template.name, template.description, template.build)
        )
    options.append(
        StartOption(
            OPEN_FILE, "Open a workspace file…", "A .vsm file from an earlier workshop.", None
        )
    )
    return options


def wants_start_dialog(args: argparse.Namespace, settings: AppSettings) -> bool:
    """True on a start with nothing to open (see the module docstring)."""
    if args.workspace is not None or args.demo or args.empty:
        return False
    return not settings.recent_files()


def apply_start_option(window: MainWindow, option: StartOption) -> bool:
    """Put ``option``'s workspace into ``window`` (or ask for a file); False if nothing changed."""
    from .document import Document

    if option.build is None:
        return window.ask_open()
    workspace = option.build()
    window.set_document(Document(workspace))
    window.map_view().zoom_to_fit()
    window.statusBar().showMessage(f"Started: {option.title}", 6000)
    return True


def ask_how_to_start(window: MainWindow) -> StartOption | None:
    """Show the start dialog over ``window``; the chosen option, or ``None`` when closed.

    Tests replace this function (``monkeypatch.setattr(first_run, "ask_how_to_start", ...)``).
    """
    from .dialogs.start_dialog import StartDialog

    dialog = StartDialog(start_options(), window)
    try:
        return dialog.choose()
    finally:
        dialog.deleteLater()


def offer_start(window: MainWindow) -> bool:
    """Ask how to begin and apply the answer; False when the user kept what is shown.

    Skipped when the window holds unsaved work (recovered after a crash): that comes first.
    """
    if window.document.is_modified or window.document.path is not None:
        return False
    option = ask_how_to_start(window)
    if option is None or option.key == "demo":
        return False
    return apply_start_option(window, option)


def offer_start_later(window: MainWindow, args: argparse.Namespace) -> None:
    """Called by ``app.main`` after ``window.show()``: on a first start, open the start dialog
    once the event loop runs, so the window is painted before the question appears."""
    if not wants_start_dialog(args, window.settings):
        return
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, lambda: offer_start(window))
