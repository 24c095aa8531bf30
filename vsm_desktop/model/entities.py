"""The plain records a value-stream map is made of.

These are data only. Changes that the UI or an import make go through the commands in
:mod:`vsm_desktop.model.commands`, which call the mutation methods of :class:`Workspace` so that
listeners hear about every real change and about nothing else.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum

from .duration import Calendar


def new_id() -> str:
    return uuid.uuid4().hex[:12]


class HandoffKind(StrEnum):
    PUSH = "push"
    PULL = "pull"
    FIFO = "fifo"
    INFORMATION = "information"


class MapRole(StrEnum):
    CURRENT = "current"
    TARGET = "target"
    FREE = "free"


class NoteKind(StrEnum):
    NOTE = "note"
    KAIZEN = "kaizen"


@dataclass
class Stage:
    """A process box. Times are working seconds; ``None`` means not yet known."""

    name: str
    team: str = ""
    touch_s: float | None = 0.0
    wait_s: float | None = 0.0
    pca: float = 100.0
    people: float = 1.0
    fields: dict[str, str] = field(default_factory=dict)
    notes: str = ""
    x: float = 0.0
    y: float = 0.0
    #: Where a figure came from, e.g. ``{"touch_s": "median of import 3"}``; empty = typed in.
    sources: dict[str, str] = field(default_factory=dict)
    #: Explicit link to the matching stage of the map this one is the target of.
    link: str | None = None
    #: Measurement hooks: lists of event/status names under the keys ``start``, ``end``,
    #: ``active`` (counted as touch) and ``waiting``.
    hooks: dict[str, list[str]] = field(default_factory=dict)
    id: str = field(default_factory=new_id)

    @property
    def lead_time_s(self) -> float:
        return (self.wait_s or 0.0) + (self.touch_s or 0.0)


@dataclass
class Handoff:
    """An arrow from one stage to another; a rework handoff goes back upstream."""

    source: str
    target: str
    kind: HandoffKind = HandoffKind.PUSH
    label: str = ""
    rework: bool = False
    #: Share (0..1) of items that come back along a rework handoff; ``None`` = 1 - %C&A/100
    #: of the source stage.
    rework_rate: float | None = None
    id: str = field(default_factory=new_id)


@dataclass
class Note:
    """A sticky note or a kaizen burst (an improvement idea) on the canvas."""

    text: str
    kind: NoteKind = NoteKind.NOTE
    x: float = 0.0
    y: float = 0.0
    stage: str | None = None
    id: str = field(default_factory=new_id)


@dataclass
class ValueMap:
    """A named value stream with its stages, handoffs and calendar."""

    name: str
    role: MapRole = MapRole.CURRENT
    target_of: str | None = None
    calendar: Calendar = field(default_factory=Calendar)
    #: Items demanded per working day; enables takt time.
    demand_per_day: float | None = None
    display_unit: str = "h"
    supplier: str = "Customer request"
    customer: str = "Customer"
    show_swimlanes: bool = False
    stages: dict[str, Stage] = field(default_factory=dict)
    handoffs: dict[str, Handoff] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)
    id: str = field(default_factory=new_id)

    def stage_named(self, name: str) -> Stage | None:
        wanted = name.strip().casefold()
        for stage in self.stages.values():
            if stage.name.strip().casefold() == wanted:
                return stage
        return None

    def handoffs_of(self, stage_id: str) -> list[Handoff]:
        return [h for h in self.handoffs.values() if stage_id in (h.source, h.target)]
