"""Map pictures as PNG bytes without a window, for exports started outside the app (``vsm
export --xlsx``). The Excel export itself never imports Qt; it takes these bytes."""

from __future__ import annotations

import os
from collections.abc import Iterable

from vsm_desktop.model import Workspace

__all__ = ["render_map_pictures"]


def render_map_pictures(
    workspace: Workspace, map_ids: Iterable[str], scale: float = 1.5
) -> dict[str, bytes]:
    """PNG bytes of each map, drawn as the canvas draws it. Uses the running QApplication, or
    starts an offscreen one (a command-line export must not need a display)."""
    if os.environ.get("QT_QPA_PLATFORM") is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import shiboken6
    from PySide6.QtWidgets import QApplication

    from .canvas.export_image import render_png_bytes
    from .canvas.scene import MapScene
    from .document import Document

    app = QApplication.instance() or QApplication([])
    document = Document(workspace)
    scene = MapScene(document)
    pictures: dict[str, bytes] = {}
    try:
        for map_id in map_ids:
            scene.set_map(map_id)
            pictures[map_id] = render_png_bytes(scene, scale)
    finally:
        scene.set_map(None)
        document.close()
        # Destroy the scene and document here, on this (the GUI) thread: left to Python's
        # cycle collector they may be freed later in whatever thread it runs, e.g. the Excel
        # export's worker, and a QGraphicsScene destroyed off its thread crashes Qt.
        shiboken6.delete(scene)
        shiboken6.delete(document)
        del app  # the application stays alive for later calls in the same process
    return pictures
