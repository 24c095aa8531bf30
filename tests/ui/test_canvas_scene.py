"""The scene as a view of the model: incremental updates, metric styling, what is drawn."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage

from vsm_desktop.model import (
    AddItemsCommand,
    EditCommand,
    Handoff,
    MoveCommand,
    RemoveItemsCommand,
    Stage,
)
from vsm_desktop.model.demo import CURRENT_NAME, demo_workspace
from vsm_desktop.ui.canvas import palette, style
from vsm_desktop.ui.canvas.export_image import render_image
from vsm_desktop.ui.canvas.scene import MapScene
from vsm_desktop.ui.canvas.stage_item import StageItem
from vsm_desktop.ui.document import Document


@pytest.fixture
def scene(document: Document) -> MapScene:
    scene = MapScene(document)
    scene.set_map(document.current_map_id)
    return scene


def test_items_match_the_model(scene: MapScene, document: Document) -> None:
    value_map = document.current_map
    assert value_map is not None
    assert set(scene.item_for_stage) == set(value_map.stages)
    assert set(scene.item_for_handoff) == set(value_map.handoffs)
    for stage_id, item in scene.item_for_stage.items():
        assert scene.stage_for_item(item) == stage_id
        assert item.pos() == QPointF(value_map.stages[stage_id].x, value_map.stages[stage_id].y)
    # Items hold ids only; what they draw is read from the model.
    assert not any(hasattr(item, "name") for item in scene.item_for_stage.values())


def test_moving_one_stage_reroutes_only_its_handoffs(scene: MapScene, document: Document) -> None:
    map_id = document.current_map_id
    assert map_id is not None
    routes = {hid: item.shape() for hid, item in scene.item_for_handoff.items()}
    paths = {hid: item._path for hid, item in scene.item_for_handoff.items()}
    document.push(MoveCommand(map_id, {"s-release": ((720, 0), (720, 200))}))
    # Test -> Release (h-3) is the only handoff of Release.
    rerouted = {hid for hid, item in scene.item_for_handoff.items() if item._path is not paths[hid]}
    assert rerouted == {"h-3"}
    assert scene.item_for_handoff["h-3"].shape() != routes["h-3"]
    end = scene.item_for_handoff["h-3"]._path.currentPosition()
    assert end == QPointF(720, 200 + style.ANCHOR_Y)  # lands on Release's in-port


def test_added_and_removed_objects_get_and_lose_items(scene: MapScene, document: Document) -> None:
    map_id = document.current_map_id
    assert map_id is not None
    stage = Stage("Monitor", x=960, y=0)
    handoff = Handoff("s-release", stage.id)
    document.push(AddItemsCommand(map_id, stages=[stage], handoffs=[handoff]))
    assert isinstance(scene.item_for_stage[stage.id], StageItem)
    assert handoff.id in scene.item_for_handoff
    document.push(RemoveItemsCommand(map_id, stage_ids=[stage.id]))
    assert stage.id not in scene.item_for_stage
    assert handoff.id not in scene.item_for_handoff
    assert all(item.scene() is scene for item in scene.item_for_handoff.values())


def test_critical_path_and_problems_follow_metrics(scene: MapScene, document: Document) -> None:
    map_id = document.current_map_id
    assert map_id is not None
    assert all(scene.is_critical(s) for s in ("s-idea", "s-build", "s-test", "s-release"))
    assert scene.is_critical_edge("s-idea", "s-build")
    assert not scene.is_critical_edge("s-test", "s-build")  # the rework loop
    # A side branch with a short wait is not critical; make it longer and it is.
    side = Stage("Docs", touch_s=3600.0, wait_s=3600.0, x=480, y=200)
    document.push(AddItemsCommand(map_id, stages=[side], handoffs=[
        Handoff("s-build", side.id), Handoff(side.id, "s-release"),
    ]))  # fmt: skip
    assert not scene.is_critical(side.id)
    assert scene.is_critical("s-test")
    document.push(EditCommand("stage", map_id, side.id, {"wait_s": 30 * 3600.0}))
    assert scene.is_critical(side.id)
    assert not scene.is_critical("s-test")


def test_timeline_sums_the_critical_path(scene: MapScene) -> None:
    scene.flush()
    timeline = scene.timeline_item
    assert timeline.isVisible()
    steps = [step for step, _, _ in timeline._steps]
    # One step per critical stage, aligned under its box.
    assert [(s.box_left, s.wait_s, s.touch_s) for s in steps] == [
        (0, 2 * 3600, 3600), (240, 8 * 3600, 4 * 3600),
        (480, 16 * 3600, 2 * 3600), (720, 4 * 3600, 3600),
    ]  # fmt: skip
    totals = {c.text: v.text for c, v in timeline._summary}
    # LT 38 h = 4 working days 6 h; PT 8 h = 1 day; 8 / 38 = 21.1 %.
    assert totals == {"Lead time": "4d 6h", "Process time": "1d", "Flow efficiency": "21.1%"}


def _pixel(image: QImage, rect_scene: Any, at: QPointF) -> QColor:
    return image.pixelColor(round(at.x() - rect_scene.left()), round(at.y() - rect_scene.top()))


def _close(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def test_render_of_the_demo_shows_the_critical_path(qtbot: Any) -> None:
    document = Document(demo_workspace())
    value_map = document.workspace.map_named(CURRENT_NAME)
    assert value_map is not None
    document.set_current_map(value_map.id)
    scene = MapScene(document)
    scene.set_map(value_map.id)
    scene.flush()
    metrics = document.metrics(value_map.id)
    critical = set(metrics.critical_path)
    others = set(value_map.stages) - critical
    assert critical and others  # the demo has a branch off the critical path
    source = scene.itemsBoundingRect()
    image = render_image(scene, scale=1.0, source=source)
    orange = QColor(palette.LIGHT.critical)
    for stage in value_map.stages.values():
        # The middle of the box's top edge: critical boxes carry a critical-colour band there.
        at = QPointF(stage.x + style.BOX_W / 2, stage.y + 1.5)
        drawn = _pixel(image, source, at)
        assert _close(drawn, orange) == (stage.id in critical), stage.name
    # And the box's text is what the model says.
    for stage in value_map.stages.values():
        labels = scene.item_for_stage[stage.id]._prepare()
        assert labels["name"].text.replace("\n", " ") == stage.name


def test_waste_colouring_tints_the_biggest_wait(scene: MapScene, document: Document) -> None:
    scene.flush()
    source = scene.itemsBoundingRect()
    # Inside Test's inventory triangle (Test has the largest wait: 16 h of 38 h).
    at = QPointF(480 + style.TRIANGLE_CX + 7, style.ANCHOR_Y - 8)  # beside the "I"
    plain = _pixel(render_image(scene, 1.0, source), source, at)
    assert _close(plain, QColor(palette.LIGHT.inventory_fill), 10)
    scene.set_waste_coloring(True)
    assert scene.waste_share("s-test") == pytest.approx((16 / 38 * 100, 1.0))
    tinted = _pixel(render_image(scene, 1.0, source), source, at)
    assert _close(tinted, QColor(palette.LIGHT.waste), 10)


def test_palette_switch_repaints(scene: MapScene) -> None:
    scene.set_palette(palette.DARK)
    source = scene.itemsBoundingRect()
    image = render_image(scene, 1.0, source)
    corner = image.pixelColor(2, image.height() - 2)
    assert _close(corner, QColor(palette.DARK.background), 6)


def test_swimlanes_follow_the_map_setting(scene: MapScene, document: Document) -> None:
    map_id = document.current_map_id
    assert map_id is not None
    scene.flush()
    assert not scene.swimlane_item.isVisible()
    document.push(EditCommand("map", map_id, map_id, {"show_swimlanes": True}))
    scene.flush()
    assert scene.swimlane_item.isVisible()
    lanes = [label.text for _, label in scene.swimlane_item._lanes]
    assert sorted(lanes) == ["Dev", "Ops", "Product", "QA"]


def test_calendar_change_reformats_durations(scene: MapScene, document: Document) -> None:
    from vsm_desktop.model import Calendar

    map_id = document.current_map_id
    assert map_id is not None
    item = scene.item_for_stage["s-test"]
    assert item._prepare()["wait"].text == "2d"  # 16 h on an 8 h day
    document.push(EditCommand("map", map_id, map_id, {"calendar": Calendar(4.0, 5.0)}))
    assert item._prepare()["wait"].text == "4d"


def test_stage_tooltip_lists_its_figures(scene: MapScene) -> None:
    from vsm_desktop.ui.canvas.placement import stage_tip

    lines = stage_tip(scene, "s-test").splitlines()
    assert lines[0] == "Test"
    assert lines[1] == "Team: QA · people: 1"
    # 16 h wait = 2 working days; lead time 18 h = 2d 2h.
    assert lines[2] == "Wait 2d · touch 2h · lead time 2d 2h · %C&A 80%"


def test_stages_over_takt_are_marked_and_follow_edits(qtbot: Any) -> None:
    from vsm_desktop.model.templates import manufacturing_line
    from vsm_desktop.ui.canvas.placement import stage_tip

    document = Document(manufacturing_line())
    scene = MapScene(document)
    scene.set_map(document.current_map_id)
    scene.flush()
    value_map = document.current_map
    assert value_map is not None
    ids = {stage.name: stage.id for stage in value_map.stages.values()}
    # Takt = 16 h x 3600 / 960 = 60 s. Assembly I: 62 s by one person; Test & pack 130 s by
    # two (65 s each) are over; Paint 110 s by two (55 s each) is not.
    over = {name for name, stage_id in ids.items() if scene.is_over_takt(stage_id)}
    assert over == {"Assembly I", "Test & pack"}
    assert stage_tip(scene, ids["Test & pack"]).splitlines()[-1] == (
        "⚠ Over takt: touch per person 1m 5s > takt 1m"
    )
    assert "takt" not in stage_tip(scene, ids["Paint"])

    def red_in_touch_cell(name: str) -> bool:
        stage = value_map.stages[ids[name]]
        top = style.HEADER_H + style.TEAM_H
        cell = QRectF(stage.x, stage.y + top, style.BOX_W / 2, style.CELL_H)
        image = render_image(scene, 2.0, cell)
        error = QColor(palette.LIGHT.error)
        return any(
            _close(image.pixelColor(x, y), error, 30)
            for x in range(image.width())
            for y in range(image.height())
        )

    assert red_in_touch_cell("Test & pack") and red_in_touch_cell("Assembly I")
    assert not red_in_touch_cell("Paint")
    # A third operator on Test & pack (130 / 3 = 43 s) brings it under takt, at once.
    map_id = value_map.id
    document.push(EditCommand("stage", map_id, ids["Test & pack"], {"people": 3.0}))
    assert not scene.is_over_takt(ids["Test & pack"])
    assert not red_in_touch_cell("Test & pack")
