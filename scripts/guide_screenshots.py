"""Drive the real window through the user guide's workshop and save docs/screenshots/guide-*.png.

    .venv/bin/python scripts/guide_screenshots.py [--out DIR]

Each step does what the guide tells the reader to do, through the same widgets and canvas
functions the mouse and keyboard use: the start dialog's buttons, adding and connecting stages
on the canvas, typing names and times, the Maps panel's "Make target", the compare window
and the Excel export. It runs on Qt's offscreen platform (a virtual 1920 x 1080 screen) with
throw-away settings, so it needs no display and never touches the user's files. It fails loudly
when a step does not have the effect the guide promises, so the guide cannot drift from the app.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
# The same virtual 1920 x 1080 screen as the other screenshots of the docs.
from screenshots import _offscreen_platform  # noqa: E402

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from vsm_desktop.ui.excel.state import MapChoice
    from vsm_desktop.ui.main_window import MainWindow


class Guide:
    """The window plus helpers that act like a person at the keyboard."""

    def __init__(self, window: MainWindow, out: Path) -> None:
        from PySide6.QtWidgets import QApplication

        self.window = window
        self.out = out
        self.app = QApplication.instance()

    def settle(self) -> None:
        from PySide6.QtWidgets import QApplication

        for _ in range(4):
            QApplication.processEvents()

    def shot(self, name: str, widget: QWidget | None = None) -> Path:
        self.settle()
        path = self.out / f"guide-{name}.png"
        if not (widget or self.window).grab().save(str(path)):
            raise RuntimeError(f"could not write {path}")
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        return path

    @property
    def view(self):  # type: ignore[no-untyped-def]
        return self.window.view

    def stage_id(self, name: str) -> str:
        value_map = self.window.document.current_map
        assert value_map is not None
        stage = value_map.stage_named(name)
        if stage is None:
            raise RuntimeError(f"no stage {name!r} on {value_map.name!r}")
        return stage.id

    def type_into(self, edit: QWidget, text: str) -> None:
        """Select all, type ``text`` and press Enter, as a person would."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        edit.setFocus()
        QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(edit, text)
        QTest.keyClick(edit, Qt.Key.Key_Return)
        self.settle()

    def deselect(self) -> None:
        """Click on empty canvas: nothing selected, the Properties panel shows the map."""
        self.window.view.scene().clearSelection()
        self.settle()

    def shot_with_menu(self, name: str, action_text: str) -> Path | None:
        """The window with the menu holding the action ``action_text`` open and that action
        highlighted (menus are separate windows, so they are painted onto the window's
        picture where they would appear). ``None`` when no menu has such an action."""
        from PySide6.QtGui import QPainter
        from PySide6.QtWidgets import QMenu

        for bar_action in self.window.menuBar().actions():
            menu = bar_action.menu()
            if not isinstance(menu, QMenu):
                continue
            wanted = next(
                (
                    a
                    for a in menu.actions()
                    if action_text.lower() in a.text().replace("&", "").lower()
                ),
                None,
            )
            if wanted is None:
                continue
            bar = self.window.menuBar()
            corner = bar.mapTo(self.window, bar.actionGeometry(bar_action).bottomLeft())
            menu.popup(self.window.mapToGlobal(corner))
            menu.setActiveAction(wanted)
            self.settle()
            picture = self.window.grab()
            painter = QPainter(picture)
            painter.drawPixmap(corner, menu.grab())
            painter.end()
            menu.hide()
            path = self.out / f"guide-{name}.png"
            picture.save(str(path))
            print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
            return path
        return None

    def select(self, name: str) -> None:
        self.window.select_stage(self.stage_id(name))
        self.settle()

    def type_stage(self, name: str, **values: str) -> None:
        """Select stage ``name`` on the canvas and type ``values`` into the Properties panel."""
        self.select(name)
        form = self.window.properties_panel.stage_form
        widgets = {
            "name": form.name,
            "team": form.team.lineEdit(),
            "touch": form.touch.edit,
            "wait": form.wait.edit,
        }
        for key in ("team", "touch", "wait", "name"):  # the name last: it is how we find it
            if key in values:
                self.type_into(widgets[key], values[key])


