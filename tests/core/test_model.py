"""Durations, change events and undoable commands of the Qt-free model."""

from __future__ import annotations

import copy
import math

import pytest

from vsm_desktop.model import (
    ELAPSED,
    AddItemsCommand,
    AddMapCommand,
    Calendar,
    CommandStack,
    DurationError,
    EditCommand,
    Handoff,
    MacroCommand,
    MoveCommand,
    Note,
    RemoveItemsCommand,
    RemoveMapCommand,
    ReplaceMapContentCommand,
    Stage,
    ValueMap,
    Workspace,
    duplicate_map,
    format_duration,
    parse_duration,
    with_attached_notes,
)

H = 3600.0


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("45m", 45 * 60),
        ("1.5h", 1.5 * H),
        ("2d 4h", 2 * 8 * H + 4 * H),  # working days of 8h
        ("3w", 3 * 5 * 8 * H),
        ("90s", 90),
        ("2", 2 * H),  # bare number in the display unit (hours)
        ("1,5 h", 1.5 * H),
        ("1 day 2 hours", 10 * H),
        ("  30 min ", 1800),
    ],
)
def test_parse_duration_on_the_working_calendar(text, seconds):
    assert parse_duration(text) == pytest.approx(seconds)


def test_parse_duration_follows_the_calendar_and_unit():
    assert parse_duration("1d", ELAPSED) == 24 * H
    assert parse_duration("1w", Calendar(7.5, 4)) == 30 * H
    assert parse_duration("3", unit="d") == 24 * H
    assert parse_duration(2.5, unit="m") == 150


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("-1h", "negative"),
        ("nan", "not a finite"),
        ("inf", "not a finite"),
        ("abc", "cannot read 'abc'"),
        ("3x", "unknown unit 'x'"),
        ("1h 2h", "appears twice"),
        ("", "empty"),
        ("5h then", "cannot read 'then'"),
    ],
)
def test_parse_duration_refuses_bad_input_with_the_reason(text, reason):
    with pytest.raises(DurationError, match=reason):
        parse_duration(text)


def test_parse_duration_refuses_nan_numbers():
    with pytest.raises(DurationError):
        parse_duration(math.nan)
    with pytest.raises(DurationError):
        parse_duration(-3)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0"),
        (45 * 60, "45m"),
        (72000, "2d 4h"),
        (3 * 5 * 8 * H, "3w"),
        (90, "1m 30s"),
        (8 * H + 30 * 60, "1d 0.5h"),
        (None, "–"),
        (-2 * H, "-2h"),
    ],
)
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text


def test_format_then_parse_round_trips_to_a_tenth_of_the_last_unit():
    for seconds in (1, 59, 3599, 12345, 987654, 3 * H):
        back = parse_duration(format_duration(seconds))
        assert abs(back - seconds) <= 0.05 * max(60, seconds)


def test_calendar_refuses_impossible_days():
    with pytest.raises(ValueError, match="hours per day"):
        Calendar(25, 5)
    with pytest.raises(ValueError, match="days per week"):
        Calendar(8, 0)


def small_workspace() -> tuple[Workspace, ValueMap, Stage, Stage, Handoff]:
    ws = Workspace()
    value_map = ValueMap("Flow")
    a, b = Stage("A", touch_s=H), Stage("B", touch_s=2 * H, x=200)
    handoff = Handoff(a.id, b.id)
    value_map.stages = {a.id: a, b.id: b}
    value_map.handoffs = {handoff.id: handoff}
    ws.maps[value_map.id] = value_map
    return ws, value_map, a, b, handoff


def test_setters_emit_only_real_changes():
    ws, m, a, _, _ = small_workspace()
    heard = []
    stop = ws.subscribe(heard.append)
    ws.update_stage(m.id, a.id, {"touch_s": H})  # same value: silent
    assert heard == []
    ws.update_stage(m.id, a.id, {"touch_s": 2 * H, "name": "A"})
    assert [(c.what, c.action, c.fields) for c in heard] == [
        ("stage", "changed", frozenset({"touch_s"}))
    ]
    stop()
    ws.update_stage(m.id, a.id, {"touch_s": 3 * H})
    assert len(heard) == 1


def test_unknown_field_is_refused():
    ws, m, a, _, _ = small_workspace()
    with pytest.raises(ValueError, match="no field"):
        ws.update_stage(m.id, a.id, {"colour": "red"})


