"""Analysis and store speed on synthetic maps of 100, 1,000 and 10,000 stages.

    .venv/bin/python bench/bench_core.py

Target: analysing a 1,000-stage map stays under 50 ms, so the GUI can recompute on every edit.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_map

from vsm_desktop.analysis import analyze
from vsm_desktop.model import Workspace
from vsm_desktop.store import open_workspace, save_workspace


def best_of(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    print(
        f"{'stages':>7} {'handoffs':>8} {'rework':>6} {'exact':>5} "
        f"{'analyze min/med ms':>19} {'save ms':>8} {'resave ms':>9} {'open ms':>8}"
    )
    for size in (100, 1_000, 10_000):
        value_map = synthetic_map(size)
        metrics = analyze(value_map)
        assert metrics.valid, metrics.problems
        repeat = 20 if size <= 1000 else 5
        a_min, a_med = best_of(lambda m=value_map: analyze(m), repeat)
        ws = Workspace()
        ws.maps[value_map.id] = value_map
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.vsm"
            start = time.perf_counter()
            save_workspace(ws, path)
            save = time.perf_counter() - start
            start = time.perf_counter()
            save_workspace(ws, path)
            resave = time.perf_counter() - start
            start = time.perf_counter()
            back = open_workspace(path)
            opened = time.perf_counter() - start
            assert len(back.maps[value_map.id].stages) == size
        print(
            f"{size:>7} {len(value_map.handoffs):>8} {metrics.rework_handoffs:>6} "
            f"{metrics.rework.exact if metrics.rework else '-'!s:>5} "
            f"{a_min * 1e3:>8.1f} / {a_med * 1e3:>7.1f} {save * 1e3:>8.1f} "
            f"{resave * 1e3:>9.1f} {opened * 1e3:>8.1f}"
        )
    # The simulated case: a loop off the critical path forces the Monte Carlo path.
    value_map = synthetic_map(1_000, seed=3, rework_every=10)
    metrics = analyze(value_map)
    a_min, a_med = best_of(lambda: analyze(value_map), 10)
    print(
        f"1,000 stages, {metrics.rework_handoffs} rework loops, "
        f"exact={metrics.rework.exact}: analyze min {a_min * 1e3:.1f} ms, "
        f"median {a_med * 1e3:.1f} ms"
    )


if __name__ == "__main__":
    main()
