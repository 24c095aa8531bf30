"""Every figure on small maps whose answers are worked out by hand here."""

from __future__ import annotations

import pytest

from vsm_desktop.analysis import analyze, compare_maps, comparison_json, metrics_json
from vsm_desktop.model import Calendar, Handoff, Stage, ValueMap

H = 3600.0


def make_map(spec: list[tuple], edges: list[tuple], **kw) -> ValueMap:
    """spec: (name, touch_h, wait_h[, team[, pca[, people]]]); edges: (a, b[, rework rate])."""
    value_map = ValueMap(name=kw.pop("name", "m"), **kw)
    by_name: dict[str, str] = {}
    for row in spec:
        name, touch, wait, *rest = row
        team = rest[0] if rest else ""
        pca = rest[1] if len(rest) > 1 else 100.0
        people = rest[2] if len(rest) > 2 else 1.0
        stage = Stage(name, team, touch * H, wait * H, pca, people)
        value_map.stages[stage.id] = stage
        by_name[name] = stage.id
    for edge in edges:
        a, b, *rate = edge
        rework = bool(rate)
        handoff = Handoff(
            by_name[a], by_name[b], rework=rework, rework_rate=rate[0] if rate else None
        )
        value_map.handoffs[handoff.id] = handoff
    return value_map


def names(value_map: ValueMap, ids) -> list[str]:
    return [value_map.stages[i].name for i in ids]


def test_chain_every_figure():
    # A: 1h touch, 0 wait; B: 2h touch, 1 working day (8h) wait; C: 3h touch, 2h wait.
    m = make_map(
        [("A", 1, 0, "Dev", 90), ("B", 2, 8, "Dev", 100), ("C", 3, 2, "QA", 50)],
        [("A", "B"), ("B", "C")],
    )
    r = analyze(m)
    assert r.valid
    assert r.lead_time_s == 16 * H  # 1 + (8 + 2) + (2 + 3)
    assert names(m, r.critical_path) == ["A", "B", "C"]
    assert r.process_time_s == 6 * H
    assert r.work_content_s == 6 * H
    assert r.flow_efficiency_pct == pytest.approx(37.5)  # 6 / 16
    assert r.rolled_pca_pct == pytest.approx(45.0)  # 0.9 * 1.0 * 0.5
    assert r.handoffs == 2
    assert r.cross_team_handoffs == 1  # B (Dev) -> C (QA)
    assert [(m.stages[w.stage_id].name, w.wait_s, w.share_pct) for w in r.waste] == [
        ("B", 8 * H, 50.0),
        ("C", 2 * H, 12.5),
        ("A", 0.0, 0.0),
    ]
    assert r.takt_s is None and r.over_takt == ()
    assert r.rework is None and r.rework_adjusted_lead_time_s == 16 * H


def test_fork_and_join_takes_the_longer_branch():
    m = make_map(
        [("S", 1, 0), ("X", 1, 4), ("Y", 2, 1), ("E", 1, 0)],
        [("S", "X"), ("S", "Y"), ("X", "E"), ("Y", "E")],
    )
    r = analyze(m)
    assert r.lead_time_s == 7 * H  # S 1 + X 5 + E 1 (Y branch is 3)
    assert names(m, r.critical_path) == ["S", "X", "E"]
    assert r.process_time_s == 3 * H
    assert r.work_content_s == 5 * H
    assert r.flow_efficiency_pct == pytest.approx(300 / 7)


def test_ties_go_to_the_stage_earlier_in_the_map():
    m = make_map(
        [("S", 1, 0), ("Y", 2, 1), ("X", 1, 2), ("E", 1, 0)],
        [("S", "X"), ("S", "Y"), ("X", "E"), ("Y", "E")],
    )
    first = analyze(m)
    assert names(m, first.critical_path) == ["S", "Y", "E"]  # Y and X both 3h; Y listed first
    assert all(analyze(m).critical_path == first.critical_path for _ in range(5))


def test_several_starts_and_ends():
    m = make_map(
        [("P1", 1, 0), ("P2", 1, 1), ("Q1", 2, 0), ("Q2", 1, 2)],
        [("P1", "P2"), ("Q1", "Q2")],
    )
    r = analyze(m)
    assert r.lead_time_s == 5 * H
    assert names(m, r.critical_path) == ["Q1", "Q2"]
    assert r.work_content_s == 5 * H
    assert r.handoffs == 2


