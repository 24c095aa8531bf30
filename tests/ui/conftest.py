"""Shared fixtures of the UI tests (pytest-qt, offscreen)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from typing import Any

import pytest
from helpers_window import (  # noqa: F401 - the main-window fixtures, for every UI test
    answers_fixture,
    make_window_fixture,
    settings_path_fixture,
    window_fixture,
)
from PySide6.QtCore import QPointF

from vsm_desktop.model import Handoff, HandoffKind, Stage, ValueMap, Workspace
from vsm_desktop.ui.document import Document


def small_map() -> ValueMap:
    """Idea -> Build -> Test -> Release, with a rework loop Test -> Build.

    Times (working seconds): Idea 1h touch/2h wait, Build 4h/8h, Test 2h/16h, Release 1h/4h.
    Lead time = 3h + 12h + 18h + 5h = 38h; process time = 8h.
    """
    value_map = ValueMap("Release flow")
    h = 3600.0
    stages = [
        Stage("Idea", team="Product", touch_s=1 * h, wait_s=2 * h, x=0, y=0, id="s-idea"),
        Stage("Build", team="Dev", touch_s=4 * h, wait_s=8 * h, x=240, y=0, id="s-build"),
        Stage("Test", team="QA", touch_s=2 * h, wait_s=16 * h, pca=80, x=480, y=0, id="s-test"),
        Stage("Release", team="Ops", touch_s=1 * h, wait_s=4 * h, x=720, y=0, id="s-release"),
    ]
    for stage in stages:
        value_map.stages[stage.id] = stage
    handoffs = [
        Handoff("s-idea", "s-build", HandoffKind.PUSH, id="h-1"),
        Handoff("s-build", "s-test", HandoffKind.FIFO, id="h-2"),
        Handoff("s-test", "s-release", HandoffKind.PULL, id="h-3"),
        Handoff("s-test", "s-build", rework=True, rework_rate=0.2, label="bugs", id="h-4"),
    ]
    for handoff in handoffs:
        value_map.handoffs[handoff.id] = handoff
    return value_map


@pytest.fixture
def workspace() -> Workspace:
    ws = Workspace()
    value_map = small_map()
    ws.maps[value_map.id] = value_map
    return ws


@pytest.fixture
def document(qtbot: object, workspace: Workspace) -> Iterator[Document]:
    doc = Document(workspace)
    yield doc
    doc.close()
    doc.deleteLater()


@pytest.fixture
def map_view(qtbot: Any, document: Document) -> Any:
    """A shown canvas on the small map at zoom 1, so scene pixels are viewport pixels."""
    from vsm_desktop.ui.canvas.view import MapView

    view = MapView(document)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    view.resetTransform()
    view.centerOn(QPointF(400, 120))
    return view
