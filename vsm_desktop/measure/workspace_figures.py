"""The measured figures of a workspace's maps, as the Excel export carries them.

Shared by ``vsm export`` and the app's *Export to Excel…*, so both write the same figures.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from vsm_desktop.model import Workspace

if TYPE_CHECKING:
    from .stats import Figures

__all__ = ["measured_figures"]

SOURCE = "all event imports"


def measured_figures(
    workspace: Workspace, path: str | os.PathLike[str], map_ids: Iterable[str]
) -> dict[str, Figures]:
    """Per map of ``map_ids``, the figures of all event imports stored in the workspace file
    ``path`` (an empty dict when nothing was imported). A map whose stages have no hooks is
    left out: it has nothing to measure. Elapsed times use the map's calendar placed with the
    workspace's ``measure.*`` settings, as ``vsm measure`` and the app's panels do.

    Raises ``ValueError`` for unreadable ``measure.*`` settings.
    """
    from vsm_desktop.store.measurements import list_imports, load_events

    from .calendar_time import clock_from_settings
    from .stats import compute_figures

    if not list_imports(path, "events"):
        return {}
    events = load_events(path)
    figures: dict[str, Figures] = {}
    for map_id in map_ids:
        value_map = workspace.map(map_id)
        if not any(stage.hooks for stage in value_map.stages.values()):
            continue
        clock = clock_from_settings(value_map.calendar, workspace.settings)
        figures[map_id] = compute_figures(events, value_map, clock, source=SOURCE)
    return figures
