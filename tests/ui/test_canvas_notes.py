"""Notes and kaizen bursts attached to a stage, driven on the real canvas: they follow the
stage through a mouse drag, a touch drag, a nudge and auto-layout, each one undo step, and a
note dropped onto a stage is attached to it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QInputDevice
from PySide6.QtTest import QTest

from vsm_desktop.model import Note, NoteKind
from vsm_desktop.store import workspace_to_records
from vsm_desktop.ui.canvas import style
from vsm_desktop.ui.canvas.menus import build_context_menu
from vsm_desktop.ui.canvas.tools import AddNoteTool
from vsm_desktop.ui.canvas.view import MapView
from vsm_desktop.ui.document import Document

LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier


def vp(view: MapView, x: float, y: float) -> QPoint:
    return view.mapFromScene(QPointF(x, y))


def trigger(view: MapView, at: QPointF, text: str) -> None:
    """Pick ``text`` from the canvas context menu at scene point ``at``."""
    menu = build_context_menu(view, at)
    actions = {a.text().replace("&", ""): a for a in menu.actions() if a.text()}
    actions[text].trigger()


def burst_on_build(view: MapView) -> Note:
    """Right-click Build ▸ Add kaizen burst, as the user guide says."""
    value_map = view.document.current_map
    assert value_map is not None
    trigger(view, QPointF(270, 70), "Add kaizen burst")
    (note,) = value_map.notes.values()
    return note


def test_burst_from_stage_menu_is_attached_and_parked_above_the_box(map_view: MapView) -> None:
    note = burst_on_build(map_view)
    assert note.kind == NoteKind.KAIZEN and note.stage == "s-build"
    # Centred over Build (240..380), clear of its top edge: never hidden under the box.
    assert (note.x, note.y) == (240 + (style.BOX_W - style.KAIZEN_W) / 2, -style.KAIZEN_H - 16)
    value_map = map_view.document.current_map
    assert value_map is not None
    trigger(map_view, QPointF(270, 70), "Add note")
    other = next(n for n in value_map.notes.values() if n.id != note.id)
    assert other.stage == "s-build"
    # Stacked above the burst, each note readable and clearly over Build.
    assert other.y + style.NOTE_H < note.y
    assert other.x == 240 + (style.BOX_W - style.NOTE_W) / 2


def test_mouse_drag_of_a_stage_carries_its_notes_in_one_undo_step(map_view: MapView) -> None:
    document = map_view.document
    value_map = document.current_map
    assert value_map is not None
    note = burst_on_build(map_view)
    trigger(map_view, QPointF(400, -200), "Add note here")
    loose = next(n for n in value_map.notes.values() if n.id != note.id)
    start_note = (note.x, note.y)
    count = document.undo_stack.count()
    scene = map_view.map_scene
    viewport = map_view.viewport()
    start, end = vp(map_view, 270, 70), vp(map_view, 270, 230)
    QTest.mousePress(viewport, LEFT, NO_MOD, start)
    for i in range(1, 9):
        QTest.mouseMove(viewport, start + (end - start) * (i / 8))
    # Mid-drag the burst already rides along on screen, the model is untouched.
    assert scene.item_for_note[note.id].pos() == QPointF(start_note[0], start_note[1] + 160)
    assert (note.x, note.y) == start_note
    QTest.mouseRelease(viewport, LEFT, NO_MOD, end)
    build = value_map.stages["s-build"]
    assert (build.x, build.y) == (240, 160)
    assert (note.x, note.y) == (start_note[0], start_note[1] + 160)
    assert (loose.x, loose.y) == (400, -200)  # not attached: stays
    assert document.undo_stack.count() == count + 1
    assert document.undo_stack.undoText() == "Move stage"  # named after what was dragged
    document.undo()
    assert (build.y, (note.x, note.y)) == (0, start_note)
    assert scene.item_for_note[note.id].pos() == QPointF(*start_note)
    document.redo()
    assert (note.x, note.y) == (start_note[0], start_note[1] + 160)


def test_carried_note_keeps_its_offset_when_snapping(map_view: MapView) -> None:
    value_map = map_view.document.current_map
    assert value_map is not None
    note = burst_on_build(map_view)
    offset = (note.x - 240, note.y - 0)
    map_view.set_snap(True)
    start, end = vp(map_view, 270, 70), vp(map_view, 277, 133)
    QTest.mousePress(map_view.viewport(), LEFT, NO_MOD, start)
    for i in range(1, 7):
        QTest.mouseMove(map_view.viewport(), start + (end - start) * (i / 6))
    QTest.mouseRelease(map_view.viewport(), LEFT, NO_MOD, end)
    build = value_map.stages["s-build"]
    assert (build.x, build.y) == (240, 60)  # snapped
    assert (note.x - build.x, note.y - build.y) == offset  # the note is not snapped away


def test_note_dropped_onto_a_stage_is_attached_and_follows_it(map_view: MapView) -> None:
    document = map_view.document
    value_map = document.current_map
    assert value_map is not None
    trigger(map_view, QPointF(560, -220), "Add note here")
    (note,) = value_map.notes.values()
    assert note.stage is None
    original = (note.x, note.y)
    count = document.undo_stack.count()
    # Drag the sticky by its middle and let go over Test's box.
    grab = QPointF(note.x + style.NOTE_W / 2, note.y + style.NOTE_H / 2)
    start, end = vp(map_view, grab.x(), grab.y()), vp(map_view, 530, 70)
    viewport = map_view.viewport()
    QTest.mousePress(viewport, LEFT, NO_MOD, start)
    for i in range(1, 9):
        QTest.mouseMove(viewport, start + (end - start) * (i / 8))
    QTest.mouseRelease(viewport, LEFT, NO_MOD, end)
    assert note.stage == "s-test"
    # Parked above Test rather than hidden under it.
    assert (note.x, note.y) == (480 + (style.BOX_W - style.NOTE_W) / 2, -style.NOTE_H - 16)
    assert map_view.map_scene.item_for_note[note.id].pos() == QPointF(note.x, note.y)
    assert document.undo_stack.count() == count + 1
    assert document.undo_stack.undoText() == "Attach note to Test"
    # Now it follows Test.
    parked = (note.x, note.y)
    map_view.select_stage("s-test")
    QTest.keyClick(viewport, Qt.Key.Key_Down)
    assert (note.x, note.y) == (parked[0], parked[1] + 10)
    document.undo()
    document.undo()
    assert note.stage is None and (note.x, note.y) == original


def test_touch_drag_of_a_stage_carries_its_notes(map_view: MapView) -> None:
    document = map_view.document
    note = burst_on_build(map_view)
    before = (note.x, note.y)
    count = document.undo_stack.count()
    device = QTest.createTouchDevice(QInputDevice.DeviceType.TouchScreen)
    viewport = map_view.viewport()
    point = vp(map_view, 270, 70)
    QTest.touchEvent(viewport, device).press(0, point)
    for dx in (20, 40, 60):
        QTest.touchEvent(viewport, device).move(0, point + QPoint(dx, 0))
    QTest.touchEvent(viewport, device).release(0, point + QPoint(60, 0))
    assert (note.x, note.y) == (before[0] + 60, before[1])
    assert document.undo_stack.count() == count + 1


def test_detached_note_stays_put(map_view: MapView) -> None:
    note = burst_on_build(map_view)
    centre = QPointF(note.x + style.KAIZEN_W / 2, note.y + style.KAIZEN_H / 2)
    trigger(map_view, centre, "Detach from Build")
    assert note.stage is None
    before = (note.x, note.y)
    map_view.select_stage("s-build")
    map_view.nudge(0, 40)
    assert (note.x, note.y) == before


def test_add_note_tool_on_a_stage_attaches_the_note(map_view: MapView) -> None:
    value_map = map_view.document.current_map
    assert value_map is not None
    map_view.set_tool(AddNoteTool(map_view.map_scene, NoteKind.KAIZEN))
    QTest.mouseClick(map_view.viewport(), LEFT, NO_MOD, vp(map_view, 750, 70))
    (note,) = value_map.notes.values()
    assert note.stage == "s-release"
    assert note.y + style.KAIZEN_H < 0  # above the box, not under it
    map_view.editor.cancel()


def test_attachment_survives_save_and_reopen_and_undo_all(map_view: MapView, tmp_path: Any) -> None:
    document = map_view.document
    original = workspace_to_records(document.workspace)
    note = burst_on_build(map_view)
    map_view.select_stage("s-build")
    map_view.auto_layout()
    map_view.nudge(10, 0)
    path = tmp_path / "notes.vsm"
    document.save(path)
    reopened = Document.open(path)
    try:
        value_map = reopened.workspace.map_named("Release flow")
        assert value_map is not None
        again = value_map.notes[note.id]
        assert (again.stage, again.x, again.y) == ("s-build", note.x, note.y)
    finally:
        reopened.close()
    while document.undo_stack.canUndo():
        document.undo()
    assert workspace_to_records(document.workspace) == original
