"""The Qt-free state behind the compare view: which maps pair up, how figures and stage rows
are written, and how the chart rows line up. No QApplication needed."""

from __future__ import annotations

import pytest

from vsm_desktop.model import ELAPSED, Handoff, MapRole, Stage, ValueMap, Workspace
from vsm_desktop.model.demo import CURRENT_NAME, TARGET_NAME, demo_workspace
from vsm_desktop.ui.compare.state import CompareState, build_result, default_pair

H = 3600.0


def _ws(*maps: ValueMap) -> Workspace:
    ws = Workspace()
    for value_map in maps:
        ws.maps[value_map.id] = value_map
    return ws


def _chain(name: str, specs: list[tuple[str, float, float, float]], **kw: object) -> ValueMap:
    """A straight line of stages: (name, touch h, wait h, x)."""
    value_map = ValueMap(name, **kw)  # type: ignore[arg-type]
    previous = None
    for stage_name, touch, wait, x in specs:
        stage = Stage(stage_name, touch_s=touch * H, wait_s=wait * H, x=x)
        value_map.stages[stage.id] = stage
        if previous is not None:
            handoff = Handoff(previous.id, stage.id)
            value_map.handoffs[handoff.id] = handoff
        previous = stage
    return value_map


def test_default_pair_follows_the_target_link() -> None:
    ws = demo_workspace()
    current, target = ws.map_named(CURRENT_NAME), ws.map_named(TARGET_NAME)
    assert current is not None and target is not None
    assert default_pair(ws) == (current.id, target.id)
    # Focusing either side of the link gives the same pair, current first.
    assert default_pair(ws, target.id) == (current.id, target.id)
    assert default_pair(ws, current.id) == (current.id, target.id)


def test_default_pair_without_links() -> None:
    free = ValueMap("Sketch", role=MapRole.FREE)
    now = ValueMap("Now", role=MapRole.CURRENT)
    later = ValueMap("Later", role=MapRole.TARGET)
    assert default_pair(_ws(free, now, later)) == (now.id, later.id)  # by role
    assert default_pair(_ws(free, now)) == (free.id, now.id)  # the first two
    assert default_pair(_ws(free)) == (free.id, None)
    assert default_pair(Workspace()) == (None, None)
    assert CompareState(_ws(free)).compute() is None


def test_set_pair_refuses_unknown_maps_and_falls_back() -> None:
    ws = demo_workspace()
    state = CompareState(ws)
    with pytest.raises(KeyError, match="no map with id 'nope' for the target side"):
        state.set_pair(state.current_id, "nope")
    current_id, target_id = state.current_id, state.target_id
    assert state.set_pair(target_id, current_id) is True
    assert state.set_pair(target_id, current_id) is False
    state.swap()
    assert (state.current_id, state.target_id) == (current_id, target_id)
    assert target_id is not None
    del ws.maps[target_id]
    assert state.follow_workspace() is True
    assert (state.current_id, state.target_id) == (current_id, None)
    assert not state.ready


def test_figures_in_each_maps_calendar() -> None:
    # Current on the 8h working day: A 2h + 6h, B 2h + 14h = 24h = 3d; touch 4h.
    current = _chain("now", [("A", 2, 6, 0), ("B", 2, 14, 220)])
    # Target on the elapsed calendar (24h days): A 1h + 5h, B 1h + 5h = 12h; touch 2h.
    target = _chain("next", [("A", 1, 5, 0), ("B", 1, 5, 220)], calendar=ELAPSED)
    result = build_result(current, target)
    lead = result.figure("lead_time_s")
    # Each side in its own calendar; the change (12h) in the current map's calendar = 1d 4h.
    assert (lead.current, lead.target, lead.change, lead.change_pct) == (
        "3d", "12h", "−1d 4h", "−50 %",
    )  # fmt: skip
    assert lead.improved is True
    flow = result.figure("flow_efficiency_pct")
    # 4/24 = 16.7 %, 2/12 = 16.7 %: equal -> no change, neither better nor worse.
    assert (flow.current, flow.target, flow.change, flow.improved) == (
        "16.7 %", "16.7 %", "no change", None,
    )  # fmt: skip
    changes = {d.name: [(f.field, f.old, f.new) for f in d.fields] for d in result.diff}
    # B's wait 14h on the working calendar is 1d 6h; 5h on the elapsed one stays 5h.
    assert changes["B"] == [("Touch time", "2h", "1h"), ("Wait time", "1d 6h", "5h")]


def test_chart_rows_line_up_with_added_stages_in_flow_order() -> None:
    current = _chain("now", [("Plan", 1, 2, 0), ("Build", 4, 8, 220), ("Ship", 1, 30, 440)])
    target = _chain(
        "next",
        [("Plan", 1, 1, 0), ("Build", 4, 2, 220), ("Checks", 0.5, 0, 330), ("Ship", 1, 3, 440)],
    )
    result = build_result(current, target)
    chart = result.chart
    # Longest figure is the current lead time 3 + 12 + 31 = 46h >= 5 working days (40h): days.
    assert chart.unit == "days"
    # Target 2 + 6 + 0.5 + 4 = 12.5h.
    assert chart.lead_time == pytest.approx((46 / 8, 12.5 / 8))
    assert [(row.label, row.kind) for row in chart.stages] == [
        ("Plan", "changed"), ("Build", "changed"), ("Checks", "added"), ("Ship", "changed"),
    ]  # fmt: skip
    checks = chart.stages[2]
    assert (checks.current_touch, checks.current_wait) == (None, None)
    assert (checks.target_touch, checks.target_wait) == pytest.approx((0.5 / 8, 0))
    assert chart.stages[3].current_wait == pytest.approx(30 / 8)
    # The stage status feeds the canvases.
    added_id = next(d.target_id for d in result.diff if d.kind == "added")
    assert result.target_status[added_id] == "added"


def test_chart_unit_shrinks_for_short_maps() -> None:
    quick = _chain("quick", [("A", 0.5, 1, 0), ("B", 0.25, 0.5, 220)])
    same = _chain("same", [("A", 0.5, 1, 0), ("B", 0.25, 0.5, 220)])
    result = build_result(quick, same)
    # 2.25h in total: below 5 hours, so minutes.
    assert result.chart.unit == "minutes"
    assert result.chart.lead_time == pytest.approx((135.0, 135.0))
    assert [d.kind for d in result.diff] == ["unchanged", "unchanged"]
