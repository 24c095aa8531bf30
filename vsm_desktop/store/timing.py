"""Figures for the benchmark (``bench/``): how long the store takes on a given workspace."""

from __future__ import annotations

import time
from pathlib import Path

from vsm_desktop.model import Workspace

from .autosave import write_autosave
from .workspace_file import open_workspace, save_workspace

__all__ = ["time_store"]


def time_store(ws: Workspace, directory: Path) -> dict[str, float]:
    """Seconds for a first save, a re-save in place, an open and an autosave of ``ws``.

    Writes ``bench.vsm`` in ``directory`` (which should be a fresh temporary directory).
    """
    path = Path(directory) / "bench.vsm"
    path.unlink(missing_ok=True)
    figures: dict[str, float] = {}
    start = time.perf_counter()
    save_workspace(ws, path)
    figures["save_new_s"] = time.perf_counter() - start
    start = time.perf_counter()
    save_workspace(ws, path)
    figures["save_in_place_s"] = time.perf_counter() - start
    start = time.perf_counter()
    open_workspace(path)
    figures["open_s"] = time.perf_counter() - start
    start = time.perf_counter()
    write_autosave(path, ws)
    figures["autosave_s"] = time.perf_counter() - start
    return figures
