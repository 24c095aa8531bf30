"""Auto-layout (Qt-free): columns by topological generation, rework ignored."""

from __future__ import annotations

from vsm_desktop.model import Handoff, Stage, ValueMap
from vsm_desktop.ui.canvas.layout import COLUMN_STEP, ROW_STEP, auto_layout


def _map(names: list[str], edges: list[tuple[str, str]], rework: tuple[str, str] | None = None,
         teams: dict[str, str] | None = None) -> ValueMap:  # fmt: skip
    value_map = ValueMap("m")
    for index, name in enumerate(names):
        team = (teams or {}).get(name, "")
        value_map.stages[name] = Stage(name, team=team, x=500 - index * 50, y=index, id=name)
    for source, target in edges:
        handoff = Handoff(source, target, id=f"{source}-{target}")
        value_map.handoffs[handoff.id] = handoff
    if rework:
        handoff = Handoff(*rework, rework=True, id="rework")
        value_map.handoffs[handoff.id] = handoff
    return value_map


def test_chain_goes_left_to_right_and_ignores_rework() -> None:
    value_map = _map(["a", "b", "c"], [("a", "b"), ("b", "c")], rework=("c", "a"))
    assert auto_layout(value_map) == {
        "a": (0.0, 0.0), "b": (COLUMN_STEP, 0.0), "c": (2 * COLUMN_STEP, 0.0),
    }  # fmt: skip


def test_parallel_branch_stacks_in_one_column() -> None:
    # a -> b -> d and a -> c -> d: b and c side by side in column 1, keeping their order.
    value_map = _map(["a", "b", "c", "d"], [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")])
    positions = auto_layout(value_map)
    assert positions["a"] == (0.0, 0.0)
    assert positions["b"] == (COLUMN_STEP, 0.0)
    assert positions["c"] == (COLUMN_STEP, ROW_STEP)
    assert positions["d"] == (2 * COLUMN_STEP, 0.0)


def test_short_side_branch_is_pulled_next_to_its_successor() -> None:
    # x feeds c directly; it belongs just before c, not in the first column with a.
    value_map = _map(["a", "b", "c", "x"], [("a", "b"), ("b", "c"), ("x", "c")])
    assert auto_layout(value_map)["x"] == (COLUMN_STEP, ROW_STEP)


def test_cycle_of_forward_handoffs_still_places_every_stage() -> None:
    value_map = _map(["a", "b", "c"], [("a", "b"), ("b", "c"), ("c", "a")])
    positions = auto_layout(value_map)
    assert sorted(positions) == ["a", "b", "c"]
    assert positions["a"][0] < positions["b"][0] < positions["c"][0]  # c -> a was dropped


def test_by_team_gives_each_team_a_lane() -> None:
    teams = {"a": "Dev", "b": "QA", "c": "Dev"}
    value_map = _map(["a", "b", "c"], [("a", "b"), ("b", "c")], teams=teams)
    positions = auto_layout(value_map, by_team=True)
    assert positions == {
        "a": (0.0, 0.0), "b": (COLUMN_STEP, ROW_STEP), "c": (2 * COLUMN_STEP, 0.0),
    }  # fmt: skip