def run(out: Path, workdir: Path) -> int:
    from PySide6.QtCore import QPointF, QTimer

    from vsm_desktop.model.templates import BLANK_MAP_NAME
    from vsm_desktop.ui import first_run
    from vsm_desktop.ui.app import create_window, make_application
    from vsm_desktop.ui.canvas import editing
    from vsm_desktop.ui.compare import open_compare
    from vsm_desktop.ui.dialogs.start_dialog import StartDialog
    from vsm_desktop.ui.settings import AppSettings

    app = make_application()
    settings = AppSettings.at(workdir / "settings.ini")
    window = create_window(None, settings=settings, recovery_dir=workdir / "recovery")
    window.resize(1600, 1000)
    window.show()
    guide = Guide(window, out)
    guide.settle()

    # 1. The start dialog of a first start; click "Start a blank map".
    dialog = StartDialog(first_run.start_options(), window)
    dialog.show()
    guide.shot("01-start-dialog", dialog)
    dialog.buttons["blank"].click()
    if dialog.chosen is None or dialog.chosen.key != "blank":
        raise RuntimeError("the start dialog did not return the blank map")
    first_run.apply_start_option(window, dialog.chosen)
    value_map = window.document.current_map
    assert value_map is not None and value_map.name == BLANK_MAP_NAME
    map_id = value_map.id

    # 2. Add stages: right-click on empty canvas > "Add stage here" (or double-click there) puts
    #    a stage down and opens its name for typing.
    names = ["Request", "Analyse", "Build", "Test", "Release"]
    scene = window.view.scene()
    for index, name in enumerate(names):
        window.view.add_stage_at(QPointF(index * 240.0, 0.0))
        guide.settle()
        guide.type_into(window.view.editor.line_edit, name)
    if [s.name for s in window.document.workspace.map(map_id).stages.values()] != names:
        raise RuntimeError("typing the stage names on the canvas did not name the stages")
    window.map_view().zoom_to_fit()
    guide.shot("02-stages")

    # 3. Connect them: a drag from a stage's right-edge handle to the next stage ends in
    #    connect_stages; the arrow drawn back from Test to Build closes a loop, so it becomes a
    #    rework arrow by itself.
    for source, target in itertools.pairwise(names):
        if editing.connect_stages(scene, guide.stage_id(source), guide.stage_id(target)) is None:
            raise RuntimeError(f"could not connect {source} -> {target}")
    rework = editing.connect_stages(scene, guide.stage_id("Test"), guide.stage_id("Build"))
    if rework is None or not window.document.workspace.map(map_id).handoffs[rework].rework:
        raise RuntimeError("the arrow Test -> Build did not become a rework arrow")
    window.map_view().zoom_to_fit()
    guide.shot("03-connected")

    # 4. Type the room's figures into the Properties panel.
    figures = {
        "Request": {"team": "Product", "touch": "1h", "wait": "1w"},
        "Analyse": {"team": "Product", "touch": "4h", "wait": "2w"},
        "Build": {"team": "Dev", "touch": "3d", "wait": "1w"},
        "Test": {"team": "QA", "touch": "1d", "wait": "1w"},
        "Release": {"team": "Ops", "touch": "2h", "wait": "2w"},
    }
    for name, values in figures.items():
        guide.type_stage(name, **values)
    guide.select("Test")
    pca = window.properties_panel.stage_form.pca
    pca.setValue(75.0)
    guide.settle()
    window.map_view().zoom_to_fit()
    guide.select("Build")
    guide.shot("04-times")

    # 5. The metrics strip and the problems list, with nothing selected.
    guide.deselect()
    metrics = window.document.metrics(map_id)
    if metrics.lead_time_s is None or not metrics.valid:
        raise RuntimeError(f"the map has no lead time: {metrics.problems}")
    guide.shot("05-metrics")
    guide.shot("05-metrics-strip", window.metrics_panel)

    # 6. Make the target map, then change it: queues shrink, Test gets it right more often.
    target_id = window.maps_panel.make_target(map_id)
    if target_id is None:
        raise RuntimeError("Make target did not create a map")
    guide.settle()
    target = {
        "Request": {"wait": "2d"},
        "Analyse": {"touch": "2h", "wait": "2d"},
        "Build": {"touch": "2d", "wait": "1d"},
        "Test": {"touch": "4h", "wait": "4h"},
        "Release": {"touch": "1h", "wait": "1d"},
    }
    for name, values in target.items():
        guide.type_stage(name, **values)
    guide.select("Test")
    window.properties_panel.stage_form.pca.setValue(90.0)
    guide.deselect()
    window.map_view().zoom_to_fit()
    guide.shot("06-target")

    # 7. Compare current and target.
    compare = open_compare(window)
    compare.resize(1500, 950)
    guide.settle()
    compare.fit()
    guide.shot("07-compare", compare)
    compare.close()

    # 8. Export the workspace to Excel: File > Export to Excel… (Ctrl+E).
    xlsx = workdir / "Workshop.xlsx"
    if guide.shot_with_menu("08-export-menu", "export to excel") is None:
        raise RuntimeError("the File menu has no Export to Excel… entry")
    exported = export_to_excel(guide, xlsx)
    guide.shot("08-export-done")
    print(f"exported {exported}")

    # 9. A template: the manufacturing line, stages over takt flagged.
    line = next(o for o in first_run.start_options() if o.title.startswith("Manufacturing"))
    window.document.undo_stack.setClean()  # the walkthrough's work is not to be saved
    first_run.apply_start_option(window, line)
    guide.select("Assembly I")
    window.map_view().zoom_to_fit()
    # Closer in on the assembly end of the line, where the stages over takt are.
    item = window.view.scene().item_for_stage[guide.stage_id("Assembly I")]
    window.view.zoom_by(1.9)
    window.view.centerOn(item)
    guide.shot("09-template-takt")

    window.document.undo_stack.setClean()
    QTimer.singleShot(0, window.close)
    guide.settle()
    window.close()
    del app
    return 0


