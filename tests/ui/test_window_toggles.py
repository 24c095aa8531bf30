"""The canvas toggles of the tool bar and View menu, clicked in the main window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolButton

from vsm_desktop.ui.canvas import palette
from vsm_desktop.ui.main_window import MainWindow


def button(window: MainWindow, text: str) -> QToolButton:
    (found,) = [b for b in window.toolbar.findChildren(QToolButton) if b.text() == text]
    return found


def test_waste_colouring_and_snap_buttons_reach_the_canvas_and_are_remembered(
    window: MainWindow, make_window: Callable[..., MainWindow]
) -> None:
    scene = window.view.map_scene
    assert scene.waste_coloring and scene.snap_enabled  # on by default for a workshop
    QTest.mouseClick(button(window, "Waste Colouring"), Qt.MouseButton.LeftButton)
    QTest.mouseClick(button(window, "Snap to Grid"), Qt.MouseButton.LeftButton)
    assert not scene.waste_coloring and not scene.snap_enabled
    assert window.view.map_scene.waste_share(next(iter(scene.item_for_stage))) is None
    other = make_window()
    assert not other.view.map_scene.waste_coloring and not other.view.map_scene.snap_enabled
    assert window.document.undo_stack.count() == 0  # a view setting, not an edit of the map


def test_dark_theme_reaches_the_canvas(window: MainWindow) -> None:
    window.window_actions.theme_dark.trigger()
    assert window.view.map_scene.palette is palette.DARK
    window.window_actions.theme_light.trigger()
    assert window.view.map_scene.palette is palette.LIGHT
