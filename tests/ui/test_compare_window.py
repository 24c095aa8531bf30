"""The Compare menu of the main window: opens the compare view on the map in front of the user
and its target, and follows the window's document after New/Open."""

from __future__ import annotations

from vsm_desktop.model.demo import CURRENT_NAME, TARGET_NAME
from vsm_desktop.ui.compare import CompareLauncher, install_compare
from vsm_desktop.ui.document import Document
from vsm_desktop.ui.main_window import MainWindow


def _launcher(window: MainWindow) -> CompareLauncher:
    # The window may install it itself (MainWindow._install_features); never install twice.
    found = window.findChild(CompareLauncher, "compare_launcher")
    return found if found is not None else install_compare(window)


def test_compare_menu_opens_current_versus_target(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    launcher = _launcher(window)
    assert launcher.action in window.menu("Compare").actions()
    target = window.document.workspace.map_named(TARGET_NAME)
    assert target is not None
    window.document.set_current_map(target.id)  # looking at the target still pairs it
    launcher.action.trigger()
    view = launcher.view
    assert view is not None
    qtbot.waitExposed(view)
    assert view.isWindow()
    assert view.current_combo.currentText() == CURRENT_NAME
    assert view.target_combo.currentText() == TARGET_NAME
    # Triggered again: the same window comes to the front, no second one.
    launcher.action.trigger()
    assert launcher.view is view


def test_compare_view_follows_a_new_document(window: MainWindow) -> None:
    launcher = _launcher(window)
    view = launcher.open()
    assert view.result is not None
    window.set_document(Document.new("Only map"))
    assert view.document is window.document
    assert view.result is None
    assert view.message.text() == "Pick two maps to compare"
    assert view.current_combo.currentText() == "Only map"


def test_a_closed_compare_window_stops_listening(window: MainWindow) -> None:
    from vsm_desktop.model import EditCommand

    view = _launcher(window).open()
    view.close()
    # Closed: the canvases hold no items and an edit is not computed.
    assert view.canvases.halos("current") == {}
    target = window.document.workspace.map_named(TARGET_NAME)
    assert target is not None
    stage = target.stage_named("Validate outcome")
    assert stage is not None
    window.document.push(EditCommand("stage", target.id, stage.id, {"wait_s": 80 * 3600.0}))
    assert view.result is not None and view.result.figure("lead_time_s").target == "4w 4.8d"
    # Opened again: up to date, canvases back.
    _launcher(window).open()
    assert view.result is not None and view.result.figure("lead_time_s").target == "5w 4.8d"
    assert len(view.canvases.halos("target")) == len(target.stages)
