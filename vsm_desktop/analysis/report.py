"""Stable JSON forms of the analysis results (the CLI's ``--json``; documented in docs/cli.md).

Keys are only ever added, never renamed or removed; durations are working seconds.
"""

from __future__ import annotations

from typing import Any

from vsm_desktop.model import ValueMap

from .compare import Comparison
from .results import MapMetrics


def metrics_json(value_map: ValueMap, metrics: MapMetrics) -> dict[str, Any]:
    def name(stage_id: str) -> str:
        return value_map.stages[stage_id].name

    rework = metrics.rework
    return {
        "map": value_map.name,
        "role": str(value_map.role),
        "valid": metrics.valid,
        "stages": metrics.stage_count,
        "lead_time_s": metrics.lead_time_s,
        "process_time_s": metrics.process_time_s,
        "work_content_s": metrics.work_content_s,
        "flow_efficiency_pct": metrics.flow_efficiency_pct,
        "rolled_pca_pct": metrics.rolled_pca_pct,
        "critical_path": [name(s) for s in metrics.critical_path],
        "rework_adjusted_lead_time_s": metrics.rework_adjusted_lead_time_s,
        "rework_exact": True if rework is None else rework.exact,
        "rework_p85_s": None if rework is None else rework.p85_s,
        "expected_rework_s": 0.0 if rework is None else rework.expected_rework_s,
        "handoffs": metrics.handoffs,
        "cross_team_handoffs": metrics.cross_team_handoffs,
        "rework_handoffs": metrics.rework_handoffs,
        "rework": [
            {
                "from": name(loop.source_id),
                "to": name(loop.target_id),
                "rate": loop.rate,
                "segment_s": loop.segment_s,
                "expected_added_s": loop.expected_added_s,
            }
            for loop in (rework.loops if rework else ())
        ],
        "waste": [
            {"stage": name(w.stage_id), "wait_s": w.wait_s, "share_pct": w.share_pct}
            for w in metrics.waste
        ],
        "takt_s": metrics.takt_s,
        "over_takt": [name(s) for s in metrics.over_takt],
        "problems": [
            {
                "kind": p.kind,
                "severity": p.severity,
                "message": p.message,
                "stages": [name(s) for s in p.stage_ids],
            }
            for p in metrics.problems
        ],
    }


def comparison_json(current: ValueMap, target: ValueMap, comparison: Comparison) -> dict[str, Any]:
    return {
        "current": metrics_json(current, comparison.current),
        "target": metrics_json(target, comparison.target),
        "delta": {d.key: {"abs": d.abs, "pct": d.pct} for d in comparison.deltas},
        "stages": {
            "added": [target.stages[s].name for s in comparison.added],
            "removed": [current.stages[s].name for s in comparison.removed],
            "changed": [
                {"stage": c.stage, "field": c.field, "from": c.old, "to": c.new}
                for c in comparison.changed
            ],
        },
    }
