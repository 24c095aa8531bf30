"""Compare view speed: how long a live update takes after an edit (offscreen Qt).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_compare.py

Maps: the demo pair, and synthetic maps of 200 and 2,000 stages, each against a target copy with
every wait halved and one stage in ten removed. Figures, best and median of a few runs:
  * result: compare the two maps and build every row, diff entry, chart series and summary line
    (Qt-free, ``build_result``);
  * refresh: the whole view redrawn for the pair (table, tree, charts, summary, outlines);
  * edit: push one stage-time edit through the document and let the view update.
Target: an edit shows up in the compare view of a 200-stage pair in under 100 ms.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtWidgets import QApplication
from stopwatch import timed
from synthetic import synthetic_map

from vsm_desktop.model import EditCommand, Workspace, duplicate_map
from vsm_desktop.model.demo import demo_workspace
from vsm_desktop.ui.compare.state import build_result
from vsm_desktop.ui.compare.view import CompareView
from vsm_desktop.ui.document import Document


def synthetic_pair(size: int) -> Workspace:
    current = synthetic_map(size)
    target = duplicate_map(current, f"{current.name} target")
    for index, stage in enumerate(list(target.stages.values())):
        stage.wait_s = (stage.wait_s or 0.0) / 2
        # Drop one stage in ten from the middle of a layer (never the only one) to get a diff.
        if index % 10 == 5 and len(target.handoffs_of(stage.id)) <= 2:
            for handoff in target.handoffs_of(stage.id):
                del target.handoffs[handoff.id]
            del target.stages[stage.id]
    workspace = Workspace()
    workspace.maps[current.id] = current
    workspace.maps[target.id] = target
    return workspace


def bench(name: str, workspace: Workspace, repeat: int) -> None:
    app = QApplication.instance()
    assert app is not None
    current, target = list(workspace.maps.values())[:2]
    best, median = timed(lambda: build_result(current, target), repeat)
    print(f"{name:>12}  result   {best:8.1f} ms best  {median:8.1f} ms median")
    document = Document(workspace)
    view = CompareView(document, current.id)
    view.set_pair(current.id, target.id)
    view.resize(1600, 1000)
    view.show()
    app.processEvents()
    best, median = timed(view.refresh, repeat)
    print(f"{name:>12}  refresh  {best:8.1f} ms best  {median:8.1f} ms median")
    stage = next(iter(target.stages.values()))
    values = iter(range(1, 10_000))

    def edit() -> None:
        change = {"wait_s": 3600.0 * next(values)}
        document.push(EditCommand("stage", target.id, stage.id, change))
        app.processEvents()  # the view refreshes on the next turn of the event loop

    best, median = timed(edit, repeat)
    print(f"{name:>12}  edit     {best:8.1f} ms best  {median:8.1f} ms median")
    view.close()
    view.deleteLater()
    document.close()
    app.processEvents()


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    assert app is not None
    bench("demo", demo_workspace(), 10)
    for size, repeat in ((200, 5), (2000, 3)):
        bench(f"{size} stages", synthetic_pair(size), repeat)


if __name__ == "__main__":
    main()
