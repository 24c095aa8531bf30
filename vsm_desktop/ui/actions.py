"""The main window's actions, menus and tool bar, built in one place so the window class only
says what each action does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QStyle, QToolBar

if TYPE_CHECKING:
    from .main_window import MainWindow

Key = QKeySequence.StandardKey


@dataclass
class WindowActions:
    new: QAction
    open: QAction
    save: QAction
    save_as: QAction
    export_png: QAction
    export_svg: QAction
    export_pdf: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    cut: QAction
    copy: QAction
    paste: QAction
    delete: QAction
    duplicate: QAction
    select_all: QAction
    new_map: QAction
    make_target: QAction
    delete_map: QAction
    auto_layout: QAction
    zoom_in: QAction
    zoom_out: QAction
    zoom_fit: QAction
    snap: QAction
    waste: QAction
    theme_light: QAction
    theme_dark: QAction
    presentation: QAction
    recent_menu: QMenu


def _action(
    window: MainWindow,
    text: str,
    slot: Callable[..., object],
    shortcut: QKeySequence | Key | str | None = None,
    tip: str = "",
    icon: QStyle.StandardPixmap | None = None,
    checkable: bool = False,
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(f"{tip} ({action.shortcut().toString()})" if shortcut else tip)
    if icon is not None:
        action.setIcon(window.style().standardIcon(icon))
    action.setCheckable(checkable)
    if checkable:
        action.toggled.connect(lambda on: slot(on))
    else:
        action.triggered.connect(lambda _checked=False: slot())
    # Actions live in the window so shortcuts work whatever has focus, menus hidden or not.
    window.addAction(action)
    return action


def build_actions(window: MainWindow) -> WindowActions:
    sp = QStyle.StandardPixmap
    w = window
    undo = w.undo_group.createUndoAction(w, "&Undo")
    undo.setShortcut(QKeySequence(Key.Undo))
    undo.setIcon(w.style().standardIcon(sp.SP_ArrowBack))
    redo = w.undo_group.createRedoAction(w, "&Redo")
    redo.setShortcut(QKeySequence(Key.Redo))
    redo.setIcon(w.style().standardIcon(sp.SP_ArrowForward))
    w.addAction(undo)
    w.addAction(redo)
    actions = WindowActions(
        new=_action(w, "&New", w.new_workspace, Key.New, "New workspace", sp.SP_FileIcon),
        open=_action(w, "&Open…", w.ask_open, Key.Open, "Open a workspace", sp.SP_DialogOpenButton),
        save=_action(w, "&Save", w.save, Key.Save, "Save the workspace", sp.SP_DialogSaveButton),
        save_as=_action(w, "Save &As…", w.save_as, Key.SaveAs, "Save under a new name"),
        export_png=_action(w, "Map as &PNG…", lambda: w.export_map("png"), None, "PNG image"),
        export_svg=_action(w, "Map as &SVG…", lambda: w.export_map("svg"), None, "SVG drawing"),
        export_pdf=_action(w, "Map as P&DF…", lambda: w.export_map("pdf"), None, "PDF document"),
        quit=_action(w, "&Quit", w.close, Key.Quit, "Quit VSM Desktop"),
        undo=undo,
        redo=redo,
        cut=_action(w, "Cu&t", lambda: w.map_view().cut_selection(), Key.Cut, "Cut"),
        copy=_action(w, "&Copy", lambda: w.map_view().copy_selection(), Key.Copy, "Copy"),
        paste=_action(w, "&Paste", lambda: w.map_view().paste(), Key.Paste, "Paste"),
        delete=_action(
            w, "&Delete", lambda: w.map_view().delete_selection(), Key.Delete, "Delete selection"
        ),
        duplicate=_action(
            w, "D&uplicate", lambda: w.map_view().duplicate_selection(), "Ctrl+D", "Duplicate"
        ),
        select_all=_action(w, "Select &All", lambda: w.map_view().select_all(), Key.SelectAll),
        new_map=_action(w, "&New Map…", lambda: w.maps_panel.ask_create(), None, "Add a map"),
        make_target=_action(
            w,
            "Make &Target From This Map",
            lambda: w.maps_panel.make_target(w.current_map_id()),
            None,
            "Copy the current map as its target state",
        ),
        delete_map=_action(
            w, "De&lete Map", lambda: w.maps_panel.delete_map(w.current_map_id()), None
        ),
        auto_layout=_action(
            w, "&Auto Layout", lambda: w.map_view().auto_layout(), "Ctrl+L", "Tidy the layout"
        ),
        zoom_in=_action(w, "Zoom &In", lambda: w.map_view().zoom_in(), Key.ZoomIn, "Zoom in"),
        zoom_out=_action(w, "Zoom &Out", lambda: w.map_view().zoom_out(), Key.ZoomOut, "Zoom out"),
        zoom_fit=_action(
            w, "Zoom to &Fit", lambda: w.map_view().zoom_to_fit(), "Ctrl+0", "Show the whole map"
        ),
        snap=_action(w, "&Snap to Grid", w.set_snap, None, "Snap stages to the grid", None, True),
        waste=_action(
            w, "&Waste Colouring", w.set_waste_coloring, None, "Colour stages by wait", None, True
        ),
        theme_light=_action(w, "&Light", lambda: w.set_theme("light"), None, "Light theme"),
        theme_dark=_action(w, "&Dark", lambda: w.set_theme("dark"), None, "Dark theme"),
        presentation=_action(
            w, "&Presentation Mode", w.toggle_presentation, "F5", "Full screen for a projector"
        ),
        recent_menu=QMenu("Open &Recent", w),
    )
    actions.presentation.setCheckable(True)
    # Short tool bar labels; the menus keep the full text.
    actions.make_target.setIconText("Make Target")
    actions.presentation.setIconText("Present")
    group = QActionGroup(w)
    for action in (actions.theme_light, actions.theme_dark):
        action.setCheckable(True)
        group.addAction(action)
    if actions.quit.shortcut().isEmpty():  # some desktops define no standard Quit key
        actions.quit.setShortcut(QKeySequence("Ctrl+Q"))
    # Ctrl+= is where most keyboards put "+"; keep the standard key too.
    actions.zoom_in.setShortcuts([QKeySequence(Key.ZoomIn), QKeySequence("Ctrl+=")])
    return actions


def build_menus(window: MainWindow, a: WindowActions) -> None:
    file_menu = window.menu("&File")
    for action in (a.new, a.open):
        file_menu.addAction(action)
    file_menu.addMenu(a.recent_menu)
    file_menu.addSeparator()
    file_menu.addAction(a.save)
    file_menu.addAction(a.save_as)
    export = file_menu.addMenu("&Export")
    for action in (a.export_png, a.export_svg, a.export_pdf):
        export.addAction(action)
    file_menu.addSeparator()
    autosave = file_menu.addMenu("A&utosave")
    group = QActionGroup(window)
    current = window.autosaver.interval_s()
    for seconds, text in (
        (0, "Off"),
        (30, "Every 30 Seconds"),
        (60, "Every Minute"),
        (300, "Every 5 Minutes"),
    ):
        action = autosave.addAction(text)
        action.setCheckable(True)
        action.setChecked(seconds == current)
        action.setData(seconds)
        action.triggered.connect(lambda _checked=False, s=seconds: window.set_autosave_interval(s))
        group.addAction(action)
    file_menu.addSeparator()
    file_menu.addAction(a.quit)

    edit = window.menu("&Edit")
    for action in (a.undo, a.redo):
        edit.addAction(action)
    edit.addSeparator()
    for action in (a.cut, a.copy, a.paste, a.duplicate, a.delete):
        edit.addAction(action)
    edit.addSeparator()
    edit.addAction(a.select_all)

    map_menu = window.menu("&Map")
    for action in (a.new_map, a.make_target, a.delete_map):
        map_menu.addAction(action)
    map_menu.addSeparator()
    map_menu.addAction(a.auto_layout)

    view = window.menu("&View")
    for action in (a.zoom_in, a.zoom_out, a.zoom_fit):
        view.addAction(action)
    view.addSeparator()
    view.addAction(a.snap)
    view.addAction(a.waste)
    themes = view.addMenu("&Theme")
    themes.addAction(a.theme_light)
    themes.addAction(a.theme_dark)
    view.addSeparator()
    window.panels_menu = view.addMenu("&Panels")
    view.addSeparator()
    view.addAction(a.presentation)


def _short_label(window: MainWindow, action: QAction, text: str) -> QAction:
    """A tool-bar stand-in for ``action`` with a fixed label. The undo group's actions say
    "Undo Delete map Feature delivery — target": on the tool bar that would widen the button
    and shift every button after it on each edit (and push them off a projector's narrow
    screen). The full text goes to the tooltip; the stand-in has no shortcut of its own."""
    proxy = QAction(action.icon(), text, window)
    proxy.triggered.connect(lambda _checked=False: action.trigger())

    def follow() -> None:
        proxy.setEnabled(action.isEnabled())
        tip = action.text().replace("&", "")
        proxy.setToolTip(f"{tip} ({action.shortcut().toString()})")

    action.changed.connect(follow)
    follow()
    return proxy


def build_toolbar(window: MainWindow, a: WindowActions) -> QToolBar:
    bar = QToolBar("Main", window)
    bar.setObjectName("main_toolbar")
    bar.setMovable(False)
    bar.setIconSize(QSize(18, 18))
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for action in (a.new, a.open, a.save):
        bar.addAction(action)
    bar.addSeparator()
    for action, text in ((a.undo, "Undo"), (a.redo, "Redo")):
        bar.addAction(_short_label(window, action, text))
    bar.addSeparator()
    for action in (a.zoom_fit, a.auto_layout, a.snap, a.waste):
        bar.addAction(action)
    bar.addSeparator()
    bar.addAction(a.make_target)
    bar.addSeparator()
    bar.addAction(a.presentation)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return bar
