"""The demo workspace: valid, a current and a linked target, realistic and deterministic."""

from __future__ import annotations

import pytest

from vsm_desktop.analysis import analyze
from vsm_desktop.model import MapRole, NoteKind, ValueMap, Workspace
from vsm_desktop.model.demo import CURRENT_NAME, TARGET_NAME, demo_workspace

H = 3600.0


def maps(ws: Workspace) -> tuple[ValueMap, ValueMap]:
    current = ws.map_named(CURRENT_NAME)
    target = ws.map_named(TARGET_NAME)
    assert current is not None and target is not None
    return current, target


def test_current_and_target_are_linked() -> None:
    current, target = maps(demo_workspace())
    assert current.role is MapRole.CURRENT
    assert target.role is MapRole.TARGET
    assert target.target_of == current.id
    links = [s.link for s in target.stages.values()]
    assert all(link in current.stages for link in links)
    assert len(set(links)) == len(links)
    discovery = next(s for s in target.stages.values() if s.name == "Discovery & design")
    assert current.stages[discovery.link or ""].name == "Discovery"


def test_current_map_content() -> None:
    current, _ = maps(demo_workspace())
    assert 8 <= len(current.stages) <= 10
    assert len({s.team for s in current.stages.values()}) == 6
    names = {s.id: s.name for s in current.stages.values()}
    [rework] = [h for h in current.handoffs.values() if h.rework]
    assert (names[rework.source], names[rework.target]) == ("Test", "Build")
    assert rework.rework_rate == pytest.approx(0.25)
    after_review = sorted(
        names[h.target]
        for h in current.handoffs.values()
        if not h.rework and names[h.source] == "Code review"
    )
    assert after_review == ["Security review", "Test"]  # the parallel branch
    assert any(s.pca < 100 for s in current.stages.values())
    assert any(s.fields for s in current.stages.values())
    assert current.demand_per_day == 0.5
    kaizen = [n for n in current.notes.values() if n.kind is NoteKind.KAIZEN]
    assert len(kaizen) >= 3 and all(n.stage in current.stages for n in kaizen)
    xs = sorted({s.x for s in current.stages.values()})
    assert xs == [i * 220.0 for i in range(len(xs))]


def test_demo_maps_are_valid_with_hand_figured_lead_times() -> None:
    current, target = maps(demo_workspace())
    cur, tgt = analyze(current), analyze(target)
    assert cur.valid and tgt.valid, (cur.problems, tgt.problems)
    # Critical path of the current map, wait + touch per stage in working hours (40 h week):
    # intake 40+2, discovery 80+14, design 80+12, refinement 120+4, build 40+40, review 24+3,
    # security 80+6 (beats test 40+18), release 80+4, validate 160+4 = 793 h.
    assert cur.lead_time_s == pytest.approx(793 * H)
    # Target: intake 16+1, discovery & design 40+20, build 16+28, review 4+2,
    # security 16+2 (beats test 8+6), release 8+1, validate 40+4 = 198 h.
    assert tgt.lead_time_s == pytest.approx(198 * H)
    assert tgt.handoffs < cur.handoffs
    assert tgt.cross_team_handoffs < cur.cross_team_handoffs


def test_demo_is_deterministic_but_has_fresh_ids() -> None:
    def content(ws: Workspace) -> list[tuple[object, ...]]:
        return [
            (m.name, s.name, s.team, s.touch_s, s.wait_s, s.pca, s.x, s.y)
            for m in ws.maps.values()
            for s in m.stages.values()
        ]

    first, second = demo_workspace(), demo_workspace()
    assert content(first) == content(second)
    assert set(first.maps).isdisjoint(second.maps)
