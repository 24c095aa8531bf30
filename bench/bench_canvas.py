"""Canvas speed on synthetic maps of 200 and 2,000 stages (offscreen Qt).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_canvas.py

Figures, best of a few runs:
  * open: build the scene of a map (items, handoff routes, metrics, timeline);
  * paint whole: render the whole map into a 1920x1080 image (zoomed out: level of detail);
  * paint view: render a 1920x1080 window of the map at 100 % (full detail), first time (text
    layout and item caches built) and again (a repaint);
  * move one: push a MoveCommand for one stage; only its handoffs are re-routed;
  * drag step: move one stage item as a drag does, before the move is committed.
Targets: a 2,000-stage map opens in under 1 s; a full repaint takes under 100 ms.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication
from stopwatch import timed
from synthetic import synthetic_map

from vsm_desktop.model import MoveCommand, Workspace
from vsm_desktop.ui.canvas.scene import MapScene
from vsm_desktop.ui.document import Document

SIZE = (1920, 1080)


def paint(scene: MapScene, source: QRectF) -> None:
    image = QImage(*SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, QRectF(0, 0, *SIZE), source, Qt.AspectRatioMode.KeepAspectRatio)
    painter.end()


def bench(size: int) -> None:
    value_map = synthetic_map(size)
    workspace = Workspace()
    workspace.maps[value_map.id] = value_map
    document = Document(workspace)
    scenes: list[MapScene] = []

    def open_map() -> None:
        scene = MapScene(document)
        scene.set_map(value_map.id)
        scene.flush()
        scenes.append(scene)

    def open_cold() -> None:
        document._metrics.clear()  # include the analysis, as after loading a file
        open_map()

    open_ms = timed(open_cold, 3)
    scene = scenes[-1]
    whole = scene.itemsBoundingRect()
    paint_whole = timed(lambda: paint(scene, whole), 3)
    window = QRectF(whole.left(), whole.top(), *SIZE)
    first_view = timed(lambda: paint(scene, window), 1)
    repaint_view = timed(lambda: paint(scene, window), 5)

    stage = next(iter(value_map.stages.values()))
    handoffs = len(value_map.handoffs_of(stage.id))
    positions = [(stage.x, stage.y), (stage.x, stage.y + 40)]

    def move_one() -> None:
        old, new = (stage.x, stage.y), positions[1] if stage.y == positions[0][1] else positions[0]
        document.push(MoveCommand(value_map.id, {stage.id: (old, new)}))

    move_ms = timed(move_one, 20)
    item = scene.item_for_stage[stage.id]
    drag_ms = timed(lambda: item.moveBy(0, 1), 50)
    decor_ms = timed(scene.update_decor, 5)
    print(
        f"{size:>6} {len(value_map.handoffs):>8} {open_ms[0]:>9.0f} {paint_whole[0]:>12.1f} "
        f"{first_view[0]:>11.1f} {repaint_view[0]:>11.1f} {move_ms[1]:>10.2f} ({handoffs} h) "
        f"{drag_ms[1]:>9.3f} {decor_ms[1]:>9.1f}"
    )
    for old in scenes:
        old.deleteLater()
    document.close()


def main() -> None:
    app = QApplication.instance() or QApplication([])
    print(
        f"{'stages':>6} {'handoffs':>8} {'open ms':>9} {'paint whole':>12} {'view first':>11} "
        f"{'view again':>11} {'move one ms':>14} {'drag step':>9} {'decor ms':>9}"
    )
    for size in (200, 2_000):
        bench(size)
    del app


if __name__ == "__main__":
    main()
