"""The main window on the demo workspace: panels, canvas selection, presentation, themes,
extension points.

Demo figures by hand (8 h days, 40 h weeks; tests/core/test_demo.py agrees): on the current map
the longest path runs through Security review (wait + touch = 86 h) rather than Test (58 h):
Idea intake 42 + Discovery 94 + Design 92 + Backlog refinement 124 + Build 80 + Code review 27
+ Security review 86 + Release 84 + Validate outcome 164 = 793 h = 19w 33h = 19w 4.1d.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from helpers_window import Answers
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel

from vsm_desktop.model import AddItemsCommand, Stage, format_duration
from vsm_desktop.model.demo import CURRENT_NAME
from vsm_desktop.ui.main_window import MainWindow

H = 3600.0


def stage_id(window: MainWindow, name: str) -> str:
    value_map = window.document.current_map
    assert value_map is not None
    stage = value_map.stage_named(name)
    assert stage is not None, name
    return stage.id


def type_into(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_window_opens_on_demo_with_panels_and_figures(window: MainWindow) -> None:
    assert window.document.current_map.name == CURRENT_NAME
    assert window.windowTitle().startswith("Untitled")
    titles = {d.windowTitle() for d in window.findChildren(QDockWidget) if d.isVisible()}
    assert {"Maps", "Properties", "Metrics", "Problems"} <= titles
    assert window.metrics_panel.value_text("lead_time") == "19w 4.1d"  # 793 h
    assert window.maps_panel.list.count() == 2
    assert window.view is not None and window.centralWidget().isAncestorOf(window.view)


def test_select_stage_type_wait_and_lead_time_follows(qtbot, window: MainWindow) -> None:
    security = stage_id(window, "Security review")
    window.view.select_stage(security)
    form = window.properties_panel.stage_form
    assert window.properties_panel.current_form() is form
    assert form.name.text() == "Security review"
    assert form.wait.edit.text() == "2w"

    type_into(qtbot, form.wait.edit, "1w")  # Security review: 6 h + 40 h = 46 h

    # The parallel Test branch (58 h) is now the longer one:
    # 793 - 86 + 58 = 765 h = 19 weeks (760 h) and 5 h.
    assert window.document.metrics(window.document.current_map_id).lead_time_s == 765 * H
    assert window.metrics_panel.value_text("lead_time") == format_duration(765 * H)
    assert window.document.current_map.stages[security].wait_s == 40 * H
    assert window.isWindowModified()
    window.window_actions.undo.trigger()
    assert window.metrics_panel.value_text("lead_time") == "19w 4.1d"
    assert form.wait.edit.text() == "2w"
    window.window_actions.redo.trigger()
    assert window.metrics_panel.value_text("lead_time") == format_duration(765 * H)


def test_bad_duration_in_window_shows_reason_and_keeps_model(qtbot, window: MainWindow) -> None:
    build = stage_id(window, "Build")
    window.view.select_stage(build)
    field = window.properties_panel.stage_form.touch
    type_into(qtbot, field.edit, "two days")
    assert "cannot read" in field.error_text()
    assert field.error.isVisible() and field.edit.text() == "two days"
    assert window.document.current_map.stages[build].touch_s == 40 * H
    assert window.metrics_panel.value_text("lead_time") == "19w 4.1d"
    assert window.document.undo_stack.count() == 0


def test_problem_click_selects_its_stage_on_canvas(qtbot, window: MainWindow) -> None:
    doc = window.document
    unknown = Stage("Waiting for legal", team="Legal", touch_s=None, wait_s=8 * H, x=0, y=400)
    doc.push(AddItemsCommand(doc.current_map_id, stages=[unknown]))
    problems = window.problems_panel
    assert problems.list.count() >= 1
    rows = [problems.list.item(i) for i in range(problems.list.count())]
    row = next(r for r in rows if "touch" in r.text() and "Waiting for legal" in r.text())
    rect = problems.list.visualItemRect(row)
    qtbot.mouseClick(problems.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert list(window.view.selected_stage_ids()) == [unknown.id]
    assert window.properties_panel.current_form() is window.properties_panel.stage_form
    assert window.properties_panel.stage_form.name.text() == "Waiting for legal"


def test_switching_maps_in_panel_shows_that_map(window: MainWindow) -> None:
    window.maps_panel.list.setCurrentRow(1)
    assert window.document.current_map.name == "Feature delivery — target"
    assert "Feature delivery — target" in window.windowTitle()
    # Target by hand (tests/core/test_demo.py): 198 h = 4w 38h = 4w 4.8d.
    assert window.metrics_panel.value_text("lead_time") == "4w 4.8d"


def test_make_target_through_menu_action_and_undo(window: MainWindow) -> None:
    before = len(window.document.workspace.maps)
    window.window_actions.make_target.trigger()
    assert len(window.document.workspace.maps) == before + 1
    assert window.document.current_map.target_of is not None
    window.window_actions.undo.trigger()
    assert len(window.document.workspace.maps) == before


def test_presentation_mode_hides_panels_and_keeps_figures(qtbot, window: MainWindow) -> None:
    docks = [d for d in window.docks() if d.isVisible()]
    assert docks
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.presentation.active
    assert window.isFullScreen()
    assert all(not d.isVisible() for d in window.docks())
    assert not window.toolbar.isVisible() and not window.menuBar().isVisible()
    bar = window.presentation.bar
    assert bar.isVisible()
    assert bar.metrics.value_text("lead_time") == "19w 4.1d"
    assert bar.title.text() == CURRENT_NAME
    assert QApplication.instance().property("vsm_theme") == "high-contrast"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.presentation.active
    assert not window.isFullScreen()
    assert all(d.isVisible() for d in docks)
    assert not bar.isVisible()
    assert QApplication.instance().property("vsm_theme") == window.theme_name
    window.presentation.enter()  # on a touch screen: the bar's own exit button
    qtbot.mouseClick(bar.exit_button, Qt.MouseButton.LeftButton)
    assert not window.presentation.active and all(d.isVisible() for d in docks)


def test_theme_switch_is_remembered(window: MainWindow, make_window: Callable) -> None:
    window.window_actions.theme_dark.trigger()
    assert window.theme_name == "dark"
    assert QApplication.instance().palette().window().color().name() == "#1e2127"
    assert window.settings.theme() == "dark"
    other = make_window()
    assert other.theme_name == "dark"
    other.set_theme("light")


def test_extension_points_menu_and_panel(window: MainWindow) -> None:
    data = window.menu("Data")
    assert window.menu("&Data") is data
    assert data.title() == "&Data"
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[-2:] == ["&Data", "&Help"]  # features go before Help
    action = data.addAction("Import events…")
    assert action in window.menu("Data").actions()
    widget = QLabel("measurements")
    dock = window.add_panel("Measurements", widget)
    assert dock.widget() is widget
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert dock.toggleViewAction() in window.panels_menu.actions()
    assert window.dock("Measurements") is dock


def test_document_replaced_signal_reaches_plugins(
    qtbot, window: MainWindow, answers: Answers
) -> None:
    with qtbot.waitSignal(window.document_replaced) as blocker:
        window.window_actions.new.trigger()
    assert blocker.args[0] is window.document
    assert len(window.document.workspace.maps) == 1


@pytest.mark.parametrize("shortcut", ["Ctrl+Z", "Ctrl+D", "Ctrl+0", "F5", "Ctrl+S", "Ctrl+N"])
def test_standard_shortcuts_are_bound(window: MainWindow, shortcut: str) -> None:
    bound = {
        s.toString() for action in window.findChildren(type(window.window_actions.new))
        for s in action.shortcuts()
    }  # fmt: skip
    assert shortcut in bound


def test_no_shortcut_is_bound_twice(window: MainWindow) -> None:
    """Qt fires neither of two actions that share a key: features must pick free ones."""
    seen: dict[str, str] = {}
    for action in window.findChildren(type(window.window_actions.new)):
        for key in action.shortcuts():
            text = key.toString()
            assert text not in seen, f"{text} is bound to {seen[text]!r} and {action.text()!r}"
            seen[text] = action.text()
    assert {"Ctrl+Q", "Ctrl+X", "Del", "Ctrl+L"} <= set(seen)
