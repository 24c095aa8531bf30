"""The compare view on the demo workspace: figures, colours, diff, linked canvases, live
updates, charts and the summary, checked against figures worked out by hand.

Demo maps (8h day, 40h week), wait + touch per stage in hours:
  current: Idea 40+2, Discovery 80+14, Design 80+12, Backlog refinement 120+4, Build 40+40,
           Code review 24+3, Test 40+18, Security review 80+6, Release 80+4, Validate 160+4;
           critical path through Security review (86h > Test's 58h): LT 793h, PT 89h.
  target:  Idea 16+1, Discovery & design 40+20, Build 16+28, Code review 4+2, Test 8+6,
           Security review 16+2, Release 8+1, Validate 40+4; LT 198h, PT 58h.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QGuiApplication

from vsm_desktop.model import (
    AddItemsCommand,
    EditCommand,
    Handoff,
    MoveCommand,
    RemoveMapCommand,
    Stage,
    ValueMap,
    format_duration,
)
from vsm_desktop.model.demo import CURRENT_NAME, TARGET_NAME, demo_workspace
from vsm_desktop.ui.compare.diff_tree import KIND_ROLE
from vsm_desktop.ui.compare.figures_table import (
    CHANGE,
    CHANGE_PCT,
    CURRENT,
    IMPROVED_ROLE,
    LABEL,
    TARGET,
)
from vsm_desktop.ui.compare.view import CompareView
from vsm_desktop.ui.document import Document
from vsm_desktop.ui.theme import current_theme

H = 3600.0


@pytest.fixture
def demo_doc(qtbot: object) -> Iterator[Document]:
    doc = Document(demo_workspace())
    yield doc
    doc.close()
    doc.deleteLater()


@pytest.fixture
def view(qtbot, demo_doc: Document) -> CompareView:  # type: ignore[no-untyped-def]
    widget = CompareView(demo_doc)
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _maps(doc: Document) -> tuple[ValueMap, ValueMap]:
    ws = doc.workspace
    current, target = ws.map_named(CURRENT_NAME), ws.map_named(TARGET_NAME)
    assert current is not None and target is not None
    return current, target


def _row(view: CompareView, key: str) -> list[str]:
    model = view.figures.figures_model
    row = model.row_of(key)
    return [model.index(row, c).data() for c in (LABEL, CURRENT, TARGET, CHANGE, CHANGE_PCT)]


def _stage(value_map: ValueMap, name: str) -> Stage:
    stage = value_map.stage_named(name)
    assert stage is not None
    return stage


def test_opens_on_the_current_map_and_its_target(view: CompareView, demo_doc: Document) -> None:
    current, target = _maps(demo_doc)
    assert (view.state.current_id, view.state.target_id) == (current.id, target.id)
    assert view.current_combo.currentText() == CURRENT_NAME
    assert view.target_combo.currentText() == TARGET_NAME
    assert view.windowTitle() == f"Compare — {CURRENT_NAME} → {TARGET_NAME}"


def test_table_shows_hand_worked_figures(view: CompareView, demo_doc: Document) -> None:
    # LT 793h = 19w 33h = 19w 4.1d; 198h = 4w 38h = 4w 4.8d; change 595h = 14w 35h = 14w 4.4d;
    # (198 - 793) / 793 = -75.0 %.
    assert _row(view, "lead_time_s") == ["Lead time", "19w 4.1d", "4w 4.8d", "−14w 4.4d", "−75 %"]
    # PT 89h = 2w 1.1d, 58h = 1w 2.2d; change 31h = 3d 7h; -34.8 %.
    assert _row(view, "process_time_s") == [
        "Process time", "2w 1.1d", "1w 2.2d", "−3d 7h", "−35 %",
    ]  # fmt: skip
    # Flow efficiency 89/793 = 11.2 %, 58/198 = 29.3 %: +18.1 points, relative +161 %.
    assert _row(view, "flow_efficiency_pct") == [
        "Flow efficiency", "11.2 %", "29.3 %", "+18.1 pts", "+161 %",
    ]  # fmt: skip
    # Forward handoffs 10 -> 8; cross-team 7 -> 5 (-28.6 %); stages 10 -> 8.
    assert _row(view, "handoffs") == ["Handoffs", "10", "8", "−2", "−20 %"]
    assert _row(view, "cross_team_handoffs") == ["Cross-team handoffs", "7", "5", "−2", "−29 %"]
    assert _row(view, "stage_count") == ["Stages", "10", "8", "−2", "−20 %"]
    assert _row(view, "rework_handoffs")[3:] == ["no change", "0 %"]
    # Work content from an independent sum of the demo's touch times: 107h -> 64h.
    current, target = _maps(demo_doc)
    cur_touch = sum(s.touch_s or 0 for s in current.stages.values())
    tgt_touch = sum(s.touch_s or 0 for s in target.stages.values())
    assert (cur_touch, tgt_touch) == (107 * H, 64 * H)
    # 107h = 2w 27h = 2w 3.4d; 64h = 1w 3d; the change, 43h, as the calendar writes it.
    assert _row(view, "work_content_s")[1:4] == ["2w 3.4d", "1w 3d", "−" + format_duration(43 * H)]
    assert view.result is not None
    assert view.result.figure("work_content_s").delta.abs == tgt_touch - cur_touch


def test_changes_are_coloured_better_or_worse(view: CompareView, demo_doc: Document) -> None:
    model = view.figures.figures_model
    good, bad = QColor(current_theme().good), QColor(current_theme().error)

    def colour(key: str, column: int = CHANGE) -> QColor | None:
        return model.index(model.row_of(key), column).data(Qt.ItemDataRole.ForegroundRole)

    # Shorter lead time and higher flow efficiency are both better.
    assert colour("lead_time_s") == good
    assert colour("flow_efficiency_pct", CHANGE_PCT) == good
    assert model.index(model.row_of("lead_time_s"), 0).data(IMPROVED_ROLE) is True
    assert colour("stage_count") is None  # neither better nor worse
    assert colour("rework_handoffs") is None  # no change
    # Make the target slower than the current map: 40 weeks of waiting before validation.
    _, target = _maps(demo_doc)
    validate = _stage(target, "Validate outcome")
    demo_doc.push(EditCommand("stage", target.id, validate.id, {"wait_s": 40 * 40 * H}))
    view.refresh()
    assert colour("lead_time_s") == bad
    assert model.index(model.row_of("lead_time_s"), 0).data(IMPROVED_ROLE) is False


def test_diff_lists_removed_added_and_changed_stages(view: CompareView, demo_doc: Document) -> None:
    names = {
        kind: [item.text(0) for item in view.diff.stage_items(kind)]  # type: ignore[arg-type]
        for kind in ("removed", "added", "changed", "unchanged")
    }
    assert names["removed"] == ["Design", "Backlog refinement"]
    assert names["added"] == []
    assert names["changed"] == [
        "Idea intake", "Discovery & design", "Build", "Code review", "Test",
        "Security review", "Release", "Validate outcome",
    ]  # fmt: skip
    assert names["unchanged"] == []
    validate = view.diff.stage_items("changed")[-1]
    fields = [(validate.child(i).text(0), validate.child(i).text(1), validate.child(i).text(2))
              for i in range(validate.childCount())]  # fmt: skip
    assert fields == [("Wait time", "4w", "1w")]
    # A new stage in the target shows up as added, green in the tree and outlined on its canvas.
    _, target = _maps(demo_doc)
    checks = Stage("Automated checks", team="Dev", touch_s=0.5 * H, wait_s=0, x=900, y=300)
    demo_doc.push(AddItemsCommand(target.id, [checks]))
    view.refresh()
    added = view.diff.stage_items("added")
    assert [item.text(0) for item in added] == ["Automated checks"]
    assert added[0].data(0, KIND_ROLE) == "added"
    assert view.canvases.halos("target")[checks.id].kind == "added"
    assert "1 added: Automated checks" in view.summary.text.toPlainText()


def test_canvases_outline_removed_and_changed_stages(view: CompareView, demo_doc: Document) -> None:
    current, target = _maps(demo_doc)
    halos = view.canvases.halos("current")
    kinds = {current.stages[sid].name: halo.kind for sid, halo in halos.items()}
    assert kinds["Design"] == kinds["Backlog refinement"] == "removed"
    assert kinds["Build"] == "changed"
    assert len(view.canvases.halos("target")) == len(target.stages)  # all 8 changed
    view.highlight_check.setChecked(False)
    assert view.canvases.halos("current") == {} and view.canvases.halos("target") == {}
    view.highlight_check.setChecked(True)
    assert len(view.canvases.halos("current")) == 10


def test_zoom_and_pan_follow_in_the_other_canvas(view: CompareView) -> None:
    left, right = view.canvases.current.view, view.canvases.target.view
    before = left.transform().m11()
    assert right.transform().m11() == pytest.approx(before)
    left.zoom_by(1.5)  # type: ignore[attr-defined]
    # The leader keeps its own zoom (no echo back) and the follower matches it.
    assert left.transform().m11() == pytest.approx(before * 1.5)
    assert right.transform().m11() == pytest.approx(before * 1.5)
    bar = left.horizontalScrollBar()
    bar.setValue(bar.value() + 120)
    centre_left = left.mapToScene(left.viewport().rect().center())
    centre_right = right.mapToScene(right.viewport().rect().center())
    assert centre_right.x() == pytest.approx(centre_left.x(), abs=2.0)
    assert centre_right.y() == pytest.approx(centre_left.y(), abs=2.0)
    # Zooming the other one leads the same way.
    right.zoom_by(0.8)  # type: ignore[attr-defined]
    assert left.transform().m11() == pytest.approx(before * 1.5 * 0.8)
    # Unlinked, each canvas keeps its own zoom.
    view.link_check.setChecked(False)
    left.zoom_by(1.25)  # type: ignore[attr-defined]
    assert right.transform().m11() == pytest.approx(before * 1.5 * 0.8)
    assert left.transform().m11() == pytest.approx(before * 1.5 * 0.8 * 1.25)


def test_editing_the_target_updates_table_summary_and_charts(
    qtbot, view: CompareView, demo_doc: Document
) -> None:  # type: ignore[no-untyped-def]
    _, target = _maps(demo_doc)
    validate = _stage(target, "Validate outcome")
    # Wait before validation 1w -> 2w: target LT 198h + 40h = 238h = 5w 38h = 5w 4.8d;
    # (238 - 793) / 793 = -70.0 %.
    demo_doc.push(EditCommand("stage", target.id, validate.id, {"wait_s": 80 * H}))
    qtbot.waitUntil(lambda: _row(view, "lead_time_s")[2] == "5w 4.8d", timeout=2000)
    assert _row(view, "lead_time_s")[4] == "−70 %"
    assert view.summary.lines()[0] == "Lead time 19w 4.1d → 5w 4.8d (−70 %)"
    assert "• Lead time 19w 4.1d → 5w 4.8d (−70 %)" in view.summary.text.toPlainText()
    heights = view.totals_chart.bars["times_target"].opts["height"]
    assert list(heights) == pytest.approx([238 / 8, 58 / 8])
    demo_doc.undo()
    qtbot.waitUntil(lambda: _row(view, "lead_time_s")[2] == "4w 4.8d", timeout=2000)
    assert view.summary.lines()[0] == "Lead time 19w 4.1d → 4w 4.8d (−75 %)"


def test_headline_chart_bar_heights(view: CompareView) -> None:
    bars = view.totals_chart.bars
    # Days of 8h: LT 793/8 = 99.125 and 198/8 = 24.75; PT 89/8 = 11.125 and 58/8 = 7.25.
    assert list(bars["times_current"].opts["height"]) == pytest.approx([99.125, 11.125])
    assert list(bars["times_target"].opts["height"]) == pytest.approx([24.75, 7.25])
    assert list(bars["efficiency_current"].opts["height"]) == pytest.approx([89 / 793 * 100])
    assert list(bars["efficiency_target"].opts["height"]) == pytest.approx([58 / 198 * 100])


def test_stage_chart_wait_and_touch_per_stage(view: CompareView) -> None:
    chart = view.stage_chart
    assert chart.labels == [
        "Idea intake", "Discovery & design", "Design (removed)", "Backlog refinement (removed)",
        "Build", "Code review", "Test", "Security review", "Release", "Validate outcome",
    ]  # fmt: skip
    bars = chart.bars
    # Current, in days of 8h: wait 40h=5, 80h=10, 80h=10, 120h=15, 40h=5, 24h=3, 40h=5, 80h=10,
    # 80h=10, 160h=20; touch 2h, 14h, 12h, 4h, 40h, 3h, 18h, 6h, 4h, 4h.
    assert list(bars["current_wait"].opts["width"]) == pytest.approx(
        [5, 10, 10, 15, 5, 3, 5, 10, 10, 20]
    )
    assert list(bars["current_touch"].opts["width"]) == pytest.approx(
        [h / 8 for h in (2, 14, 12, 4, 40, 3, 18, 6, 4, 4)]
    )
    # Wait starts where touch ends (stacked).
    assert list(bars["current_wait"].opts["x0"]) == list(bars["current_touch"].opts["width"])
    # Target: no bars on the two removed rows (2 and 3).
    assert [round(y) for y in bars["target_touch"].opts["y"]] == [0, 1, 4, 5, 6, 7, 8, 9]
    assert list(bars["target_wait"].opts["width"]) == pytest.approx(
        [h / 8 for h in (16, 40, 16, 4, 8, 16, 8, 40)]
    )
    assert list(bars["target_touch"].opts["width"]) == pytest.approx(
        [h / 8 for h in (1, 20, 28, 2, 6, 2, 1, 4)]
    )


def test_copy_summary_puts_the_lines_on_the_clipboard(view: CompareView) -> None:
    view.summary.copy_button.click()
    text = QGuiApplication.clipboard().text()
    assert text.splitlines()[:3] == [
        "• Lead time 19w 4.1d → 4w 4.8d (−75 %)",
        "• Process time 2w 1.1d → 1w 2.2d (−35 %)",
        "• Flow efficiency 11 % → 29 %",
    ]
    assert "• 2 stages removed: Design, Backlog refinement" in text.splitlines()


def test_swap_and_pick_maps(view: CompareView, demo_doc: Document) -> None:
    current, target = _maps(demo_doc)
    view.swap_button.click()
    assert (view.state.current_id, view.state.target_id) == (target.id, current.id)
    assert _row(view, "lead_time_s")[1:3] == ["4w 4.8d", "19w 4.1d"]
    assert view.current_combo.currentText() == TARGET_NAME
    # Picking in the combo box compares the chosen pair.
    view.target_combo.setCurrentIndex(view.target_combo.findData(target.id))
    assert view.state.target_id == target.id
    assert _row(view, "lead_time_s")[3:] == ["no change", "0 %"]


def test_removing_a_compared_map_falls_back(qtbot, view: CompareView, demo_doc: Document) -> None:  # type: ignore[no-untyped-def]
    _, target = _maps(demo_doc)
    demo_doc.push(RemoveMapCommand(target.id))
    qtbot.waitUntil(lambda: view.result is None, timeout=2000)
    assert view.message.text() == "Pick two maps to compare"
    assert view.target_combo.count() == 1
    # Undo brings the map back, and with it the pair.
    demo_doc.undo()
    qtbot.waitUntil(lambda: view.result is not None, timeout=2000)
    assert (view.state.current_id, view.state.target_id) == tuple(m.id for m in _maps(demo_doc))
    assert _row(view, "stage_count")[1:3] == ["10", "8"]


def test_a_new_map_appears_in_the_pickers(view: CompareView, demo_doc: Document) -> None:
    from vsm_desktop.model import AddMapCommand

    extra = ValueMap("Later idea")
    a, b = Stage("A", touch_s=H), Stage("B", touch_s=H)
    extra.stages = {a.id: a, b.id: b}
    handoff = Handoff(a.id, b.id)
    extra.handoffs = {handoff.id: handoff}
    demo_doc.push(AddMapCommand(extra))
    assert view.target_combo.findText("Later idea") >= 0
    view.target_combo.setCurrentIndex(view.target_combo.findText("Later idea"))
    assert _row(view, "lead_time_s")[2] == "2h"


def test_activating_a_stage_in_the_diff_selects_it_on_both_canvases(
    view: CompareView, demo_doc: Document
) -> None:
    current, target = _maps(demo_doc)
    build = next(item for item in view.diff.stage_items("changed") if item.text(0) == "Build")
    view.diff.itemActivated.emit(build, 0)
    left, right = view.canvases.current.view, view.canvases.target.view
    assert left.selected_stage_ids() == [_stage(current, "Build").id]  # type: ignore[attr-defined]
    assert right.selected_stage_ids() == [_stage(target, "Build").id]  # type: ignore[attr-defined]
    # A removed stage exists only on the current side; the target keeps its selection.
    design = view.diff.stage_items("removed")[0]
    view.diff.itemActivated.emit(design, 0)
    assert left.selected_stage_ids() == [_stage(current, "Design").id]  # type: ignore[attr-defined]
    assert right.selected_stage_ids() == [_stage(target, "Build").id]  # type: ignore[attr-defined]


def test_side_by_side_toggle(view: CompareView) -> None:
    assert view.canvases.orientation() == Qt.Orientation.Vertical  # one above the other
    view.layout_combo.setCurrentIndex(view.layout_combo.findText("Side by side"))
    assert view.canvases.side_by_side
    assert view.canvases.orientation() == Qt.Orientation.Horizontal


def _layout(view: CompareView, label: str) -> None:
    view.layout_combo.setCurrentIndex(view.layout_combo.findText(label))


def test_layout_offers_stacked_side_by_side_and_overlay(view: CompareView) -> None:
    labels = [view.layout_combo.itemText(i) for i in range(view.layout_combo.count())]
    assert labels == ["One above the other", "Side by side", "Target over current"]
    with pytest.raises(ValueError, match="unknown compare layout 'diagonal'"):
        view.canvases.set_layout("diagonal")  # type: ignore[arg-type]
    assert view.layout_mode == "stacked"


def _target_only_point(view: CompareView, target: ValueMap) -> tuple[str, QPointF]:
    """A target stage whose box centre has nothing of the current map under it."""
    current_scene = view.canvases.current.scene()
    for stage_id, item in view.canvases.target.scene().item_for_stage.items():
        centre = item.sceneBoundingRect().center()
        if not current_scene.items(centre):
            return stage_id, centre
    raise AssertionError("every target stage overlaps the current map")


def test_overlay_draws_the_target_over_the_current_on_one_canvas(
    view: CompareView, demo_doc: Document, qtbot: object
) -> None:
    current, target = _maps(demo_doc)
    _layout(view, "Target over current")
    assert view.layout_mode == "overlay"
    assert not view.canvases.target.isVisible()
    assert view.ghost_slider.isVisible()
    left = view.canvases.current.view
    assert left.ghost is view.canvases.target.scene()  # type: ignore[attr-defined]
    assert not view.canvases.link.enabled  # the hidden view must not steer the shown one
    caption = view.canvases.current.caption.text()
    assert CURRENT_NAME in caption and TARGET_NAME in caption

    stage_id, centre = _target_only_point(view, target)
    left.centerOn(centre)
    background = view.canvases.current.scene().palette.color("background")

    def pixel() -> QColor:
        at = left.mapFromScene(centre)
        return left.viewport().grab().toImage().pixelColor(at)

    view.ghost_slider.setValue(0)
    assert pixel() == background  # no ghost at all: only the current map's empty canvas
    view.ghost_slider.setValue(100)
    assert pixel() != background  # the target's box, drawn over the current map
    faded = pixel()
    view.ghost_slider.setValue(40)
    assert pixel() != faded  # the slider fades it

    # The overlay follows edits of the target: move that stage away and the spot clears.
    stage = target.stages[stage_id]
    moves = {stage_id: ((stage.x, stage.y), (stage.x, stage.y + 5000.0))}
    demo_doc.push(MoveCommand(target.id, moves))
    qtbot.waitUntil(lambda: pixel() == background)  # type: ignore[attr-defined]

    _layout(view, "One above the other")
    assert view.canvases.target.isVisible() and not view.ghost_slider.isVisible()
    assert left.ghost is None  # type: ignore[attr-defined]
    assert view.canvases.link.enabled
    assert TARGET_NAME not in view.canvases.current.caption.text()


def test_overlay_layout_survives_a_new_document(view: CompareView, qtbot: object) -> None:
    _layout(view, "Target over current")
    doc = Document(demo_workspace())
    try:
        view.set_document(doc)
        assert view.canvases.overlaid and not view.canvases.target.isVisible()
        assert view.canvases.current.view.ghost is view.canvases.target.scene()  # type: ignore[attr-defined]
    finally:
        view.set_document(Document(demo_workspace()))
        doc.close()
