"""Outcome figures on hand-made incidents, deploys and bets over three ISO weeks of 2026."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import numpy as np
import pytest

from vsm_desktop.measure.events import DeployTable, FeatureTable, IncidentTable
from vsm_desktop.measure.outcomes import compute_outcomes

H = 3600.0
NAN = float("nan")


def ts(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


def test_outcomes_by_hand() -> None:
    incidents = IncidentTable.from_columns(
        ["I1", "I2", "I3"],
        [ts("2026-01-06 10:00"), ts("2026-01-08 09:00"), ts("2026-01-22 08:00")],
        [ts("2026-01-06 12:00"), ts("2026-01-09 09:00"), NAN],
        ["high", "low", None],
    )
    deploys = DeployTable.from_columns(
        [ts("2026-01-05 10:00"), ts("2026-01-07 10:00"), ts("2026-01-13 10:00"), ts("2026-01-21")],
        [False, True, False, True],
    )
    features = FeatureTable.from_columns(
        ["F1", "F2", "F3", "F4"],
        [ts("2026-01-05"), ts("2026-01-14"), ts("2026-01-15"), NAN],
        [1.0, 0.0, NAN, 1.0],  # F3 has no verdict yet, F4 never shipped
    )
    got = compute_outcomes(incidents, deploys, features)
    # Weeks 2026-W02 (Jan 5-11), W03, W04: three weeks.
    assert got.weeks == 3
    assert got.incidents_per_week.labels == ("2026-W02", "2026-W03", "2026-W04")
    assert got.incident_rate_per_week == pytest.approx(1.0)
    assert got.incidents_per_week.values.tolist() == [2.0, 0.0, 1.0]
    # Recover: 2 h and 24 h -> median and mean 13 h; I3 is still open.
    assert got.recover_median_s == pytest.approx(13 * H)
    assert got.recover_mean_s == pytest.approx(13 * H)
    assert got.open_incidents == 1
    assert got.recover_median_per_week.values[0] == pytest.approx(13 * H)
    assert np.isnan(got.recover_median_per_week.values[1:]).all()
    assert got.deploy_frequency_per_week == pytest.approx(4 / 3)
    assert got.change_failure_rate == pytest.approx(0.5)
    assert got.change_failure_rate_per_week.values.tolist() == [0.5, 0.0, 1.0]
    # Bets with a verdict: F1 paid off, F2 did not.
    assert (got.shipped_with_verdict, got.paid_off) == (2, 1)
    assert got.hit_rate == pytest.approx(0.5)
    hit = got.hit_rate_per_week.values
    assert hit[0] == 1.0 and hit[1] == 0.0 and math.isnan(hit[2])
    assert got.as_dict()["deploys"] == 4


def test_no_outcome_data() -> None:
    got = compute_outcomes()
    assert got.weeks == 0 and got.incidents == 0
    assert math.isnan(got.incident_rate_per_week) and math.isnan(got.hit_rate)
    assert len(got.deploys_per_week) == 0
