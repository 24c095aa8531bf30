"""Panels on their own, driven like a user would (typing, clicking), against a real Document.

Figures are worked out by hand from conftest.small_map: Idea 1h+2h, Build 4h+8h, Test 2h+16h,
Release 1h+4h on one chain (the Test->Build rework loop is left out of the lead time), so
LT = 3 + 12 + 18 + 5 = 38 h = 4d 6h on the 8 h / 5 d calendar; PT = 8 h; flow efficiency
8 / 38 = 21.1 %; rolled %C&A = 80 %.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from vsm_desktop.model import EditCommand, MapRole, Note, NoteKind, Stage, format_duration
from vsm_desktop.model.commands import AddItemsCommand
from vsm_desktop.ui.document import Document
from vsm_desktop.ui.panels.maps_panel import MapsPanel
from vsm_desktop.ui.panels.metrics_panel import MetricsPanel
from vsm_desktop.ui.panels.problems_panel import STAGE_IDS_ROLE, ProblemsPanel
from vsm_desktop.ui.panels.properties import PropertiesPanel

H = 3600.0


@pytest.fixture
def properties(qtbot, document: Document) -> Iterator[PropertiesPanel]:
    panel = PropertiesPanel()
    qtbot.addWidget(panel)
    panel.set_document(document)
    panel.show()
    yield panel
    panel.set_document(None)


@pytest.fixture
def metrics(qtbot, document: Document) -> Iterator[MetricsPanel]:
    panel = MetricsPanel()
    qtbot.addWidget(panel)
    panel.set_document(document)
    yield panel
    panel.set_document(None)


def _type(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_metrics_panel_shows_hand_worked_figures(metrics: MetricsPanel) -> None:
    assert metrics.value_text("lead_time") == "4d 6h"  # 38 h
    assert metrics.value_text("process_time") == "1d"  # 8 h
    assert metrics.value_text("flow_efficiency") == "21 %"  # 8 / 38 = 21.05 %
    assert metrics.value_text("rolled_pca") == "80 %"
    assert metrics.value_text("handoffs") == "3 / 3"  # three forward handoffs, all cross-team


def test_typed_wait_time_updates_model_and_lead_time(
    qtbot, document: Document, properties: PropertiesPanel, metrics: MetricsPanel
) -> None:
    map_id = document.current_map_id
    properties.show_selection(["s-build"])
    form = properties.stage_form
    assert properties.current_form() is form
    assert form.wait.edit.text() == "1d"  # 8 h shown in the map calendar

    _type(qtbot, form.wait.edit, "2d")  # 16 h: Build becomes 4 + 16 = 20 h

    assert document.workspace.map(map_id).stages["s-build"].wait_s == 16 * H
    # LT = 3 + 20 + 18 + 5 = 46 h = 1 week (40 h) and 6 h, written by the shared formatter.
    assert document.metrics(map_id).lead_time_s == 46 * H
    assert metrics.value_text("lead_time") == format_duration(46 * H)
    assert form.lead.text().startswith("2d 4h")  # 20 h
    assert document.undo_stack.count() == 1
    document.undo()
    assert metrics.value_text("lead_time") == "4d 6h"
    assert form.wait.edit.text() == "1d"


def test_bare_number_is_in_display_unit(
    qtbot, document: Document, properties: PropertiesPanel
) -> None:
    properties.show_selection(["s-test"])
    _type(qtbot, properties.stage_form.touch.edit, "1.5")  # display unit of the map: hours
    assert document.current_map.stages["s-test"].touch_s == 1.5 * H
    assert properties.stage_form.touch.edit.text() == "1h 30m"


@pytest.mark.parametrize(
    ("text", "reason"),
    [("3 parsecs", "unknown unit 'parsecs'"), ("-2h", "negative"), ("2h 3h", "appears twice")],
)
def test_bad_duration_is_refused_visibly_and_kept(
    qtbot, document: Document, properties: PropertiesPanel, text: str, reason: str
) -> None:
    properties.show_selection(["s-build"])
    field = properties.stage_form.wait
    _type(qtbot, field.edit, text)

    assert field.has_error()
    assert reason in field.error_text()
    assert field.error.isVisible()
    assert field.edit.text() == text  # the user's input is not lost
    assert document.current_map.stages["s-build"].wait_s == 8 * H  # model unchanged
    assert document.undo_stack.count() == 0

    _type(qtbot, field.edit, "3h")  # fixing it clears the message and commits
    assert not field.has_error()
    assert document.current_map.stages["s-build"].wait_s == 3 * H


def test_emptied_duration_means_not_known(
    qtbot, document: Document, properties: PropertiesPanel
) -> None:
    properties.show_selection(["s-idea"])
    field = properties.stage_form.touch
    field.edit.setFocus()
    field.edit.clear()
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert document.current_map.stages["s-idea"].touch_s is None
    assert not field.has_error()


def test_spin_box_edits_merge_into_one_undo_step(
    qtbot, document: Document, properties: PropertiesPanel
) -> None:
    properties.show_selection(["s-test"])
    pca = properties.stage_form.pca
    pca.setFocus()
    for _ in range(3):
        qtbot.keyClick(pca, Qt.Key.Key_Up)  # 80 -> 85 -> 90 -> 95
    assert document.current_map.stages["s-test"].pca == 95
    assert document.undo_stack.count() == 1
    document.undo()
    assert document.current_map.stages["s-test"].pca == 80
    assert pca.value() == 80


def test_form_follows_model_changes_without_pushing(
    document: Document, properties: PropertiesPanel
) -> None:
    properties.show_selection(["s-build"])
    document.push(
        EditCommand("stage", document.current_map_id, "s-build", {"name": "Code", "pca": 70.0})
    )
    form = properties.stage_form
    assert form.name.text() == "Code"
    assert form.pca.value() == 70
    assert document.undo_stack.count() == 1  # writing back pushed nothing


def test_handoff_form_edits_kind_rework_and_rate(
    qtbot, document: Document, properties: PropertiesPanel
) -> None:
    properties.show_selection([], ["h-4"])
    form = properties.handoff_form
    assert properties.current_form() is form
    assert form.subheading.text() == "Test → Build"
    assert form.rate.value() == pytest.approx(20.0)
    form.rate.setValue(30.0)
    assert document.current_map.handoffs["h-4"].rework_rate == pytest.approx(0.3)
    form.rate.setValue(form.rate.minimum())  # "auto (1 - source %C&A)"
    assert document.current_map.handoffs["h-4"].rework_rate is None
    _type(qtbot, form.label, "defects")
    assert document.current_map.handoffs["h-4"].label == "defects"


def test_map_form_edits_calendar_and_demand(
    document: Document, properties: PropertiesPanel, metrics: MetricsPanel
) -> None:
    properties.show_selection([])
    form = properties.map_form
    assert properties.current_form() is form
    form.hours_per_day.setValue(6.0)
    value_map = document.current_map
    assert value_map.calendar.hours_per_day == 6.0
    # The same 38 working hours on 6 h days and 30 h weeks: 1 week + 8 h = 1w 1.33d.
    assert metrics.value_text("lead_time") == "1w 1.3d"
    form.demand.setValue(4.0)  # 4 items a day on a 6 h day: takt 1.5 h
    assert value_map.demand_per_day == 4.0
    assert metrics.value_text("takt") == "1h 30m"


def test_data_box_fields_table(qtbot, document: Document, properties: PropertiesPanel) -> None:
    properties.show_selection(["s-build"])
    table = properties.stage_form.fields
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    table.table.item(0, 0).setText("batch size")
    table.table.item(0, 1).setText("8 stories")
    assert document.current_map.stages["s-build"].fields == {"batch size": "8 stories"}
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    table.table.item(1, 0).setText("batch size")  # duplicate key: refused with a reason
    assert "appears twice" in table.error.text()
    assert document.current_map.stages["s-build"].fields == {"batch size": "8 stories"}


def test_maps_panel_create_rename_target_delete_each_undoable(qtbot, document: Document) -> None:
    panel = MapsPanel()
    qtbot.addWidget(panel)
    panel.set_document(document)
    ws = document.workspace
    original = document.current_map_id

    new_id = panel.create_map("Experiment")
    assert ws.map(new_id).name == "Experiment"
    assert document.current_map_id == new_id
    assert panel.map_ids() == [original, new_id]

    assert panel.rename_map(new_id, "Experiment B")
    assert ws.map(new_id).name == "Experiment B"
    assert "Experiment B" in panel.list.item(1).text()
    document.undo()
    assert ws.map(new_id).name == "Experiment"

    target_id = panel.make_target(original)
    target = ws.map(target_id)
    assert target.role == MapRole.TARGET and target.target_of == original
    assert target.name == "Release flow — target"
    assert sorted(s.link for s in target.stages.values()) == sorted(ws.map(original).stages)
    document.undo()
    assert target_id not in ws.maps

    assert panel.delete_map(new_id)
    assert new_id not in ws.maps and panel.map_ids() == [original]
    document.undo()
    assert new_id in ws.maps and panel.map_ids() == [original, new_id]
    document.undo()  # the creation itself
    assert new_id not in ws.maps
    panel.set_document(None)


def test_selecting_a_map_row_makes_it_current(qtbot, document: Document) -> None:
    panel = MapsPanel()
    qtbot.addWidget(panel)
    panel.set_document(document)
    first = document.current_map_id
    second = panel.create_map("Other")
    panel.list.setCurrentRow(0)
    assert document.current_map_id == first
    panel.list.setCurrentRow(1)
    assert document.current_map_id == second
    panel.set_document(None)


def test_problems_panel_lists_problems_and_reports_clicked_stage(qtbot, document: Document) -> None:
    panel = ProblemsPanel()
    qtbot.addWidget(panel)
    panel.set_document(document)
    assert panel.list.count() == 0
    lonely = Stage("Lonely", touch_s=None, wait_s=H, id="s-lonely")
    document.push(AddItemsCommand(document.current_map_id, stages=[lonely]))
    texts = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert any("Lonely" in t and "touch" in t for t in texts)
    assert any("no handoff" in t for t in texts)
    item = panel.list.item(0)
    assert item.data(STAGE_IDS_ROLE) == ["s-lonely"]
    with qtbot.waitSignal(panel.stage_activated) as blocker:
        rect = panel.list.visualItemRect(item)
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["s-lonely"]
    document.undo()
    assert panel.list.count() == 0
    panel.set_document(None)


def test_note_form_edits_text_and_kind(
    qtbot, document: Document, properties: PropertiesPanel
) -> None:
    note = Note("Try pairing", stage="s-build", id="n-1")
    document.push(AddItemsCommand(document.current_map_id, notes=[note]))
    properties.show_selection([], [], ["n-1"])
    form = properties.note_form
    assert properties.current_form() is form
    assert form.subheading.text() == "Attached to Build"
    form.kind.setCurrentIndex(form.kind.findData(NoteKind.KAIZEN))
    form.kind.activated.emit(form.kind.currentIndex())
    assert document.current_map.notes["n-1"].kind == NoteKind.KAIZEN
    assert form.heading.text() == "Kaizen burst"
    form.text.setFocus()
    form.text.setPlainText("Pair developers with testers")
    form.text.editing_finished.emit()  # what leaving the box does
    assert document.current_map.notes["n-1"].text == "Pair developers with testers"
    properties.show_selection(["s-build"], [], ["n-1"])  # two items: the map's own form
    assert properties.current_form() is properties.map_form


def test_team_typed_in_combo_box(qtbot, document: Document, properties: PropertiesPanel) -> None:
    properties.show_selection(["s-release"])
    team = properties.stage_form.team
    assert [team.itemText(i) for i in range(team.count())] == ["Dev", "Ops", "Product", "QA"]
    edit = team.lineEdit()
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "Platform")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert document.current_map.stages["s-release"].team == "Platform"
    assert document.undo_stack.count() == 1
    assert "Platform" in [team.itemText(i) for i in range(team.count())]


def test_a_long_stage_name_is_shortened_in_the_heading_with_the_whole_in_its_tooltip(
    qtbot, document: Document, properties: PropertiesPanel
) -> None:
    name = "Security review by the central architecture board " * 6
    document.push(EditCommand("stage", document.current_map_id, "s-build", {"name": name}))
    properties.resize(320, 600)
    properties.show_selection(["s-build"])
    heading = properties.stage_form.heading
    qtbot.waitUntil(lambda: heading.isVisible())
    assert heading.text() == name  # the model's text, whole
    shown = QLabel.text(heading)
    assert shown.endswith("…") and len(shown) < len(name)
    assert heading.fontMetrics().horizontalAdvance(shown) <= heading.width()
    assert heading.toolTip() == name
    assert properties.width() <= 320  # the name did not widen the panel
    document.push(EditCommand("stage", document.current_map_id, "s-build", {"name": "Build"}))
    assert QLabel.text(heading) == "Build" and heading.toolTip() == ""