def test_every_command_undoes_back_to_the_start():
    ws, m, a, b, handoff = small_workspace()
    before = copy.deepcopy(ws.maps)
    stack = CommandStack(ws)
    c = Stage("C", x=400)
    stack.push(AddItemsCommand(m.id, [c], [Handoff(b.id, c.id)], [Note("idea")]))
    stack.push(EditCommand("stage", m.id, a.id, {"wait_s": 8 * H, "fields": {"batch": "5"}}))
    stack.push(MoveCommand(m.id, {a.id: ((0, 0), (10, 20)), c.id: ((400, 0), (420, 40))}))
    stack.push(RemoveItemsCommand(m.id, stage_ids=[b.id]))
    assert b.id not in m.stages and len(m.handoffs) == 0  # both of B's handoffs went too
    stack.push(EditCommand("map", m.id, m.id, {"name": "Renamed", "demand_per_day": 3.0}))
    target = duplicate_map(m, "Target")
    stack.push(AddMapCommand(target))
    stack.push(RemoveMapCommand(m.id))
    assert target.target_of is None  # the link to a deleted map is cleared
    while stack.undo():
        pass
    assert ws.maps == before
    assert list(ws.maps[m.id].stages) == list(before[m.id].stages)
    while stack.redo():
        pass
    assert list(ws.maps) == [target.id]


def test_mergeable_edits_are_one_step():
    ws, m, a, _, _ = small_workspace()
    stack = CommandStack(ws)
    for value in (1, 2, 3):
        stack.push(EditCommand("stage", m.id, a.id, {"pca": 90.0 + value}, mergeable=True))
    assert a.pca == 93.0
    stack.undo()
    assert a.pca == 100.0 and not stack.can_undo
    stack.redo()
    assert a.pca == 93.0


def test_merge_stops_at_the_clean_state():
    ws, m, a, _, _ = small_workspace()
    stack = CommandStack(ws)
    stack.push(EditCommand("stage", m.id, a.id, {"pca": 91.0}, mergeable=True))
    stack.set_clean()
    stack.push(EditCommand("stage", m.id, a.id, {"pca": 92.0}, mergeable=True))
    assert not stack.is_clean
    stack.undo()
    assert stack.is_clean and a.pca == 91.0


def test_replace_content_and_macro():
    ws, m, a, b, _ = small_workspace()
    before = copy.deepcopy(m)
    stack = CommandStack(ws)
    x = Stage("X")
    stack.push(
        MacroCommand(
            "Import",
            [
                ReplaceMapContentCommand(m.id, [x], [], map_changes={"display_unit": "d"}),
                EditCommand("stage", m.id, x.id, {"team": "Ops"}),
            ],
        )
    )
    assert list(m.stages) == [x.id] and m.display_unit == "d" and x.team == "Ops"
    stack.undo()
    assert m == before


def test_duplicate_map_links_stages_and_remaps_handoffs():
    _, m, a, b, _ = small_workspace()
    m.notes["n"] = Note("kaizen", stage=a.id, id="n")
    clone = duplicate_map(m, "Target")
    assert clone.target_of == m.id and clone.role == "target"
    assert {s.link for s in clone.stages.values()} == {a.id, b.id}
    (h,) = clone.handoffs.values()
    assert h.source in clone.stages and h.target in clone.stages
    assert not set(clone.stages) & set(m.stages)
    (note,) = clone.notes.values()
    assert note.stage in clone.stages


def test_attached_notes_move_with_their_stage_in_the_same_step():
    ws, m, a, b, _ = small_workspace()
    burst = Note("automate", x=-20, y=-120, stage=a.id, id="burst")
    own = Note("dragged too", x=5, y=-50, stage=a.id, id="own")
    loose = Note("loose", x=300, y=-100, id="loose")
    gone = Note("of a deleted stage", x=0, y=0, stage="missing", id="gone")
    for note in (burst, own, loose, gone):
        m.notes[note.id] = note
    stack = CommandStack(ws)
    moves = with_attached_notes(m, {a.id: ((0, 0), (40, 10)), own.id: ((5, -50), (0, 0))})
    assert moves[burst.id] == ((-20, -120), (20, -110))
    assert moves[own.id] == ((5, -50), (0, 0))  # its own drag wins over the carry
    assert loose.id not in moves and gone.id not in moves
    stack.push(MoveCommand(m.id, moves))
    assert (burst.x, burst.y, a.x, a.y) == (20, -110, 40, 10)
    stack.undo()
    assert (burst.x, burst.y, a.x, a.y) == (-20, -120, 0, 0)


def test_deleting_a_stage_detaches_its_notes_and_undo_reattaches_them():
    ws, m, a, b, _ = small_workspace()
    burst = Note("automate", x=-20, y=-120, stage=a.id, id="burst")
    other = Note("of b", x=200, y=-120, stage=b.id, id="other")
    removed_too = Note("selected with a", stage=a.id, id="sel")
    for note in (burst, other, removed_too):
        m.notes[note.id] = note
    stack = CommandStack(ws)
    stack.push(RemoveItemsCommand(m.id, [a.id], note_ids=[removed_too.id]))
    assert a.id not in m.stages and removed_too.id not in m.notes
    assert m.notes[burst.id].stage is None  # kept on the map, no longer pointing at a
    assert (m.notes[burst.id].x, m.notes[burst.id].y) == (-20, -120)
    assert m.notes[other.id].stage == b.id  # other stages' notes untouched
    stack.undo()
    assert a.id in m.stages and m.notes[burst.id].stage == a.id
    assert m.notes[removed_too.id].stage == a.id
    stack.redo()
    assert m.notes[burst.id].stage is None
