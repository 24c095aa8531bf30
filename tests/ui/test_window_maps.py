"""The Maps panel's buttons clicked in the main window, a workspace whose every map was
deleted, and the tool bar's Undo button, as a facilitator meets them."""

from __future__ import annotations

from helpers_window import Answers
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolButton

from vsm_desktop.model import MapRole
from vsm_desktop.model.demo import CURRENT_NAME, TARGET_NAME
from vsm_desktop.store import workspace_to_records
from vsm_desktop.ui.canvas.menus import build_context_menu
from vsm_desktop.ui.main_window import MainWindow

LEFT = Qt.MouseButton.LeftButton


def click(button: QToolButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    QTest.mouseClick(button, LEFT)


def test_maps_panel_buttons_create_rename_target_delete(
    window: MainWindow, answers: Answers
) -> None:
    panel = window.maps_panel
    ws = window.document.workspace
    original = workspace_to_records(ws)

    answers.text = "Pilot team"
    click(panel.new_button)
    pilot = window.document.current_map
    assert pilot is not None and pilot.name == "Pilot team"
    assert window.view.map_id == pilot.id  # the canvas shows the new, empty map

    answers.text = "Pilot team B"
    click(panel.rename_button)
    assert pilot.name == "Pilot team B"
    assert "Pilot team B" in panel.list.currentItem().text()

    # A name another map has is refused with the reason, the old one kept.
    answers.text = CURRENT_NAME.upper()
    click(panel.rename_button)
    assert pilot.name == "Pilot team B"
    assert answers.errors and "already named" in answers.errors[-1]

    current = ws.map_named(CURRENT_NAME)
    assert current is not None
    panel.list.setCurrentRow(0)
    click(panel.target_button)
    target = window.document.current_map
    assert target is not None and target.role == MapRole.TARGET
    assert target.target_of == current.id
    assert target.name == f"{TARGET_NAME} (2)"  # the demo already has its target

    click(panel.delete_button)
    assert target.id not in ws.maps
    assert window.statusBar().currentMessage().startswith("Deleted map")

    while window.document.undo_stack.canUndo():
        window.document.undo()
    assert workspace_to_records(ws) == original


def test_map_name_typed_in_properties_must_be_free(qtbot, window: MainWindow) -> None:
    window.view.map_scene.clearSelection()
    form = window.properties_panel.map_form
    assert window.properties_panel.current_form() is form
    form.name.setFocus()
    form.name.setText(TARGET_NAME.upper())  # QTest cannot type the name's em dash
    qtbot.keyClick(form.name, Qt.Key.Key_Return)
    assert window.document.current_map.name == CURRENT_NAME
    assert "already named" in form.message.text() and form.message.isVisible()
    assert form.name.text() == CURRENT_NAME


def test_with_every_map_deleted_the_canvas_offers_nothing_to_break(
    window: MainWindow, answers: Answers
) -> None:
    panel = window.maps_panel
    for _ in range(len(window.document.workspace.maps)):
        click(panel.delete_button)
    assert not window.document.workspace.maps
    view = window.view
    assert view.map_id is None
    QTest.mouseDClick(
        view.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, QPointF(300, 200).toPoint()
    )
    menu = build_context_menu(view, QPointF(0, 0))
    assert [a.text() for a in menu.actions()] == ["No map open: create one in the Maps panel"]
    assert not menu.actions()[0].isEnabled()
    assert window.problems_panel.summary.text() == "No map open."
    assert not window.document.workspace.maps  # nothing was added behind the user's back
    answers.text = "Fresh start"
    click(panel.new_button)
    QTest.mouseDClick(
        view.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, QPointF(300, 200).toPoint()
    )
    value_map = window.document.current_map
    assert value_map is not None and len(value_map.stages) == 1
    assert window.problems_panel.summary.text() != "No map open."


def test_toolbar_undo_keeps_its_label_and_tells_what_it_undoes(window: MainWindow) -> None:
    buttons = {b.text(): b for b in window.toolbar.findChildren(QToolButton) if b.text()}
    undo = buttons["Undo"]
    assert not undo.isEnabled()
    value_map = window.document.current_map
    assert value_map is not None
    window.maps_panel.rename_map(value_map.id, "A much longer name for the current state map")
    QApplication.processEvents()
    assert undo.text() == "Undo" and undo.isEnabled()
    assert undo.defaultAction().toolTip().startswith("Undo Rename map")
    click(undo)
    assert value_map.name == CURRENT_NAME
    assert not undo.isEnabled()
    redo = buttons["Redo"]
    assert redo.isEnabled() and redo.text() == "Redo"


def _cards_fully_shown(window: MainWindow) -> bool:
    strip = window.metrics_panel.strip
    for key in ("lead_time", "rework_lead_time", "takt"):
        card = strip.card(key)
        needed = max(card.minimumSizeHint().height(), card.heightForWidth(card.width()))
        if card.height() < needed or not card.value.visibleRegion().boundingRect().height():
            return False
        if card.value.visibleRegion().boundingRect().height() < card.value.sizeHint().height():
            return False
    return True


def test_metrics_strip_shows_every_figure_on_a_laptop_and_gives_room_back(
    qtbot, window: MainWindow
) -> None:
    strip = window.metrics_panel.strip
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: _cards_fully_shown(window))
    one_row = strip.height()
    assert strip.card("takt").y() == strip.card("lead_time").y()  # seven in one row at 1280 px
    window.resize(760, 800)  # a narrow window wraps the cards to more rows ...
    qtbot.waitUntil(lambda: strip.card("takt").y() > strip.card("lead_time").y())
    qtbot.waitUntil(lambda: _cards_fully_shown(window))  # ... none squeezed to an empty frame
    assert strip.height() > one_row
    window.resize(1280, 800)  # and the canvas gets the room back when it widens again
    qtbot.waitUntil(lambda: strip.height() == one_row)
    qtbot.waitUntil(lambda: window.metrics_panel.height() == one_row)
