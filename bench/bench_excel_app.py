"""The app's Export to Excel on a large workspace: how long the UI thread is blocked at a time.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_excel_app.py

10 maps of 500 stages (bench_excel's workspace, no measured events). The map pictures are drawn
on the UI thread one map per event-loop turn, the workbook is written in the thread pool; a
10 ms timer on the UI thread records the longest gap between its ticks (target: under 0.5 s,
so the progress dialog repaints and Cancel answers).
"""

from __future__ import annotations

import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_excel import workspace
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def main() -> None:
    app = QApplication.instance() or QApplication([])
    from vsm_desktop.ui.document import Document
    from vsm_desktop.ui.excel import excel_feature
    from vsm_desktop.ui.main_window import MainWindow
    from vsm_desktop.ui.settings import AppSettings

    folder = Path(tempfile.mkdtemp())
    window = MainWindow(
        settings=AppSettings.at(folder / "settings.ini"), recovery_dir=folder, autosave_s=0
    )
    window.set_document(Document(workspace()))
    window.show()
    exporter = excel_feature(window).exporter
    outcome: list[str] = []
    exporter.done.connect(outcome.append)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(10)
    out = folder / "big.xlsx"
    start = time.perf_counter()
    exporter.done.connect(lambda _outcome: app.quit())
    drawn: list[float] = []  # when the pictures were done and the worker started
    start_job = exporter._start_job
    exporter._start_job = lambda export: (drawn.append(time.perf_counter()), start_job(export))  # type: ignore[method-assign]
    exporter.start(list(window.document.workspace.maps), out)
    app.exec()  # as in the app: the UI thread waits in Qt, not holding the GIL
    total = time.perf_counter() - start
    timer.stop()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    print(f"outcome: {outcome[0]}, {out.stat().st_size / 1e6:.1f} MB")
    print(f"export, pictures included: {total:.2f} s")
    print(f"  drawing the pictures (UI thread): {drawn[0] - start:.2f} s")
    print(f"  measuring and writing (worker): {total - (drawn[0] - start):.2f} s")
    print(f"longest UI-thread block: {max(gaps):.2f} s (target < 0.5 s)")
    window.document.undo_stack.clear()
    window.close()


if __name__ == "__main__":
    main()
