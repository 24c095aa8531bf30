"""The app's measurement charts on a seeded 1,000,000-event log: how long the UI thread is
blocked while the charts get their data and draw, and how long until they are drawn.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_charts_app.py [--log PATH]

The log is ``bench/gen_log.py``'s (100,000 items x 10 activities), imported once into a
workspace file kept beside it (``--log`` with ``.vsm``), with a map of one stage per activity
on a working calendar (8 h x 5 d, so the calendar conversion is part of the work). The window
opens on it with the charts closed; then Data > Charts opens them. A 10 ms timer on the UI
thread records the longest gap between its ticks from then until the charts are drawn (target:
under 0.1 s, so the app keeps answering); the Lead time tab is painted once the scatter holds
data, inside the tick that sees it, so painting counts in the block.

Reported: opening the charts window (building the plots, once per session), the longest
UI-thread block after that, and the time from Charts to the first painted chart; then the same
for five edits that change the figures (a stage's hooks set and cleared) with the charts open.
The machine is shared and the figures job and the hooks editor's coverage job run beside the
charts, so single blocks vary by some 50 ms between runs: run it twice.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

EDITS = 5


def workspace_file(log: Path) -> Path:
    """The workspace with the log imported (made once, then reused)."""
    import gen_log

    from vsm_desktop.measure.importers import read_events
    from vsm_desktop.model import WORKING, Stage, ValueMap, Workspace
    from vsm_desktop.store import save_workspace
    from vsm_desktop.store.measurements import import_events

    path = log.with_suffix(".vsm")
    if path.exists():
        return path
    if not log.exists():
        began = time.perf_counter()
        rows = gen_log.generate(log)
        print(f"generated {rows:,} rows into {log} in {time.perf_counter() - began:.1f} s")
    ws = Workspace()
    value_map = ValueMap("Delivery", calendar=WORKING)
    for k, name in enumerate(gen_log.ACTIVITY_NAMES):
        stage = Stage(name, touch_s=3600.0, wait_s=86400.0, x=220 * k, y=0)
        value_map.stages[stage.id] = stage
    ws.maps[value_map.id] = value_map
    tmp = path.with_suffix(".tmp")
    save_workspace(ws, tmp)
    parsed = read_events(log)
    import_events(tmp, parsed.table, format=parsed.format, source=str(log), options=parsed.options)
    tmp.replace(path)
    return path


class Heartbeat:
    """A 10 ms timer on the UI thread; ``longest()`` is the largest gap between its ticks."""

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.timeout.connect(self._tick)
        self.on_tick: list[object] = []

    def _tick(self) -> None:
        self.ticks.append(time.perf_counter())
        for fn in list(self.on_tick):
            fn()  # type: ignore[operator]

    def start(self) -> None:
        self.ticks = [time.perf_counter()]
        self.timer.start(10)

    def longest(self) -> float:
        return max((b - a for a, b in itertools.pairwise(self.ticks)), default=0.0)


def wait_drawn(charts: object, beat: Heartbeat, timeout: float = 120.0) -> float:
    """Run the event loop until the lead-time scatter holds points and has been painted;
    return when that was. ``charts.scatter`` is emptied first by the caller when needed."""
    drawn: list[float] = []
    # A loop of its own: QApplication.quit() would close the windows too (Qt 6).
    loop = QEventLoop()

    def check() -> None:
        if drawn or not len(charts.scatter.data):  # type: ignore[attr-defined]
            return
        charts.lead_plot.viewport().repaint()  # type: ignore[attr-defined]
        drawn.append(time.perf_counter())
        # A little longer, so work queued right after the data arrived is counted too.
        QTimer.singleShot(300, loop.quit)

    beat.on_tick = [check]
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    loop.exec()  # as in the app: the UI thread waits in Qt, not holding the GIL
    if not drawn:
        raise SystemExit(f"charts not drawn within {timeout:.0f} s")
    return drawn[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", type=Path, default=Path(tempfile.gettempdir()) / "vsm_log_1m.csv")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    path = workspace_file(args.log)

    from vsm_desktop.ui.document import Document
    from vsm_desktop.ui.main_window import MainWindow
    from vsm_desktop.ui.measure import MeasureController
    from vsm_desktop.ui.settings import AppSettings

    folder = Path(tempfile.mkdtemp())
    window = MainWindow(
        settings=AppSettings.at(folder / "settings.ini"), recovery_dir=folder, autosave_s=0
    )
    window.set_document(Document.open(path))
    window.show()
    controller = window.findChild(MeasureController, "measure_controller")
    assert controller is not None
    rows = controller.data.row_count()
    app.processEvents()

    beat = Heartbeat()
    beat.start()
    began = time.perf_counter()
    charts = controller.show_charts()
    opened = time.perf_counter()
    beat.ticks = [opened]  # the window's construction is reported on its own
    drawn = wait_drawn(charts, beat)
    first_block = beat.longest()
    print(f"log: {rows:,} events, {path}")
    print(f"opening the charts window (plots built, once per session): {opened - began:.2f} s")
    print(f"Charts to drawn (figures + chart data + paint): {drawn - began:.2f} s")
    print(f"  longest UI-thread block after opening: {first_block:.3f} s (target < 0.1 s)")

    # Edits that change the figures while the charts are open: measured and drawn again.
    from vsm_desktop.model import EditCommand

    value_map = window.document.current_map
    assert value_map is not None
    stage = next(iter(value_map.stages.values()))
    blocks: list[float] = []
    times: list[float] = []
    pushed: list[float] = []
    for k in range(EDITS):
        charts.scatter.setData(x=[], y=[])
        hooks = {"active": [stage.name]} if k % 2 == 0 else {}
        began = time.perf_counter()
        window.document.push(EditCommand("stage", value_map.id, stage.id, {"hooks": hooks}))
        pushed.append(time.perf_counter() - began)
        beat.start()  # the edit itself (canvas, metrics, panels) is not the charts' doing
        times.append(wait_drawn(charts, beat) - began)
        blocks.append(beat.longest())
    print(
        f"{EDITS} edits (a stage's hooks) to drawn again: median {statistics.median(times):.2f} s"
    )
    print(
        f"  longest UI-thread block per edit: median {statistics.median(blocks):.3f} s, "
        f"max {max(blocks):.3f} s (target < 0.1 s); the edit itself "
        f"{statistics.median(pushed):.3f} s"
    )
    beat.timer.stop()
    window.document.undo_stack.clear()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
