"""The headline figures of a map as display text; shared by the metrics panel and the
presentation overlay so both always say the same thing. No widgets here."""

from __future__ import annotations

from dataclasses import dataclass

from vsm_desktop.analysis.results import MapMetrics
from vsm_desktop.model import ValueMap, format_duration
from vsm_desktop.model.percent import format_percent


@dataclass(frozen=True, slots=True)
class Figure:
    key: str
    label: str
    value: str
    hint: str = ""
    #: ``good`` / ``warning`` / ``error`` / "" - how the value reads against common targets.
    tone: str = ""


def _pct(value: float | None) -> str:
    return format_percent(value, whole_from=10)


def headline_figures(metrics: MapMetrics | None, value_map: ValueMap | None) -> list[Figure]:
    """Lead time, process time, flow efficiency, rolled %C&A, handoffs, rework-adjusted lead
    time and (with a demand) takt, formatted in the map's calendar."""
    if metrics is None or value_map is None:
        return [
            Figure("lead_time", "Lead time", "–"),
            Figure("process_time", "Process time", "–"),
            Figure("flow_efficiency", "Flow efficiency", "–"),
            Figure("rolled_pca", "Rolled %C&A", "–"),
            Figure("handoffs", "Handoffs", "–"),
            Figure("rework_lead_time", "Rework-adjusted LT", "–"),
        ]
    cal = value_map.calendar
    lead = metrics.lead_time_s
    figures = [
        Figure(
            "lead_time",
            "Lead time",
            format_duration(lead, cal) if metrics.valid else "–",
            "longest path, wait + touch",
            "" if metrics.valid else "error",
        ),
        Figure(
            "process_time",
            "Process time",
            format_duration(metrics.process_time_s, cal) if metrics.valid else "–",
            f"work content {format_duration(metrics.work_content_s, cal)}",
        ),
        Figure(
            "flow_efficiency",
            "Flow efficiency",
            _pct(metrics.flow_efficiency_pct),
            "process time / lead time",
            _efficiency_tone(metrics.flow_efficiency_pct),
        ),
        Figure(
            "rolled_pca",
            "Rolled %C&A",
            _pct(metrics.rolled_pca_pct),
            "first-pass yield of the stream",
            "good" if metrics.rolled_pca_pct >= 80 else "warning",
        ),
        Figure(
            "handoffs",
            "Handoffs",
            f"{metrics.handoffs} / {metrics.cross_team_handoffs}",
            "all / cross-team"
            + (f", {metrics.rework_handoffs} rework" if metrics.rework_handoffs else ""),
        ),
    ]
    rework = metrics.rework
    rework_value = metrics.rework_adjusted_lead_time_s if metrics.valid else None
    hint = "no rework loops"
    if rework is not None and rework.loops:
        hint = (
            "exact" if rework.exact else f"simulated mean, p85 {format_duration(rework.p85_s, cal)}"
        )
    figures.append(
        Figure("rework_lead_time", "Rework-adjusted LT", format_duration(rework_value, cal), hint)
    )
    if metrics.takt_s is not None:
        over = len(metrics.over_takt)
        figures.append(
            Figure(
                "takt",
                "Takt time",
                format_duration(metrics.takt_s, cal),
                f"{over} stage{'s' if over != 1 else ''} over takt" if over else "all within takt",
                "warning" if over else "good",
            )
        )
    return figures


def _efficiency_tone(pct: float | None) -> str:
    if pct is None:
        return ""
    if pct < 10:
        return "error"
    if pct < 25:
        return "warning"
    return "good"
