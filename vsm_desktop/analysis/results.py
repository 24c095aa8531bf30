"""Frozen results of the analysis, shared by the canvas, the charts, the CLI and the export."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with a map, naming the stages it concerns."""

    kind: str  # cycle | disconnected | missing_time | rework_rate | rework_direction | empty
    message: str
    stage_ids: tuple[str, ...] = ()
    severity: Severity = "error"


@dataclass(frozen=True, slots=True)
class WasteEntry:
    stage_id: str
    wait_s: float
    share_pct: float  # wait / lead time of the map, in percent


@dataclass(frozen=True, slots=True)
class ReworkLoop:
    handoff_id: str
    source_id: str  # the downstream stage items go back from (B)
    target_id: str  # the upstream stage they return to (A)
    rate: float
    segment_s: float  # wait + touch of the stages from A through B
    expected_added_s: float  # segment * rate / (1 - rate)


@dataclass(frozen=True, slots=True)
class ReworkResult:
    adjusted_lead_time_s: float  # exact value, or the simulation mean
    exact: bool
    p85_s: float | None  # simulation only
    loops: tuple[ReworkLoop, ...] = ()
    runs: int = 0
    seed: int | None = None

    @property
    def expected_rework_s(self) -> float:
        return sum(loop.expected_added_s for loop in self.loops)


@dataclass(frozen=True, slots=True)
class MapMetrics:
    """Every headline figure of one map, per DESIGN.md's definitions. Durations in working
    seconds; stage references are stage ids (names are looked up by the caller)."""

    valid: bool
    problems: tuple[Problem, ...]
    lead_time_s: float | None
    critical_path: tuple[str, ...]
    process_time_s: float | None
    work_content_s: float
    flow_efficiency_pct: float | None
    rolled_pca_pct: float
    rework: ReworkResult | None
    handoffs: int  # forward handoffs
    cross_team_handoffs: int  # forward handoffs between different teams
    rework_handoffs: int
    waste: tuple[WasteEntry, ...]  # every stage, largest wait first
    takt_s: float | None
    over_takt: tuple[str, ...]
    stage_count: int = 0
    critical_set: frozenset[str] = field(default_factory=frozenset)

    @property
    def rework_adjusted_lead_time_s(self) -> float | None:
        return self.rework.adjusted_lead_time_s if self.rework else self.lead_time_s
