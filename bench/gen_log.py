"""Generate a seeded event log CSV for the import benchmark.

Default: 100,000 items x 10 activities = 1,000,000 rows with columns
``item,activity,start,complete`` (ISO 8601, UTC, no zone), about 60 MB, rows in start-time
order as a system's export would be (so the items of the log are interleaved).

Each item enters at a random time over a year, then walks the activities in order; before each
activity it waits (exponential, mean 1-3 days depending on the activity) and the activity takes
a lognormal service time (median 1-4 hours).

    python bench/gen_log.py [OUT.csv] [--items N] [--activities K] [--seed S]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

ACTIVITY_NAMES = (
    "Triage",
    "Analysis",
    "Design",
    "Build",
    "Code review",
    "Test",
    "Security review",
    "Acceptance",
    "Release",
    "Deploy",
)


def generate(out: Path, items: int = 100_000, activities: int = 10, seed: int = 7) -> int:
    """Write the log to ``out``; return the number of rows."""
    rng = np.random.default_rng(seed)
    names = [ACTIVITY_NAMES[k % len(ACTIVITY_NAMES)] + ("" if k < 10 else f" {k}") for k in
             range(activities)]  # fmt: skip
    year = 365 * 86400.0
    t0 = np.datetime64("2024-01-01T00:00:00", "s").astype(np.int64)
    arrive = rng.random(items) * year
    wait_mean = 86400.0 * (1.0 + 2.0 * rng.random(activities))  # 1-3 days per activity
    service_median = 3600.0 * (1.0 + 3.0 * rng.random(activities))  # 1-4 hours
    waits = rng.exponential(wait_mean, size=(items, activities))
    services = service_median * rng.lognormal(0.0, 0.5, size=(items, activities))
    # start_k = arrive + sum of (wait_j + service_j) for j < k, plus wait_k
    steps = waits + services
    ends_before = np.cumsum(steps, axis=1) - services
    start = arrive[:, None] + ends_before
    complete = start + services
    item = np.repeat(np.arange(items), activities)
    act = np.tile(np.arange(activities), items)
    start_s = np.round(start.ravel()).astype(np.int64) + t0
    complete_s = np.round(complete.ravel()).astype(np.int64) + t0
    order = np.argsort(start_s, kind="stable")
    start_txt = np.datetime_as_string(start_s[order].astype("datetime64[s]"), unit="s")
    complete_txt = np.datetime_as_string(complete_s[order].astype("datetime64[s]"), unit="s")
    item_txt = [f"ITEM-{k:06d}" for k in item[order].tolist()]
    act_txt = [names[k] for k in act[order].tolist()]
    with out.open("w", encoding="utf-8", newline="") as fh:
        fh.write("item,activity,start,complete\n")
        fh.writelines(
            f"{i},{a},{s},{c}\n"
            for i, a, s, c in zip(
                item_txt, act_txt, start_txt.tolist(), complete_txt.tolist(), strict=True
            )
        )
    return len(item_txt)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="bench/log_1m.csv", type=Path)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--activities", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    began = time.perf_counter()
    rows = generate(args.out, args.items, args.activities, args.seed)
    size = args.out.stat().st_size / 1e6
    took = time.perf_counter() - began
    print(f"wrote {rows:,} rows, {size:.1f} MB to {args.out} in {took:.1f} s")


if __name__ == "__main__":
    main()
