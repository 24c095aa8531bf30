"""The plain-language comparison summary, checked against figures worked out by hand."""

from __future__ import annotations

from vsm_desktop.analysis import compare_maps
from vsm_desktop.analysis.summary import comparison_summary, signed_percent
from vsm_desktop.model import ELAPSED, Handoff, Stage, ValueMap
from vsm_desktop.model.demo import demo_workspace

H = 3600.0


def _map(name: str, stages: list[Stage], flow: list[tuple[str, str]], **kw: object) -> ValueMap:
    value_map = ValueMap(name, **kw)  # type: ignore[arg-type]
    for stage in stages:
        value_map.stages[stage.id] = stage
    for source, target in flow:
        handoff = Handoff(source, target)
        value_map.handoffs[handoff.id] = handoff
    return value_map


def _summary(current: ValueMap, target: ValueMap) -> list[str]:
    return comparison_summary(current, target, compare_maps(current, target))


def test_demo_summary_matches_hand_worked_figures() -> None:
    # Current, wait + touch per stage in hours (8h day, 40h week): Idea 42, Discovery 94,
    # Design 92, Refinement 124, Build 80, Review 27, Security 86 (beats Test 58), Release 84,
    # Validate 164 -> lead time 793h = 19w 33h = 19w 4.1d. Touch on that path: 2+14+12+4+40+3+6
    # +4+4 = 89h = 2w 1.1d; flow efficiency 89/793 = 11.2 %.
    # Target: Idea 17, Discovery & design 60, Build 44, Review 6, Security 18 (beats Test 14),
    # Release 9, Validate 44 -> 198h = 4w 38h = 4w 4.8d (-75.0 %); touch 1+20+28+2+2+1+4 = 58h
    # = 1w 2.2d (-34.8 %); 58/198 = 29.3 %.
    # Rolled %C&A: .9*.8*.85*.9*.95*.8*.75*.95*.9 = 26.8 %; .95*.9*.95*.9*.9*.95*.98 = 61.3 %.
    # Forward handoffs 10 -> 8; cross-team 7 -> 5 (Design and Refinement went, Test joined Dev).
    # Longest wait cut: Validate outcome 4w -> 1w (120h, beats Release's 72h).
    ws = demo_workspace()
    current, target = ws.maps.values()
    assert _summary(current, target) == [
        "Lead time 19w 4.1d → 4w 4.8d (−75 %)",
        "Process time 2w 1.1d → 1w 2.2d (−35 %)",
        "Flow efficiency 11 % → 29 %",
        "Rolled %C&A 27 % → 61 %",
        "2 handoffs removed (2 cross-team)",
        "2 stages removed: Design, Backlog refinement",
        "1 stage renamed: Discovery → Discovery & design",
        "Biggest wait cut: Validate outcome 4w → 1w",
    ]


def test_added_and_removed_stages_with_each_maps_calendar() -> None:
    # Current (working calendar): A 2h+6h, B 1h+15h, C 1h+7h -> 32h = 4d; touch 4h = 12.5 %.
    a = Stage("A", team="X", touch_s=2 * H, wait_s=6 * H)
    b = Stage("B", team="Y", touch_s=1 * H, wait_s=15 * H)
    c = Stage("C", team="X", touch_s=1 * H, wait_s=7 * H)
    current = _map("now", [a, b, c], [(a.id, b.id), (b.id, c.id)])
    # Target on the elapsed calendar (24h day): A 2h+4h, D 1h+1h, C 1h+3h -> 12h; touch 4h.
    a2 = Stage("a", team="X", touch_s=2 * H, wait_s=4 * H)  # matched by name, any case
    d = Stage("D", team="X", touch_s=1 * H, wait_s=1 * H)
    c2 = Stage("C", team="X", touch_s=1 * H, wait_s=3 * H)
    target = _map("next", [a2, d, c2], [(a2.id, d.id), (d.id, c2.id)], calendar=ELAPSED)
    lines = _summary(current, target)
    # 32h on an 8h day is 4d; 12h on the elapsed calendar stays 12h; (12-32)/32 = -62.5 %.
    assert lines[0] == "Lead time 4d → 12h (−62 %)"
    assert lines[1] == "Process time unchanged at 4h"
    # 4/32 = 12.5 % -> "12 %" (whole numbers from 10 up); 4/12 = 33.3 %.
    assert lines[2] == "Flow efficiency 12 % → 33 %"
    # Both handoffs counted, 2 -> 2; cross-team 2 (X-Y, Y-X) -> 0.
    assert lines[3] == "Cross-team handoffs 2 → 0"
    assert lines[4] == "1 stage removed: B; 1 added: D"
    # a renamed from A (name match is case-insensitive, so the case change shows as a rename).
    assert lines[5] == "1 stage renamed: A → a"
    # Wait cuts: A 6h -> 4h (2h), C 7h -> 3h (4h): C wins.
    assert lines[6] == "Biggest wait cut: C 7h → 3h"
    assert len(lines) == 7  # %C&A stays 100 %: no line for it