def export_to_excel(guide: Guide, path: Path) -> Path:
    """File > Export to Excel…: the real map chooser shown (and photographed) with both maps
    ticked and accepted, ``path`` typed into the save dialog (answered here, as the app's tests
    do), then wait for the export, which writes the workbook in the thread pool."""
    import time

    import openpyxl
    from PySide6.QtWidgets import QApplication

    from vsm_desktop.ui.excel import excel_feature
    from vsm_desktop.ui.excel import prompts as excel_prompts
    from vsm_desktop.ui.excel.dialogs import ChooseMapsDialog

    window = guide.window
    exporter = excel_feature(window).exporter
    outcome: list[str] = []
    exporter.done.connect(outcome.append)

    def choose_maps(parent: QWidget, choice: MapChoice) -> list[str] | None:
        dialog = ChooseMapsDialog(choice, parent)
        dialog.show()
        guide.shot("08-export-maps", dialog)
        chosen = dialog.chosen_ids()
        dialog.accept()
        dialog.deleteLater()
        return chosen or None

    answers = {
        "choose_maps": choose_maps,
        "ask_save_workbook": lambda _parent, _suggested: path,
    }
    originals = {name: getattr(excel_prompts, name) for name in answers}
    for name, answer in answers.items():
        setattr(excel_prompts, name, answer)
    try:
        exporter.action.trigger()
        deadline = time.monotonic() + 120
        while not outcome and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.02)
    finally:
        for name, original in originals.items():
            setattr(excel_prompts, name, original)
    if outcome != ["exported"] or not path.exists():
        raise RuntimeError(f"Export to Excel did not write {path}: {outcome or 'timed out'}")
    book = openpyxl.load_workbook(path)
    print(f"workbook sheets: {', '.join(book.sheetnames)}")
    book.close()
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vsm-guide-") as tmp:
        workdir = Path(tmp)
        _offscreen_platform(workdir)
        return run(out, workdir)


if __name__ == "__main__":
    sys.exit(main())
