"""Starting points for a new workspace: a blank map and ready-made templates.

The first-run dialog of the app lists these; nothing here knows about Qt. Every template builds a
fresh :class:`Workspace` on each call (new ids), so starting twice never shares objects.

The figures in a template are starting estimates for the room to overwrite, chosen so the map
already shows what the method is about: the manufacturing line has a takt time and two stages
whose work per operator exceeds it; the software-delivery map has long queues and a rework loop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .duration import Calendar, parse_duration
from .entities import Handoff, HandoffKind, MapRole, Stage, ValueMap
from .workspace import Workspace

__all__ = [
    "BLANK_MAP_NAME",
    "Template",
    "blank_workspace",
    "manufacturing_line",
    "software_delivery",
    "template_named",
    "templates",
]

BLANK_MAP_NAME = "Current state"
X_STEP = 220.0


@dataclass(frozen=True, slots=True)
class Template:
    """A named starting point; :attr:`build` makes a new workspace each time it is called."""

    name: str
    description: str
    build: Callable[[], Workspace]


# name, team, touch, wait, %C&A, people, data-box fields
_Row = tuple[str, str, str, str, float, float, dict[str, str]]


def _line_map(
    value_map: ValueMap,
    rows: tuple[_Row, ...],
    kinds: tuple[HandoffKind, ...],
) -> dict[str, Stage]:
    """Add ``rows`` as stages left to right, joined in order by handoffs of ``kinds``."""
    if len(kinds) != len(rows) - 1:
        raise ValueError(f"{len(rows)} stages need {len(rows) - 1} handoff kinds, not {len(kinds)}")
    calendar = value_map.calendar
    by_name: dict[str, Stage] = {}
    previous: Stage | None = None
    for column, (name, team, touch, wait, pca, people, fields) in enumerate(rows):
        stage = Stage(
            name=name,
            team=team,
            touch_s=parse_duration(touch, calendar),
            wait_s=parse_duration(wait, calendar),
            pca=float(pca),
            people=float(people),
            fields=dict(fields),
            x=column * X_STEP,
            y=0.0,
        )
        value_map.stages[stage.id] = stage
        by_name[name] = stage
        if previous is not None:
            handoff = Handoff(previous.id, stage.id, kinds[column - 1])
            value_map.handoffs[handoff.id] = handoff
        previous = stage
    return by_name


def blank_workspace() -> Workspace:
    """One empty current-state map on the default working calendar (8 h days, 5 d weeks)."""
    workspace = Workspace()
    workspace.add_map(ValueMap(name=BLANK_MAP_NAME, role=MapRole.CURRENT))
    return workspace


# -- software delivery: idea to production ----------------------------------------------------

_SOFTWARE: tuple[_Row, ...] = (
    ("Idea intake", "Product", "1h", "1w", 90, 1, {"cadence": "monthly roadmap review"}),
    ("Refinement", "Product", "4h", "2w", 80, 2, {}),
    ("Build", "Dev", "3d", "1w", 95, 2, {"batch size": "one feature"}),
    ("Code review", "Dev", "2h", "2d", 85, 1, {}),
    ("Test", "QA", "1d", "1w", 75, 1, {"environment uptime": "80%"}),
    ("Deploy", "Ops", "2h", "2w", 95, 1, {"batch size": "fortnightly release"}),
    ("Monitor outcome", "Product", "2h", "2w", 100, 1, {}),
)
_SOFTWARE_KINDS = (
    HandoffKind.PUSH,
    HandoffKind.PUSH,
    HandoffKind.FIFO,
    HandoffKind.FIFO,
    HandoffKind.PUSH,
    HandoffKind.INFORMATION,
)


def software_delivery() -> Workspace:
    """Idea to production across four teams, with a rework loop from Test back to Build (its
    rate left unset, so it follows Test's %C&A: 25 % of items return)."""
    value_map = ValueMap(
        name="Idea to production — current",
        role=MapRole.CURRENT,
        display_unit="h",
        supplier="Customer or stakeholder idea",
        customer="Users in production",
        show_swimlanes=True,
    )
    stages = _line_map(value_map, _SOFTWARE, _SOFTWARE_KINDS)
    rework = Handoff(stages["Test"].id, stages["Build"].id, rework=True, label="defects found")
    value_map.handoffs[rework.id] = rework
    workspace = Workspace()
    workspace.add_map(value_map)
    return workspace


# -- manufacturing line with takt time ---------------------------------------------------------

#: Two 8-hour shifts a day, five days a week.
LINE_CALENDAR = Calendar(hours_per_day=16.0, days_per_week=5.0)
#: Pieces the customer takes per working day: takt = 16 h x 3600 s / 960 = 60 s.
LINE_DEMAND_PER_DAY = 960.0

# Touch time is the cycle time per piece; wait is the inventory in front of the stage expressed
# as days of demand (pieces / 960 a day), as a value-stream map writes it under the triangle.
_LINE: tuple[_Row, ...] = (
    ("Stamping", "Press shop", "1s", "5d", 99, 1,
     {"changeover": "1h", "uptime": "85%", "batch size": "every part every 2 weeks",
      "inventory": "coils: 5 days"}),
    ("Spot weld I", "Welding", "39s", "7d", 98, 1,
     {"changeover": "10m", "uptime": "100%", "inventory": "6,720 pcs"}),
    ("Spot weld II", "Welding", "46s", "2d", 97, 1,
     {"changeover": "10m", "uptime": "80%", "inventory": "1,920 pcs"}),
    ("Paint", "Paint shop", "110s", "1d", 95, 2,
     {"changeover": "30m", "uptime": "90%", "batch size": "240 pcs per colour",
      "inventory": "960 pcs"}),
    ("Assembly I", "Assembly", "62s", "3d", 97, 1,
     {"changeover": "0", "uptime": "100%", "inventory": "2,880 pcs"}),
    ("Assembly II", "Assembly", "40s", "2d", 99, 1,
     {"changeover": "0", "uptime": "100%", "inventory": "1,920 pcs"}),
    ("Test & pack", "Assembly", "130s", "4h", 98, 2,
     {"changeover": "0", "uptime": "95%", "inventory": "240 pcs"}),
    ("Shipping", "Logistics", "20s", "4d", 100, 1,
     {"batch size": "daily truck", "inventory": "3,840 pcs"}),
)  # fmt: skip
_LINE_KINDS = (
    HandoffKind.PUSH,
    HandoffKind.PUSH,
    HandoffKind.PUSH,
    HandoffKind.FIFO,
    HandoffKind.FIFO,
    HandoffKind.PULL,
    HandoffKind.PUSH,
)


def manufacturing_line() -> Workspace:
    """A classic stamping-to-shipping line with a daily demand of 960 pieces on two shifts, so
    takt is 60 s. Touch times sit around takt: Assembly I (62 s, one operator) and Test & pack
    (130 s shared by two operators, 65 s each) are over it; Paint (110 s for two, 55 s each) is
    not."""
    value_map = ValueMap(
        name="Steering bracket line — current",
        role=MapRole.CURRENT,
        calendar=LINE_CALENDAR,
        demand_per_day=LINE_DEMAND_PER_DAY,
        display_unit="s",
        supplier="Steel coil supplier",
        customer="Vehicle assembly plant (960 pcs/day)",
    )
    _line_map(value_map, _LINE, _LINE_KINDS)
    workspace = Workspace()
    workspace.add_map(value_map)
    return workspace


def templates() -> list[Template]:
    """The templates offered when starting a new workspace, in the order they are listed."""
    return [
        Template(
            "Software delivery: idea to production",
            "Seven stages from idea intake to monitoring the outcome across Product, Dev, QA and "
            "Ops, with queue times and a rework loop from Test. Overwrite the estimates with the "
            "room's figures.",
            software_delivery,
        ),
        Template(
            "Manufacturing line with takt time",
            "A stamping, welding, paint and assembly line on two shifts with a demand of 960 "
            "pieces a day (takt 60 s), inventory between stages, and changeover, uptime and "
            "batch size in each data box. Stages over takt are flagged.",
            manufacturing_line,
        ),
    ]


def template_named(name: str) -> Template:
    """The template called ``name`` (case-insensitive); the error lists the known names."""
    wanted = name.strip().casefold()
    for template in templates():
        if template.name.casefold() == wanted:
            return template
    known = "; ".join(t.name for t in templates())
    raise KeyError(f"no template called {name!r}; known templates: {known}")
