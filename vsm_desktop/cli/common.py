"""What the commands share: exit statuses, opening and saving workspaces, finding maps,
running the analysis and printing plain-text tables."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vsm_desktop.model import Calendar, ValueMap, Workspace, format_duration
from vsm_desktop.model.percent import format_percent

if TYPE_CHECKING:
    from vsm_desktop.analysis.results import MapMetrics

EXIT_OK = 0
EXIT_INVALID = 1  # an invalid map, or a workspace file that is not there
EXIT_USAGE = 2  # bad arguments or bad input (a table with bad rows, an unreadable file)


class CliError(Exception):
    """An error to print on stderr (no traceback) before exiting with ``status``."""

    def __init__(self, message: str, status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.status = status


def open_ws(path: Path, *, create: bool = False) -> Workspace:
    """The workspace in ``path``; an empty one when ``create`` and the file is missing."""
    if not path.exists():
        if create:
            return Workspace()
        raise CliError(f"{path}: no such workspace file", EXIT_INVALID)
    if path.is_dir():
        raise CliError(f"{path}: is a folder, not a workspace file", EXIT_USAGE)
    from vsm_desktop.store import WorkspaceFileError, open_workspace

    try:
        return open_workspace(path)
    except WorkspaceFileError as exc:
        raise CliError(_about(path, str(exc)), EXIT_USAGE) from None
    except OSError as exc:
        raise CliError(f"{path}: cannot open: {exc.strerror or exc}", EXIT_USAGE) from None


def _about(path: Path, text: str) -> str:
    """``text`` led by the file it is about, unless it names that file already."""
    return text if text.startswith(str(path)) else f"{path}: {text}"


def save_ws(workspace: Workspace, path: Path, *, replace: bool = False) -> None:
    """Save ``workspace`` to ``path``. With ``replace`` the old file is swapped out whole (via
    a temporary file beside it), so nothing of it survives and a failed save leaves it intact."""
    from vsm_desktop.store import WorkspaceFileError, save_workspace

    target = path
    if replace:
        target = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        target.unlink(missing_ok=True)
    try:
        save_workspace(workspace, target)
        if replace:
            os.replace(target, path)
    except (WorkspaceFileError, OSError) as exc:
        if replace:
            target.unlink(missing_ok=True)
        # The user named ``path``: the temporary file beside it is no concern of theirs.
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        reason = reason.replace(str(target), str(path)).removeprefix(f"{path}: ")
        raise CliError(f"{path}: cannot save: {reason}", EXIT_USAGE) from None


def find_map(workspace: Workspace, name: str, path: Path) -> ValueMap:
    value_map = workspace.map_named(name)
    if value_map is None:
        names = ", ".join(repr(m.name) for m in workspace.maps.values()) or "none"
        raise CliError(f"{path}: no map named {name!r} (maps: {names})", EXIT_USAGE)
    return value_map


def analyze_map(value_map: ValueMap) -> tuple[MapMetrics, dict[str, Any]]:
    """The metrics of one map and their JSON object, with ``valid`` and ``problems`` added."""
    from vsm_desktop.analysis import analyze, metrics_json

    metrics = analyze(value_map, seed=0)
    data = dict(metrics_json(value_map, metrics))
    data.setdefault("valid", metrics.valid)
    data.setdefault("problems", [p.message for p in metrics.problems])
    return metrics, data


def duration(seconds: float | None, calendar: Calendar) -> str:
    return format_duration(seconds, calendar)


def percent(value: float | None) -> str:
    return format_percent(value, sep="")


def calendar_text(calendar: Calendar) -> str:
    if calendar.is_elapsed:
        return "elapsed (24 h days, 7-day weeks)"
    return f"working ({calendar.hours_per_day:g} h days, {calendar.days_per_week:g}-day weeks)"


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: str = "") -> str:
    """Columns padded to their widest cell; columns whose index is in ``right`` (e.g. "234")
    are right-aligned, as numbers read best."""
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        out = [
            c.rjust(w) if str(i) in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])
