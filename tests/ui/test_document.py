"""Document: the only door into the workspace, with Qt undo and cached metrics."""

from __future__ import annotations

import copy

import pytest

from vsm_desktop.model import (
    AddItemsCommand,
    Change,
    EditCommand,
    MoveCommand,
    RemoveItemsCommand,
    Stage,
)
from vsm_desktop.ui.document import Document
from vsm_desktop.ui.undo import macro


def _map_id(doc: Document) -> str:
    assert doc.current_map_id is not None
    return doc.current_map_id


def test_push_applies_and_reemits_changes(document: Document) -> None:
    seen: list[Change] = []
    document.changed.connect(seen.append)
    map_id = _map_id(document)
    document.push(EditCommand("stage", map_id, "s-build", {"name": "Code"}))
    assert document.workspace.map(map_id).stages["s-build"].name == "Code"
    assert seen == [Change("stage", "changed", map_id, "s-build", frozenset({"name"}))]
    assert document.is_modified
    document.undo()
    assert document.workspace.map(map_id).stages["s-build"].name == "Build"
    assert not document.is_modified
    document.redo()
    assert document.workspace.map(map_id).stages["s-build"].name == "Code"


def test_push_happens_once(document: Document) -> None:
    # QUndoStack.push calls redo(); the adapter must not apply the command a second time.
    map_id = _map_id(document)
    stage = Stage("New", id="s-new")
    document.push(AddItemsCommand(map_id, stages=[stage]))
    assert list(document.workspace.map(map_id).stages)[-1] == "s-new"
    assert document.undo_stack.count() == 1


def test_refused_command_raises_and_is_not_recorded(document: Document) -> None:
    map_id = _map_id(document)
    with pytest.raises(ValueError, match="no field"):
        document.push(EditCommand("stage", map_id, "s-build", {"colour": "red"}))
    assert document.undo_stack.count() == 0


def test_mergeable_moves_merge_into_one_step(document: Document) -> None:
    map_id = _map_id(document)
    document.push(MoveCommand(map_id, {"s-test": ((480, 0), (490, 0))}, mergeable=True))
    document.push(MoveCommand(map_id, {"s-test": ((490, 0), (500, 0))}, mergeable=True))
    document.push(MoveCommand(map_id, {"s-test": ((500, 0), (500, 10))}, mergeable=True))
    assert document.undo_stack.count() == 1
    stage = document.workspace.map(map_id).stages["s-test"]
    assert (stage.x, stage.y) == (500, 10)
    document.undo()
    assert (stage.x, stage.y) == (480, 0)
    # A move of another set of stages does not merge.
    document.redo()
    document.push(MoveCommand(map_id, {"s-idea": ((0, 0), (0, 20))}, mergeable=True))
    assert document.undo_stack.count() == 2


def test_no_merge_across_clean_state(document: Document) -> None:
    map_id = _map_id(document)
    document.push(MoveCommand(map_id, {"s-test": ((480, 0), (490, 0))}, mergeable=True))
    document.undo_stack.setClean()
    document.push(MoveCommand(map_id, {"s-test": ((490, 0), (500, 0))}, mergeable=True))
    assert document.undo_stack.count() == 2


def test_macro_is_one_step_and_all_or_nothing(document: Document) -> None:
    map_id = _map_id(document)
    before = copy.deepcopy(document.workspace.map(map_id))
    with macro(document, "Rename two"):
        document.push(EditCommand("stage", map_id, "s-idea", {"name": "Ask"}))
        document.push(RemoveItemsCommand(map_id, stage_ids=["s-release"]))
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Rename two"
    document.undo()
    assert document.workspace.map(map_id) == before

    with pytest.raises(ValueError), document.macro("Broken"):
        document.push(EditCommand("stage", map_id, "s-idea", {"name": "Ask"}))
        document.push(EditCommand("stage", map_id, "s-idea", {"nope": 1}))
    assert document.workspace.map(map_id) == before
    assert document.undo_stack.count() == 1  # the earlier macro only


def test_metrics_announced_once_per_command(document: Document, qtbot: object) -> None:
    map_id = _map_id(document)
    announced: list[str] = []
    document.metrics_changed.connect(announced.append)
    document.push(
        RemoveItemsCommand(map_id, stage_ids=["s-release", "s-test"])
    )  # 5 model changes, one announcement
    assert announced == [map_id]
    document.undo()
    assert announced == [map_id, map_id]
    # Moving a stage changes no metric: nothing is announced.
    document.push(MoveCommand(map_id, {"s-idea": ((0, 0), (0, 40))}))
    assert announced == [map_id, map_id]


def test_metrics_cached_and_invalidated(document: Document) -> None:
    map_id = _map_id(document)
    first = document.metrics(map_id)
    # Lead time by hand: the longest forward path Idea-Build-Test-Release = 3h+12h+18h+5h.
    assert first.lead_time_s == pytest.approx(38 * 3600)
    assert first.critical_path == ("s-idea", "s-build", "s-test", "s-release")
    assert document.metrics(map_id) is first
    document.push(EditCommand("stage", map_id, "s-test", {"wait_s": 2 * 3600.0}))
    second = document.metrics(map_id)
    assert second is not first
    assert second.lead_time_s == pytest.approx(24 * 3600)


def test_current_map_follows_removal(document: Document) -> None:
    from vsm_desktop.model import AddMapCommand, RemoveMapCommand, ValueMap

    first = _map_id(document)
    seen: list[str] = []
    document.current_map_changed.connect(seen.append)
    other = ValueMap("Target")
    document.push(AddMapCommand(other))
    document.set_current_map(other.id)
    document.push(RemoveMapCommand(other.id))
    assert document.current_map_id == first
    assert seen == [other.id, first]
    with pytest.raises(KeyError, match="no map"):
        document.set_current_map("missing")


def test_save_without_path_is_refused(document: Document) -> None:
    with pytest.raises(ValueError, match="never been saved"):
        document.save()


def test_new_document_has_one_map() -> None:
    doc = Document.new("As is")
    assert [m.name for m in doc.workspace.maps.values()] == ["As is"]
    assert doc.current_map_id == next(iter(doc.workspace.maps))
    assert not doc.is_modified
    doc.close()


def test_void_qt_calls_keep_their_reference_to_none() -> None:
    # PySide6 6.12.0 on CPython 3.11 drops a reference to None per void call and aborts after
    # a few thousand ("none_dealloc"); pyproject.toml pins a binding without that defect.
    import sys

    from PySide6.QtGui import QPainterPath

    path = QPainterPath()
    before = sys.getrefcount(None)
    for _ in range(200_000):
        path.moveTo(1.0, 1.0)
    assert before - sys.getrefcount(None) < 1_000
