"""A small hand-checkable log and a window showing a map to measure it with."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from vsm_desktop.model import ELAPSED, Stage, ValueMap, Workspace
from vsm_desktop.ui.document import Document
from vsm_desktop.ui.main_window import MainWindow
from vsm_desktop.ui.measure import MeasureController, file_prompts
from vsm_desktop.ui.measure.import_dialog import ImportDialog

H = 3600.0

#: Three items through Dev and Review. "ID" is a row number the importer takes for the item
#: (it is the first name it knows); the real item is in "Work", which the user picks.
LOG_CSV = """ID,Work,Status,Start,End
1,A,Dev,2026-01-05 09:00,2026-01-05 11:00
2,A,Review,2026-01-05 12:00,2026-01-05 13:00
3,B,Dev,2026-01-05 10:00,2026-01-05 14:00
4,B,Review,2026-01-05 16:00,2026-01-05 16:30
5,C,Dev,2026-01-06 09:00,2026-01-06 10:00
6,C,Review,2026-01-06 13:00,2026-01-06 15:00
"""
# Worked by hand (elapsed calendar, hours):
#   Dev touch A 2, B 4, C 1 -> sorted [1, 2, 4]: mean 7/3, median 2, p85 at 1.7 -> 3.4, p95 3.8
#   Dev wait: each item's first row -> 0
#   Review touch A 1, B 0.5, C 2 -> [0.5, 1, 2]: mean 3.5/3, median 1, p85 1.7, p95 1.9
#   Review wait A 12-11=1, B 16-14=2, C 13-10=3 -> [1, 2, 3]: mean 2, median 2, p85 2.7, p95 2.9
#   Lead time A 09:00-13:00 4, B 10:00-16:30 6.5, C 09:00-15:00 6 -> median 6, p85 6.35
DEV_TOUCH = {"mean": 7 / 3 * H, "median": 2 * H, "p85": 3.4 * H, "p95": 3.8 * H}
REVIEW_TOUCH = {"mean": 3.5 / 3 * H, "median": 1 * H, "p85": 1.7 * H, "p95": 1.9 * H}
REVIEW_WAIT = {"mean": 2 * H, "median": 2 * H, "p85": 2.7 * H, "p95": 2.9 * H}
JAN5 = 1767571200.0  # 2026-01-05 00:00 UTC


def measure_workspace(names: tuple[str, ...] = ("Dev", "Review")) -> Workspace:
    ws = Workspace()
    value_map = ValueMap("Delivery", calendar=ELAPSED)
    for k, name in enumerate(names):
        stage = Stage(name, touch_s=5 * H, wait_s=7 * H, x=240 * k, y=0, id=f"s-{name.lower()}")
        value_map.stages[stage.id] = stage
    ws.maps[value_map.id] = value_map
    return ws


def open_measure_window(
    make_window: Callable[..., MainWindow],
    qtbot: object,
    tmp_path: Path,
    *,
    saved: bool = True,
    names: tuple[str, ...] = ("Dev", "Review"),
) -> tuple[MainWindow, MeasureController]:
    window = make_window(demo=False)
    document = Document(measure_workspace(names))
    window.set_document(document)
    if saved:
        document.save(tmp_path / "ws.vsm")
    window.show()
    qtbot.waitExposed(window)  # type: ignore[attr-defined]
    controller = window.findChild(MeasureController, "measure_controller")
    assert controller is not None
    return window, controller


def open_import_dialog(controller: MeasureController, monkeypatch: Any, log: Path) -> ImportDialog:
    """Data ▸ Import events… with ``log`` chosen in the file prompt."""
    monkeypatch.setattr(file_prompts, "ask_import_file", lambda *_a: str(log))
    controller.import_action.trigger()
    dialog = controller.import_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def run_import(qtbot: Any, dialog: ImportDialog) -> None:
    """Click Import and wait until the rows are in."""
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)


def write_log(tmp_path: Path, text: str = LOG_CSV, name: str = "log.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def import_log(controller: MeasureController, tmp_path: Path, text: str = LOG_CSV) -> None:
    """Store the log in the window's workspace file as the import engine does, then reload."""
    from vsm_desktop.measure.importers.run import import_file

    path = controller.document.path
    assert path is not None
    import_file(path, write_log(tmp_path, text), columns={"item": "Work"})
    controller.data.reload()
