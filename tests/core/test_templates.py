"""The start templates: valid maps whose figures match a hand calculation."""

from __future__ import annotations

import math

import pytest

from vsm_desktop.analysis import analyze, validate
from vsm_desktop.model import MapRole, ValueMap, Workspace
from vsm_desktop.model.templates import (
    BLANK_MAP_NAME,
    Template,
    blank_workspace,
    manufacturing_line,
    software_delivery,
    template_named,
    templates,
)

H = 3600.0


def only_map(workspace: Workspace) -> ValueMap:
    assert len(workspace.maps) == 1
    return next(iter(workspace.maps.values()))


def names(value_map: ValueMap, ids: tuple[str, ...]) -> list[str]:
    return [value_map.stages[i].name for i in ids]


@pytest.mark.parametrize("template", templates(), ids=lambda t: t.name)
def test_every_template_builds_a_valid_connected_map(template: Template) -> None:
    value_map = only_map(template.build())
    assert validate(value_map) == ()
    metrics = analyze(value_map)
    assert metrics.valid
    assert metrics.lead_time_s is not None and metrics.lead_time_s > 0
    # Every stage sits on the one line from supplier to customer.
    assert len(metrics.critical_path) == len(value_map.stages)
    assert template.description.strip()
    for stage in value_map.stages.values():
        assert stage.team, f"{stage.name} has no team"
        assert stage.touch_s is not None and stage.wait_s is not None


def test_each_build_is_a_fresh_workspace() -> None:
    for template in templates():
        first, second = template.build(), template.build()
        assert set(first.maps).isdisjoint(second.maps)
        one, two = only_map(first), only_map(second)
        assert set(one.stages).isdisjoint(two.stages)
        assert [s.name for s in one.stages.values()] == [s.name for s in two.stages.values()]


def test_manufacturing_line_takt_and_stages_over_it() -> None:
    value_map = only_map(manufacturing_line())
    # Two 8 h shifts = 57,600 s a day; 960 pieces a day -> takt 60 s.
    assert value_map.calendar.day_s == 16 * H
    metrics = analyze(value_map)
    assert metrics.takt_s == pytest.approx(57_600 / 960) == 60.0
    # Touch per operator: Stamping 1, Spot weld I 39, Spot weld II 46, Paint 110/2 = 55,
    # Assembly I 62, Assembly II 40, Test & pack 130/2 = 65, Shipping 20.
    # Over 60 s: Assembly I and Test & pack; Paint's 110 s is shared by two people.
    assert names(value_map, metrics.over_takt) == ["Assembly I", "Test & pack"]
    paint = value_map.stage_named("Paint")
    assert paint is not None and paint.touch_s == 110 and paint.people == 2


def test_manufacturing_line_figures_by_hand() -> None:
    value_map = only_map(manufacturing_line())
    metrics = analyze(value_map)
    day = 16 * H
    # Inventory waits: 5 + 7 + 2 + 1 + 3 + 2 days + 4 h + 4 days = 24 days + 4 h.
    waits = 24 * day + 4 * H
    touches = 1 + 39 + 46 + 110 + 62 + 40 + 130 + 20  # 448 s
    assert metrics.process_time_s == touches == 448
    assert metrics.lead_time_s == pytest.approx(waits + touches) == 1_397_248
    assert metrics.flow_efficiency_pct == pytest.approx(100 * 448 / 1_397_248)
    rolled = 0.99 * 0.98 * 0.97 * 0.95 * 0.97 * 0.99 * 0.98 * 1.00
    assert metrics.rolled_pca_pct == pytest.approx(100 * rolled)
    # The largest inventory is in front of Spot weld I: 7 days of 24 d 4 h.
    top = metrics.waste[0]
    assert value_map.stages[top.stage_id].name == "Spot weld I"
    assert top.share_pct == pytest.approx(100 * 7 * day / (waits + touches))


def test_manufacturing_line_data_boxes() -> None:
    value_map = only_map(manufacturing_line())
    for stage in value_map.stages.values():
        if stage.name != "Shipping":
            assert {"changeover", "uptime"} <= set(stage.fields), stage.name
    stamping = value_map.stage_named("Stamping")
    assert stamping is not None
    assert stamping.fields["batch size"] == "every part every 2 weeks"
    # The inventory counts agree with the waits at 960 pieces a day.
    for stage in value_map.stages.values():
        count = stage.fields.get("inventory", "")
        if count.endswith("pcs"):
            pieces = int(count.removesuffix(" pcs").replace(",", ""))
            assert stage.wait_s == pytest.approx(pieces / 960 * 16 * H), stage.name


def test_software_delivery_figures_by_hand() -> None:
    value_map = only_map(software_delivery())
    metrics = analyze(value_map)
    day, week = 8 * H, 40 * H
    # Touch: 1h + 4h + 3d + 2h + 1d + 2h + 2h = 11 h + 4 d = 43 h.
    assert metrics.process_time_s == pytest.approx(43 * H)
    # Waits: 1w + 2w + 1w + 2d + 1w + 2w + 2w = 9 w + 2 d = 376 h.
    assert metrics.lead_time_s == pytest.approx(43 * H + 9 * week + 2 * day) == 419 * H
    assert metrics.takt_s is None and metrics.over_takt == ()
    # Rework Test -> Build at 1 - 75 % = 0.25 over Build (8 d) + Code review (2 d 2 h) +
    # Test (6 d) = 130 h adds 130 * 0.25 / 0.75 h.
    assert metrics.rework is not None and metrics.rework.exact
    (loop,) = metrics.rework.loops
    assert loop.rate == pytest.approx(0.25)
    assert loop.segment_s == pytest.approx(130 * H)
    assert metrics.rework_adjusted_lead_time_s == pytest.approx((419 + 130 / 3) * H)
    teams = {s.team for s in value_map.stages.values()}
    assert teams == {"Product", "Dev", "QA", "Ops"}
    # Refinement->Build, Code review->Test, Test->Deploy, Deploy->Monitor outcome.
    assert metrics.cross_team_handoffs == 4
    assert metrics.handoffs == 6


def test_blank_workspace_is_one_empty_current_map() -> None:
    value_map = only_map(blank_workspace())
    assert value_map.name == BLANK_MAP_NAME
    assert value_map.role == MapRole.CURRENT
    assert not value_map.stages and not value_map.handoffs
    assert [p.kind for p in validate(value_map)] == ["empty"]
    assert math.isclose(value_map.calendar.day_s, 8 * H)


def test_template_named_finds_case_insensitively_and_explains_a_miss() -> None:
    assert template_named("manufacturing LINE with takt time").build is manufacturing_line
    with pytest.raises(KeyError, match=r"no template called 'Bakery'.*Software delivery"):
        template_named("Bakery")
