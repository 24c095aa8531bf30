"""Percent formatting: small values keep two significant digits instead of collapsing to 0."""

from __future__ import annotations

import pytest

from vsm_desktop.model.percent import format_percent


@pytest.mark.parametrize(
    ("value", "kwargs", "text"),
    [
        (None, {}, "–"),
        (float("nan"), {}, "–"),
        (0.0, {}, "0.0 %"),
        (27.777, {}, "27.8 %"),
        (100.0, {"sep": ""}, "100.0%"),
        (161.4, {"whole_from": 10}, "161 %"),
        (9.96, {"whole_from": 10}, "10.0 %"),
        (5.0, {"trim": True}, "5 %"),
        # 448 s of touch in 24.3 days of 16 h: 0.032 %.
        (448 / (24.3 * 16 * 3600) * 100, {}, "0.032 %"),
        (0.5, {}, "0.5 %"),
        (0.94, {}, "0.94 %"),
        (0.00012, {}, "0.00012 %"),
        (-0.25, {}, "-0.25 %"),
    ],
)
def test_format_percent(value: float | None, kwargs: dict[str, object], text: str) -> None:
    assert format_percent(value, **kwargs) == text  # type: ignore[arg-type]
