"""Hooks: defaults, resolution against a log's names, clashes, and the hooks CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from vsm_desktop.measure.events import EventTable
from vsm_desktop.measure.hooks import (
    ROLE_ACTIVE,
    ROLE_WAITING,
    HooksError,
    hook_coverage,
    hooks_command,
    read_hooks_csv,
    resolve_hooks,
    stage_hooks,
    write_hooks_csv,
)
from vsm_desktop.model import CommandStack, Stage, ValueMap, Workspace


def make_map() -> ValueMap:
    value_map = ValueMap("Delivery")
    for stage in (
        Stage("Development", hooks={"waiting": ["To Do", "Blocked"], "active": ["In Progress"]}),
        Stage("Review"),
        Stage("Release", hooks={"start": ["release started"], "end": ["released"]}),
    ):
        value_map.stages[stage.id] = stage
    return value_map


def test_default_hook_is_the_stage_name() -> None:
    assert stage_hooks(Stage("Review")) == {
        "start": [],
        "end": [],
        "active": ["Review"],
        "waiting": [],
    }


def test_resolution_is_case_insensitive_and_reports_clashes() -> None:
    value_map = make_map()
    dev, review, _ = value_map.stages.values()
    clash = Stage("QA", hooks={"active": ["review"]})
    index = resolve_hooks([*value_map.stages.values(), clash], ["in progress", " REVIEW ", "Other"])
    assert index.stage_of.tolist() == [0, 1, -1]
    assert index.role_of.tolist()[:2] == [ROLE_ACTIVE, ROLE_ACTIVE]
    assert [(c.name, c.stage_ids) for c in index.clashes] == [("review", (review.id, clash.id))]
    assert index.matched(["in progress", " REVIEW ", "Other"])[dev.id] == ["in progress"]
    assert resolve_hooks([dev], ["blocked"]).role_of.tolist() == [ROLE_WAITING]


def test_csv_round_trip(tmp_path: Path) -> None:
    value_map = make_map()
    path = tmp_path / "hooks.csv"
    write_hooks_csv(path, value_map)
    text = path.read_text(encoding="utf-8").splitlines()
    assert text[0] == "stage,start,end,active,waiting"
    assert text[1] == "Development,,,In Progress,To Do; Blocked"
    got = read_hooks_csv(path, value_map)
    dev, review, release = value_map.stages.values()
    assert got[dev.id] == {"active": ["In Progress"], "waiting": ["To Do", "Blocked"]}
    assert got[review.id] == {}
    assert got[release.id] == {"start": ["release started"], "end": ["released"]}


def test_csv_errors_name_the_row(tmp_path: Path) -> None:
    value_map = make_map()
    path = tmp_path / "hooks.csv"
    path.write_text("stage,active\nreview,In Review\nPackaging,Packing\n", encoding="utf-8")
    with pytest.raises(HooksError, match=r"row 3: no stage named 'Packaging'"):
        read_hooks_csv(path, value_map)
    path.write_text("stage,active\nReview,a\nREVIEW,b\n", encoding="utf-8")
    with pytest.raises(HooksError, match="row 3: stage 'Review' is listed twice"):
        read_hooks_csv(path, value_map)
    path.write_text("name,active\nReview,a\n", encoding="utf-8")
    with pytest.raises(HooksError, match="needs a 'stage' column"):
        read_hooks_csv(path, value_map)
    path.write_text("stage,actve\nReview,a\n", encoding="utf-8")
    with pytest.raises(HooksError, match="unknown column"):
        read_hooks_csv(path, value_map)
    with pytest.raises(HooksError, match="cannot read"):
        read_hooks_csv(tmp_path / "missing.csv", value_map)


def test_hooks_command_is_one_undo_step(tmp_path: Path) -> None:
    value_map = make_map()
    ws = Workspace()
    ws.add_map(value_map)
    review = list(value_map.stages.values())[1]
    path = tmp_path / "hooks.csv"
    path.write_text("stage,active,waiting\nReview,In Review,Ready for review\n", encoding="utf-8")
    stack = CommandStack(ws)
    stack.push(hooks_command(value_map, read_hooks_csv(path, value_map)))
    assert review.hooks == {"active": ["In Review"], "waiting": ["Ready for review"]}
    stack.undo()
    assert review.hooks == {}


def test_hook_coverage() -> None:
    value_map = make_map()
    dev, review, release = value_map.stages.values()
    events = EventTable.from_columns(
        ["1", "1", "2", "3", "3"],
        ["To Do", "in progress", "In Progress", "Review", "Deploy"],
        [0.0, 1.0, 2.0, 3.0, 4.0],
    )
    got = {c.stage_id: c for c in hook_coverage(value_map, events)}
    assert got[dev.id].names == ("In Progress", "To Do", "Blocked")
    assert got[dev.id].matched == ("To Do", "in progress", "In Progress")
    assert (got[dev.id].items, got[dev.id].coverage) == (2, pytest.approx(2 / 3))
    assert (got[review.id].matched, got[review.id].items) == (("Review",), 1)
    assert (got[release.id].matched, got[release.id].coverage) == ((), 0.0)
