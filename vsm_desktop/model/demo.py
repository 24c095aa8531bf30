"""A ready-made workspace: a software-delivery value stream across six teams and its target.

Used by ``vsm demo``, the first start of the app and tests. The content is the same on every
call (only the ids are fresh), so figures derived from it are stable.
"""

from __future__ import annotations

from .duration import WORKING, parse_duration
from .entities import Handoff, HandoffKind, MapRole, Note, NoteKind, Stage, ValueMap
from .workspace import Workspace

__all__ = ["CURRENT_NAME", "TARGET_NAME", "demo_workspace"]

CURRENT_NAME = "Feature delivery — current"
TARGET_NAME = "Feature delivery — target"
X_STEP = 220.0
BRANCH_Y = 160.0

# name, team, touch, wait, %C&A, people, column, row (-1 above, 0 main line, 1 below), fields
_Spec = tuple[str, str, str, str, float, float, int, int, dict[str, str]]

_CURRENT: tuple[_Spec, ...] = (
    ("Idea intake", "Product", "2h", "1w", 90, 1, 0, 0, {"batch size": "monthly portfolio board"}),
    ("Discovery", "Product", "1d 6h", "2w", 80, 1, 1, 0, {}),
    ("Design", "UX", "1d 4h", "2w", 85, 1, 2, 0, {"handover": "static mock-ups"}),
    ("Backlog refinement", "Dev", "4h", "3w", 90, 4, 3, 0, {"cadence": "every 2 weeks"}),
    ("Build", "Dev", "1w", "1w", 95, 2, 4, 0, {"batch size": "8 stories"}),
    ("Code review", "Dev", "3h", "3d", 80, 1, 5, 0, {"reviewers": "2 seniors"}),
    ("Test", "QA", "2d 2h", "1w", 75, 1, 6, 0, {"environment uptime": "70%"}),
    ("Security review", "Security", "6h", "2w", 95, 1, 6, 1, {"changeover": "1d"}),
    ("Release", "Ops", "4h", "2w", 90, 2, 7, 0, {"batch size": "monthly release train"}),
    ("Validate outcome", "Product", "4h", "4w", 100, 1, 8, 0, {}),
)
_CURRENT_FLOW = (
    ("Idea intake", "Discovery"),
    ("Discovery", "Design"),
    ("Design", "Backlog refinement"),
    ("Backlog refinement", "Build"),
    ("Build", "Code review"),
    ("Code review", "Test"),
    ("Code review", "Security review"),
    ("Test", "Release"),
    ("Security review", "Release"),
    ("Release", "Validate outcome"),
)
_CURRENT_REWORK = (("Test", "Build", 0.25),)
_KAIZEN = (
    ("Discovery", "Weekly intake review instead of the monthly portfolio board"),
    ("Design", "Pair UX with Product in discovery; no static mock-up handover"),
    ("Backlog refinement", "Refine just in time with the building team"),
    ("Test", "Automate regression tests; testers join the team"),
    ("Security review", "Shift left: automated scans in the pipeline"),
    ("Release", "Release on demand instead of the monthly train"),
)

# Target stages: name, team, touch, wait, %C&A, people, column, row, fields, linked current stage
_TARGET: tuple[tuple[_Spec, str | None], ...] = (
    (("Idea intake", "Product", "1h", "2d", 95, 1, 0, 0, {}), "Idea intake"),
    (("Discovery & design", "Product", "2d 4h", "1w", 90, 2, 1, 0, {}), "Discovery"),
    (("Build", "Dev", "3d 4h", "2d", 95, 2, 2, 0, {"batch size": "1 story"}), "Build"),
    (("Code review", "Dev", "2h", "4h", 90, 1, 3, 0, {"reviewers": "pair"}), "Code review"),
    (("Test", "Dev", "6h", "1d", 90, 1, 4, 0, {"environment uptime": "99%"}), "Test"),
    (("Security review", "Security", "2h", "2d", 95, 1, 4, 1, {}), "Security review"),
    (("Release", "Ops", "1h", "1d", 98, 1, 5, 0, {"batch size": "on demand"}), "Release"),
    (("Validate outcome", "Product", "4h", "1w", 100, 1, 6, 0, {}), "Validate outcome"),
)
_TARGET_FLOW = (
    ("Idea intake", "Discovery & design"),
    ("Discovery & design", "Build"),
    ("Build", "Code review"),
    ("Code review", "Test"),
    ("Code review", "Security review"),
    ("Test", "Release"),
    ("Security review", "Release"),
    ("Release", "Validate outcome"),
)
_TARGET_REWORK = (("Test", "Build", 0.1),)


def _stage(spec: _Spec) -> Stage:
    name, team, touch, wait, pca, people, column, row, fields = spec
    return Stage(
        name=name,
        team=team,
        touch_s=parse_duration(touch, WORKING),
        wait_s=parse_duration(wait, WORKING),
        pca=float(pca),
        people=float(people),
        fields=dict(fields),
        x=column * X_STEP,
        y=row * BRANCH_Y,
    )


def _connect(
    value_map: ValueMap,
    flow: tuple[tuple[str, str], ...],
    rework: tuple[tuple[str, str, float], ...],
) -> None:
    ids = {s.name: s.id for s in value_map.stages.values()}
    for source, target in flow:
        handoff = Handoff(ids[source], ids[target], HandoffKind.PUSH)
        value_map.handoffs[handoff.id] = handoff
    for source, target, rate in rework:
        handoff = Handoff(ids[source], ids[target], rework=True, rework_rate=rate, label="rework")
        value_map.handoffs[handoff.id] = handoff


def demo_workspace() -> Workspace:
    """A current software-delivery map (10 stages, 6 teams, one rework loop, a parallel
    security review, kaizen bursts) and its target map with stages linked to the current ones."""
    current = ValueMap(
        name=CURRENT_NAME,
        role=MapRole.CURRENT,
        demand_per_day=0.5,
        display_unit="h",
        supplier="Customer request",
        customer="Customers using the feature",
    )
    for spec in _CURRENT:
        stage = _stage(spec)
        current.stages[stage.id] = stage
    _connect(current, _CURRENT_FLOW, _CURRENT_REWORK)
    by_name = {s.name: s for s in current.stages.values()}
    for stage_name, text in _KAIZEN:
        anchor = by_name[stage_name]
        # Bursts sit above boxes of the main row and beside boxes of a lower branch, so they
        # never cover another stage or the timeline.
        lower = anchor.y > 0
        x, y = (anchor.x + 190, anchor.y) if lower else (anchor.x, anchor.y - 120)
        note = Note(text, NoteKind.KAIZEN, x=x, y=y, stage=anchor.id)
        current.notes[note.id] = note

    target = ValueMap(
        name=TARGET_NAME,
        role=MapRole.TARGET,
        target_of=current.id,
        demand_per_day=0.5,
        display_unit="h",
        supplier=current.supplier,
        customer=current.customer,
    )
    for spec, linked in _TARGET:
        stage = _stage(spec)
        stage.link = by_name[linked].id if linked else None
        target.stages[stage.id] = stage
    _connect(target, _TARGET_FLOW, _TARGET_REWORK)

    workspace = Workspace()
    workspace.add_map(current)
    workspace.add_map(target)
    return workspace
