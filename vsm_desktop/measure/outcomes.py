"""Quality and outcome figures: incidents, deploys and feature bets, overall and per ISO week.

Definitions (elapsed clock time; production runs 24 x 7, so no working calendar here):

- incident rate = incidents opened per week, over the weeks from the first to the last week
  with any outcome data (quiet weeks count as zero);
- time to recover = resolved - opened of resolved incidents: median and mean; per week by the
  week the incident was resolved;
- deploy frequency = deploys per week over the same span;
- change failure rate = failed deploys / deploys (overall and per week of the deploy);
- hit rate = bets that paid off / shipped bets with a verdict (paid off yes or no); per week by
  the week the bet shipped. Bets without a verdict yet are left out, not counted as misses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .events import DeployTable, FeatureTable, IncidentTable
from .flow import WEEK, WeekSeries, week_series, week_start

__all__ = ["Outcomes", "compute_outcomes", "outcome_span"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Outcomes:
    """Headline figures (NaN when there is nothing to compute them from) and weekly series
    that share the same weeks."""

    weeks: int
    incidents: int
    incident_rate_per_week: float
    recover_median_s: float
    recover_mean_s: float
    open_incidents: int
    deploys: int
    deploy_frequency_per_week: float
    failed_deploys: int
    change_failure_rate: float
    shipped_with_verdict: int
    paid_off: int
    hit_rate: float
    incidents_per_week: WeekSeries
    recover_median_per_week: WeekSeries
    deploys_per_week: WeekSeries
    change_failure_rate_per_week: WeekSeries
    hit_rate_per_week: WeekSeries

    def as_dict(self) -> dict[str, float | int]:
        """The headline figures, for JSON output."""
        return {
            "weeks": self.weeks,
            "incidents": self.incidents,
            "incident_rate_per_week": self.incident_rate_per_week,
            "recover_median_s": self.recover_median_s,
            "recover_mean_s": self.recover_mean_s,
            "open_incidents": self.open_incidents,
            "deploys": self.deploys,
            "deploy_frequency_per_week": self.deploy_frequency_per_week,
            "failed_deploys": self.failed_deploys,
            "change_failure_rate": self.change_failure_rate,
            "shipped_with_verdict": self.shipped_with_verdict,
            "paid_off": self.paid_off,
            "hit_rate": self.hit_rate,
        }


def outcome_span(*times: npt.ArrayLike) -> FloatArray:
    """The Mondays from the first to the last week of any of ``times`` (NaN skipped)."""
    parts = [np.asarray(t, dtype=np.float64) for t in times]
    every = np.concatenate([p[~np.isnan(p)] for p in parts]) if parts else np.zeros(0)
    if every.size == 0:
        return np.zeros(0)
    first, last = float(week_start(every.min())), float(week_start(every.max()))
    return np.arange(first, last + WEEK / 2, WEEK)


def _ratio(num: FloatArray, den: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def _weekly_median(times: FloatArray, values: FloatArray, span: FloatArray) -> FloatArray:
    out = np.full(len(span), np.nan)
    if not len(span) or not len(times):
        return out
    index = np.round((week_start(times) - span[0]) / WEEK).astype(np.intp)
    for k in np.unique(index):
        out[k] = float(np.median(values[index == k]))
    return out


def _nan_stat(values: FloatArray, fn: str) -> float:
    return float(getattr(np, fn)(values)) if values.size else float("nan")


def compute_outcomes(
    incidents: IncidentTable | None = None,
    deploys: DeployTable | None = None,
    features: FeatureTable | None = None,
    span: FloatArray | None = None,
) -> Outcomes:
    """Incident rate, time to recover, deploy frequency, change failure rate and hit rate.

    ``span`` (Mondays, epoch seconds) fixes the weeks; by default the weeks from the first to
    the last date in any of the tables.
    """
    inc = incidents or IncidentTable.from_columns([], [])
    dep = deploys or DeployTable.from_columns([], [])
    feat = features or FeatureTable.from_columns([], [], [])
    if span is None:
        span = outcome_span(inc.opened, inc.resolved, dep.at, feat.shipped)
    weeks = len(span)

    resolved = ~np.isnan(inc.resolved)
    recover = inc.resolved[resolved] - inc.opened[resolved]
    incidents_weekly = week_series(inc.opened, span=span)
    recover_weekly = WeekSeries(
        span, incidents_weekly.labels, _weekly_median(inc.resolved[resolved], recover, span)
    )

    failed = dep.failed.astype(float)
    deploys_weekly = week_series(dep.at, span=span)
    failed_weekly = week_series(dep.at, failed, span=span)
    cfr_weekly = WeekSeries(
        span, deploys_weekly.labels, _ratio(failed_weekly.values, deploys_weekly.values)
    )

    verdict = ~np.isnan(feat.shipped) & ~np.isnan(feat.paid_off)
    shipped_weekly = week_series(feat.shipped[verdict], span=span)
    paid_weekly = week_series(feat.shipped[verdict], feat.paid_off[verdict], span=span)
    hit_weekly = WeekSeries(
        span, shipped_weekly.labels, _ratio(paid_weekly.values, shipped_weekly.values)
    )

    n_verdict = int(verdict.sum())
    paid = int(feat.paid_off[verdict].sum())
    return Outcomes(
        weeks=weeks,
        incidents=len(inc),
        incident_rate_per_week=len(inc) / weeks if weeks else float("nan"),
        recover_median_s=_nan_stat(recover, "median"),
        recover_mean_s=_nan_stat(recover, "mean"),
        open_incidents=int((~resolved).sum()),
        deploys=len(dep),
        deploy_frequency_per_week=len(dep) / weeks if weeks else float("nan"),
        failed_deploys=int(dep.failed.sum()),
        change_failure_rate=float(dep.failed.mean()) if len(dep) else float("nan"),
        shipped_with_verdict=n_verdict,
        paid_off=paid,
        hit_rate=paid / n_verdict if n_verdict else float("nan"),
        incidents_per_week=incidents_weekly,
        recover_median_per_week=recover_weekly,
        deploys_per_week=deploys_weekly,
        change_failure_rate_per_week=cfr_weekly,
        hit_rate_per_week=hit_weekly,
    )