def test_empty_map():
    r = analyze(ValueMap("empty"))
    assert r.lead_time_s == 0.0
    assert r.critical_path == ()
    assert r.flow_efficiency_pct is None
    assert r.rolled_pca_pct == 100.0
    assert [p.kind for p in r.problems] == ["empty"]
    assert r.valid  # a warning, not an error


def test_rework_loop_matches_closed_form():
    # A 1h -> B 2h -> C 3h -> D 1h; 20 % of items go back from C to B.
    m = make_map(
        [("A", 1, 0), ("B", 2, 0), ("C", 3, 0), ("D", 1, 0)],
        [("A", "B"), ("B", "C"), ("C", "D"), ("C", "B", 0.2)],
    )
    r = analyze(m)
    assert r.lead_time_s == 7 * H
    assert r.handoffs == 3 and r.rework_handoffs == 1
    assert r.rework is not None and r.rework.exact
    # Segment B..C = 5h; expected extra passes 0.2 / 0.8 = 0.25 -> +1.25h.
    assert r.rework.loops[0].segment_s == 5 * H
    assert r.rework_adjusted_lead_time_s == pytest.approx(8.25 * H)
    assert r.rework.expected_rework_s == pytest.approx(1.25 * H)


def test_rework_rate_defaults_to_one_minus_pca_of_its_source():
    m = make_map(
        [("A", 1, 0), ("B", 2, 0), ("C", 3, 0, "", 75)],
        [("A", "B"), ("B", "C"), ("C", "B", None)],
    )
    r = analyze(m)
    assert r.rework.loops[0].rate == pytest.approx(0.25)
    assert r.rework_adjusted_lead_time_s == pytest.approx(6 * H + 5 * H * 0.25 / 0.75)


def test_simulation_where_no_closed_form_exists():
    # S(0) forks to X (1h) and Y (3h), joining at E(0). Half the items redo X (self-loop).
    # LT = max(3, 1 + N) with N ~ Geometric: P(N = k) = 0.5^(k+1).
    # E = 3 * P(N <= 2) + sum_{k>=3} (1 + k) 0.5^(k+1) = 3 * 0.875 + 0.625 = 3.25h.
    # 87.5 % of items take exactly 3h, so p85 = 3h.
    m = make_map(
        [("S", 0, 0), ("X", 1, 0), ("Y", 3, 0), ("E", 0, 0)],
        [("S", "X"), ("S", "Y"), ("X", "E"), ("Y", "E"), ("X", "X", 0.5)],
    )
    r = analyze(m, seed=7)
    assert r.lead_time_s == 3 * H
    assert not r.rework.exact
    assert r.rework_adjusted_lead_time_s == pytest.approx(3.25 * H, abs=0.1 * H)
    assert r.rework.p85_s == pytest.approx(3 * H)
    assert analyze(m, seed=7).rework_adjusted_lead_time_s == r.rework_adjusted_lead_time_s


def test_simulation_mean_agrees_with_the_closed_form():
    # A second loop (rate 0) shares stage B, so the closed form is not used; the simulated
    # mean must still be 6h + 5h * 0.2 / 0.8 = 7.25h.
    m = make_map(
        [("A", 1, 0), ("B", 2, 0), ("C", 3, 0)],
        [("A", "B"), ("B", "C"), ("C", "B", 0.2), ("B", "B", 0.0)],
    )
    r = analyze(m)
    assert not r.rework.exact  # the loops share B
    assert r.rework_adjusted_lead_time_s == pytest.approx((6 + 1.25) * H, rel=0.03)


def test_cycle_without_rework_marking_is_refused_naming_the_stages():
    m = make_map(
        [("A", 1, 0), ("B", 1, 0), ("C", 1, 0), ("D", 1, 0)],
        [("A", "B"), ("B", "C"), ("C", "A"), ("C", "D")],
    )
    r = analyze(m)
    assert not r.valid
    assert r.lead_time_s is None and r.critical_path == ()
    cycle = next(p for p in r.problems if p.kind == "cycle")
    assert names(m, cycle.stage_ids) == ["A", "B", "C"]
    assert "A → B → C" in cycle.message and "rework" in cycle.message
    assert r.work_content_s == 4 * H  # figures that need no path still come out


def test_takt_time_flags_stages_over_takt():
    # 16 items per 8h day -> takt 30 min. 45 min alone is over; 45 min shared by 2 is not.
    m = make_map(
        [("Solo", 0.75, 0, "", 100, 1), ("Pair", 0.75, 0, "", 100, 2)],
        [("Solo", "Pair")],
        demand_per_day=16,
    )
    r = analyze(m)
    assert r.takt_s == 1800
    assert names(m, r.over_takt) == ["Solo"]