def test_identical_maps_say_nothing_changed() -> None:
    a = Stage("A", team="X", touch_s=1 * H, wait_s=3 * H)
    b = Stage("B", team="Y", touch_s=1 * H, wait_s=3 * H)
    current = _map("now", [a, b], [(a.id, b.id)])
    a2 = Stage("A", team="X", touch_s=1 * H, wait_s=3 * H)
    b2 = Stage("B", team="Y", touch_s=1 * H, wait_s=3 * H)
    target = _map("next", [a2, b2], [(a2.id, b2.id)])
    assert _summary(current, target) == [
        "Lead time unchanged at 1d",
        "Process time unchanged at 2h",
        "Flow efficiency unchanged at 25 %",
        "Handoffs unchanged: 1 (1 cross-team)",
        "No stages added or removed",
    ]


def test_handoffs_added_while_cross_team_ones_fall() -> None:
    # Current: A(X) -> B(Y): 1 handoff, 1 cross-team.
    a, b = Stage("A", team="X"), Stage("B", team="Y")
    current = _map("now", [a, b], [(a.id, b.id)])
    # Target: A(X) -> C(X) -> D(X) -> B(X): 3 handoffs, none cross-team.
    a2, c, d, b2 = Stage("A", team="X"), Stage("C", team="X"), Stage("D", team="X"), Stage("B")
    b2.team = "X"
    target = _map("next", [a2, c, d, b2], [(a2.id, c.id), (c.id, d.id), (d.id, b2.id)])
    lines = _summary(current, target)
    assert "2 handoffs added; cross-team handoffs 1 → 0" in lines
    assert "2 stages added: C, D" in lines


def test_handoffs_added_with_their_cross_team_share() -> None:
    a, b = Stage("A", team="X"), Stage("B", team="X")
    current = _map("now", [a, b], [(a.id, b.id)])
    a2, c, b2 = Stage("A", team="X"), Stage("C", team="Y"), Stage("B", team="X")
    target = _map("next", [a2, c, b2], [(a2.id, c.id), (c.id, b2.id)])
    # 1 -> 2 handoffs, cross-team 0 -> 2: the cross-team rise exceeds the total one.
    assert "1 handoff added; cross-team handoffs 0 → 2" in _summary(current, target)
    c.team = "X"
    b2.team = "Y"
    # Now only C -> B crosses teams: 1 added, and it is the cross-team one.
    assert "1 handoff added (1 cross-team)" in _summary(current, target)


def test_an_invalid_map_is_named_with_its_problem() -> None:
    a, b = Stage("A", touch_s=H), Stage("B", touch_s=H)
    current = _map("now", [a, b], [(a.id, b.id)])
    a2, b2 = Stage("A", touch_s=H), Stage("B", touch_s=H)
    target = _map("Loop", [a2, b2], [(a2.id, b2.id), (b2.id, a2.id)])  # a cycle, no rework flag
    lines = _summary(current, target)
    assert lines[0] == "Lead time 2h → –"
    last = lines[-1]
    assert last.startswith("Loop is not a valid map yet: ")
    assert "A" in last and "B" in last


def test_signed_percent() -> None:
    assert signed_percent(-75.03) == "−75 %"
    assert signed_percent(161.0) == "+161 %"
    assert signed_percent(2.54) == "+2.5 %"
    assert signed_percent(-3.0) == "−3 %"
    assert signed_percent(0.0) == "+0 %"
