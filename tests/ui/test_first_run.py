"""The first-run start dialog: when it is offered, what each choice puts in the window."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers_window import Answers
from PySide6.QtCore import QTimer

from vsm_desktop import launch
from vsm_desktop.model import AddItemsCommand, Stage
from vsm_desktop.model.demo import CURRENT_NAME
from vsm_desktop.model.templates import BLANK_MAP_NAME, software_delivery
from vsm_desktop.store import save_workspace
from vsm_desktop.ui import app as app_module
from vsm_desktop.ui import first_run
from vsm_desktop.ui.dialogs.start_dialog import StartDialog
from vsm_desktop.ui.main_window import MainWindow
from vsm_desktop.ui.settings import AppSettings

LINE_MAP = "Steering bracket line — current"


def option(key: str) -> first_run.StartOption:
    return next(o for o in first_run.start_options() if o.key == key)


def option_titled(title: str) -> first_run.StartOption:
    return next(o for o in first_run.start_options() if o.title == title)


def map_names(window: MainWindow) -> list[str]:
    return [m.name for m in window.document.workspace.maps.values()]


class Asked:
    """Stands in for the modal dialog: replies with :attr:`reply` and logs every question."""

    def __init__(self) -> None:
        self.reply: first_run.StartOption | None = None
        self.calls = 0

    def __call__(self, _window: MainWindow) -> first_run.StartOption | None:
        self.calls += 1
        return self.reply


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Asked:
    stand_in = Asked()
    monkeypatch.setattr(first_run, "ask_how_to_start", stand_in)
    return stand_in


def test_options_list_demo_blank_both_templates_and_open() -> None:
    titles = [o.title for o in first_run.start_options()]
    assert titles == [
        "Explore the demo workshop",
        "Start a blank map",
        "Software delivery: idea to production",
        "Manufacturing line with takt time",
        "Open a workspace file…",
    ]
    assert option(first_run.OPEN_FILE).build is None


def test_offered_only_when_nothing_is_there_to_open(tmp_path: Path) -> None:
    settings = AppSettings.at(tmp_path / "settings.ini")
    plain = app_module.parse_args([])
    assert first_run.wants_start_dialog(plain, settings)
    for flags in (["--demo"], ["--empty"], [str(tmp_path / "x.vsm")]):
        assert not first_run.wants_start_dialog(app_module.parse_args(flags), settings), flags
    settings.add_recent_file(tmp_path / "earlier.vsm")
    assert not first_run.wants_start_dialog(plain, settings)


def test_manufacturing_template_fills_the_window_and_flags_takt(
    window: MainWindow, asked: Asked
) -> None:
    assert map_names(window)[0] == CURRENT_NAME
    asked.reply = option_titled("Manufacturing line with takt time")
    assert first_run.offer_start(window)
    assert map_names(window) == [LINE_MAP]
    assert not window.document.is_modified
    value_map = window.document.current_map
    assert value_map is not None and value_map.name == LINE_MAP
    metrics = window.document.metrics(value_map.id)
    # takt = 16 h x 3600 / 960 = 60 s; Assembly I 62 s and Test & pack 130/2 = 65 s are over.
    assert metrics.takt_s == 60
    assert [value_map.stages[s].name for s in metrics.over_takt] == ["Assembly I", "Test & pack"]
    # Touch 1+39+46+110+62+40+130+20 = 448 s; waits 24 days of 16 h and 4 h: lead time
    # 1,397,248 s, flow efficiency 0.032 % -- shown as such, not rounded away to 0.0 %.
    assert metrics.lead_time_s == 1_397_248
    assert window.metrics_panel.value_text("flow_efficiency") == "0.032 %"
    assert "Manufacturing line" in window.statusBar().currentMessage()


def test_blank_map_is_one_empty_map_ready_for_stages(window: MainWindow, asked: Asked) -> None:
    asked.reply = option("blank")
    assert first_run.offer_start(window)
    assert map_names(window) == [BLANK_MAP_NAME]
    value_map = window.document.current_map
    assert value_map is not None and not value_map.stages


def test_closing_or_choosing_the_demo_keeps_the_demo(window: MainWindow, asked: Asked) -> None:
    before = window.document
    asked.reply = None
    assert not first_run.offer_start(window)
    asked.reply = option("demo")
    assert not first_run.offer_start(window)
    assert window.document is before and map_names(window)[0] == CURRENT_NAME
    assert asked.calls == 2


def test_unsaved_recovered_work_is_never_replaced(window: MainWindow, asked: Asked) -> None:
    value_map = window.document.current_map
    assert value_map is not None
    window.document.push(AddItemsCommand(value_map.id, stages=[Stage("Extra")]))
    assert window.document.is_modified
    asked.reply = option("blank")
    assert not first_run.offer_start(window)
    assert asked.calls == 0  # not even asked
    assert map_names(window)[0] == CURRENT_NAME


def test_open_a_file_goes_through_the_open_prompt(
    window: MainWindow,
    asked: Asked,
    answers: Answers,
    tmp_path: Path,
) -> None:
    path = tmp_path / "earlier.vsm"
    save_workspace(software_delivery(), path)
    answers.open_path = str(path)
    asked.reply = option(first_run.OPEN_FILE)
    assert first_run.offer_start(window)
    assert window.document.path == path
    assert map_names(window) == ["Idea to production — current"]


def test_dialog_returns_the_clicked_option_or_none(qtbot: object) -> None:
    options = first_run.start_options()
    dialog = StartDialog(options)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert set(dialog.buttons) == {o.key for o in options}
    line = option_titled("Manufacturing line with takt time")
    QTimer.singleShot(0, dialog.buttons[line.key].click)
    chosen = dialog.choose()
    assert chosen is not None and chosen.key == line.key
    QTimer.singleShot(0, dialog.reject)
    assert dialog.choose() is None


def test_start_later_asks_after_the_window_is_shown(
    make_window: Callable[..., MainWindow],
    asked: Asked,
    qtbot: object,
) -> None:
    window = make_window()
    window.show()
    asked.reply = option("blank")
    first_run.offer_start_later(window, app_module.parse_args(["--demo"]))
    first_run.offer_start_later(window, app_module.parse_args([]))
    qtbot.waitUntil(lambda: map_names(window) == [BLANK_MAP_NAME])  # type: ignore[attr-defined]
    assert asked.calls == 1  # only the start without --demo asked


def test_run_command_opens_the_demo_not_the_dialog(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []
    monkeypatch.setattr(app_module, "main", lambda argv: seen.append(list(argv)) or 0)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert launch.main([]) == 0
    assert launch.main(["work.vsm"]) == 0
    assert seen == [["--demo"], ["work.vsm"]]


@pytest.mark.parametrize("start", [["--demo"], ["--empty"]])
def test_first_paint_loads_no_store_excel_or_chart_libraries(
    start: list[str], tmp_path: Path
) -> None:
    """The app as a real process, quitting at its first paint (VSM_STARTUP_PROBE): the window
    must appear without sqlite-utils, openpyxl, pyqtgraph, pandas or Pillow; they load when a
    file is opened, an export or the compare window needs them (bench/bench_startup.py times
    it)."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "VSM_STARTUP_PROBE": "1",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "vsm_desktop.ui.app", *start],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = dict(
        line.split(" ", 2)[1:] for line in result.stdout.splitlines() if line.startswith("startup")
    )
    assert "first-paint" in lines, result.stdout
    loaded = set(lines["heavy-modules"].split(","))
    assert loaded.isdisjoint({"sqlite_utils", "openpyxl", "pyqtgraph", "pandas", "PIL"}), loaded
    assert "networkx" in loaded  # the metrics of the first paint need the analysis