def test_takt_uses_the_map_calendar():
    m = make_map([("A", 1, 0)], [], demand_per_day=4, calendar=Calendar(24, 7))
    assert analyze(m).takt_s == 6 * H


def test_validation_problems():
    m = make_map(
        [("A", 1, 0), ("B", 1, 0), ("Lonely", 1, 0), ("C", 1, 0)],
        [("A", "B"), ("B", "C"), ("C", "A", 1.0)],
    )
    m.stage_named("C").wait_s = None
    m.stage_named("B").pca = 120
    r = analyze(m)
    kinds = {p.kind: p for p in r.problems}
    assert names(m, kinds["disconnected"].stage_ids) == ["Lonely"]
    assert names(m, kinds["missing_time"].stage_ids) == ["C"]
    assert "wait" in kinds["missing_time"].message
    assert kinds["rework_rate"].severity == "error"
    assert kinds["pca"].severity == "error"
    assert not r.valid


def test_rework_that_goes_forward_is_flagged_and_left_out():
    m = make_map([("A", 1, 0), ("B", 1, 0)], [("A", "B"), ("A", "B", 0.3)])
    r = analyze(m)
    assert any(p.kind == "rework_direction" for p in r.problems)
    assert r.rework_adjusted_lead_time_s == 2 * H


def test_comparison_deltas_and_stage_diff():
    current = make_map(
        [("Plan", 1, 8, "PM"), ("Build", 4, 16, "Dev"), ("Test", 2, 8, "QA")],
        [("Plan", "Build"), ("Build", "Test")],
        name="Current",
    )
    target = make_map(
        [("Planning", 1, 2, "PM"), ("Build", 4, 4, "Dev"), ("Release", 1, 0, "Dev")],
        [("Planning", "Build"), ("Build", "Release")],
        name="Target",
    )
    target.stage_named("Planning").link = current.stage_named("Plan").id
    c = compare_maps(current, target)
    # Current LT 9 + 20 + 10 = 39h; target 3 + 8 + 1 = 12h.
    lt = c.delta("lead_time_s")
    assert (lt.current, lt.target, lt.abs) == (39 * H, 12 * H, -27 * H)
    assert lt.pct == pytest.approx(-27 / 39 * 100)
    assert lt.improved is True
    fe = c.delta("flow_efficiency_pct")
    assert fe.abs == pytest.approx(6 / 12 * 100 - 7 / 39 * 100)
    assert c.delta("cross_team_handoffs").abs == -1  # 2 -> 1
    assert names(target, c.added) == ["Release"]
    assert names(current, c.removed) == ["Test"]
    changed = {(ch.stage, ch.field): (ch.old, ch.new) for ch in c.changed}
    assert changed[("Planning", "name")] == ("Plan", "Planning")
    assert changed[("Planning", "wait_s")] == (8 * H, 2 * H)
    assert changed[("Build", "wait_s")] == (16 * H, 4 * H)
    assert changed[("Build", "next")] == ("Test", "Release")
    assert ("Build", "touch_s") not in changed

    doc = comparison_json(current, target, c)
    assert doc["delta"]["lead_time_s"] == {"abs": -27 * H, "pct": pytest.approx(-69.2307, 1e-4)}
    assert doc["stages"]["added"] == ["Release"] and doc["stages"]["removed"] == ["Test"]
    assert {"stage": "Build", "field": "wait_s", "from": 16 * H, "to": 4 * H} in doc["stages"][
        "changed"
    ]


def test_metrics_json_has_the_documented_keys():
    m = make_map([("A", 1, 2), ("B", 1, 0)], [("A", "B")], demand_per_day=2)
    doc = metrics_json(m, analyze(m))
    for key in [
        "lead_time_s",
        "process_time_s",
        "work_content_s",
        "flow_efficiency_pct",
        "rolled_pca_pct",
        "critical_path",
        "rework_adjusted_lead_time_s",
        "handoffs",
        "cross_team_handoffs",
        "waste",
        "takt_s",
        "over_takt",
    ]:
        assert key in doc
    assert doc["critical_path"] == ["A", "B"]
    assert doc["waste"][0] == {"stage": "A", "wait_s": 2 * H, "share_pct": 50.0}
    assert doc["takt_s"] == 4 * H
