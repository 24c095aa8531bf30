"""Measured figures on a seeded 1,000,000-event log, against pm4py.

    .venv/bin/python bench/bench_measure.py [--events 1000000] [--no-pm4py]

Reports, each part in its own process so peak memory (max RSS) is per part:

- ours: import the CSV into a workspace file (the measure importer + the store), load the
  events back and compute the per-stage figures; time and peak memory.
  Targets: import + figures under 6 s and 1 GB.
- pm4py (the ``bench`` extra; AGPL, never imported by vsm_desktop): pandas ``read_csv`` +
  ``pm4py.format_dataframe``, service time per activity (``pm4py.get_service_time``) and
  waiting time per event (``interval_lifecycle.assign_lead_cycle_time``, business hours
  covering the whole week = elapsed seconds), averaged per activity.
- agreement: per activity, mean and median service time and mean waiting time, ours vs
  pm4py, must agree to 0.1 %; and the speed-up (target: at least 2.5x).

The log comes from ``bench/gen_log.py`` (seeded; item, activity, start, complete as ISO 8601
UTC); ``--rework`` uses the generator below instead, whose items go back from Review and Test
to Build, so repeated activities are compared too.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

ACTIVITIES = ("Triage", "Design", "Build", "Review", "Test", "Security", "Release", "Verify")


def generate_csv(path: Path, events: int, seed: int = 7) -> None:
    """A seeded log of about ``events`` rows: 8 sequential activities, 15 % of reviews and
    10 % of tests send the item back to Build, some Security steps skipped; rows in global
    start-time order (as exports usually are)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    items = max(1, round(events / 8.4))  # about 8.4 rows per item
    out_items: list[np.ndarray] = []
    out_acts: list[np.ndarray] = []
    out_start: list[np.ndarray] = []
    out_end: list[np.ndarray] = []
    t = 1_735_689_600.0 + rng.uniform(0, 365 * 86400, items)  # arrivals over 2025
    alive = np.arange(items)
    step = np.zeros(items, dtype=np.int64)
    total = 0
    while alive.size and total < events:
        act = step[alive]
        wait = rng.exponential(4 * 3600, alive.size)
        touch = np.maximum(60.0, rng.lognormal(8.0, 0.8, alive.size))
        start = np.round(t[alive] + wait)
        end = np.round(start + touch)
        out_items.append(alive.copy())
        out_acts.append(act.copy())
        out_start.append(start)
        out_end.append(end)
        total += alive.size
        t[alive] = end
        nxt = act + 1
        back = ((act == 3) & (rng.random(alive.size) < 0.15)) | (
            (act == 4) & (rng.random(alive.size) < 0.10)
        )
        nxt[back] = 2
        skip = (nxt == 5) & (rng.random(alive.size) < 0.3)
        nxt[skip] = 6
        step[alive] = nxt
        alive = alive[nxt < len(ACTIVITIES)]
    item = np.concatenate(out_items)[:events]
    act = np.concatenate(out_acts)[:events]
    start = np.concatenate(out_start)[:events]
    end = np.concatenate(out_end)[:events]
    order = np.argsort(start, kind="stable")
    names = np.array(ACTIVITIES, dtype=object)[act[order]]
    s_iso = np.datetime_as_string(start[order].astype("datetime64[s]"), unit="s")
    e_iso = np.datetime_as_string(end[order].astype("datetime64[s]"), unit="s")
    with path.open("w", encoding="utf-8") as handle:
        handle.write("item,activity,start,complete\n")
        handle.writelines(
            f"ITEM-{i:07d},{a},{s}Z,{e}Z\n"
            for i, a, s, e in zip(item[order].tolist(), names, s_iso, e_iso, strict=True)
        )


def make_log(path: Path, events: int, rework: bool = False) -> str:
    """The import engineer's seeded generator (10 activities per item, no rework) when it is
    there and ``rework`` is not asked for; else the generator above (with rework loops)."""
    if rework:
        generate_csv(path, events)
        return "bench_measure.generate_csv (with rework)"
    try:
        import gen_log
    except ImportError:
        generate_csv(path, events)
        return "bench_measure.generate_csv"
    gen_log.generate(path, items=max(1, events // 10))
    return "bench/gen_log.py"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# -- ours ---------------------------------------------------------------------------------------
READER = ["stand-in csv reader"]


def read_events(path: Path) -> Any:
    """The measure CSV importer when it exists; else a plain numpy reader of the 4 columns."""
    try:
        from vsm_desktop.measure.importers import read_events as read_file
    except ImportError:
        pass
    else:
        READER[0] = "vsm_desktop.measure.importers.read_events"
        result = read_file(path, "csv")
        if result.problems:
            raise SystemExit(f"{path}: {len(result.problems)} bad rows, e.g. {result.problems[0]}")
        return result.table
    import csv

    import numpy as np

    from vsm_desktop.measure.events import EventTable

    with path.open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        item, act, start, end = zip(*reader, strict=True)
    to_s = lambda col: (  # noqa: E731
        np.array([c.rstrip("Z") for c in col], dtype="datetime64[s]").astype(np.float64)
    )
    return EventTable.from_columns(item, act, to_s(start), to_s(end))


def part_ours(csv_path: Path) -> dict[str, Any]:
    from vsm_desktop.measure.stats import compute_figures
    from vsm_desktop.model import Workspace
    from vsm_desktop.store import save_workspace
    from vsm_desktop.store.measurements import import_events, load_events

    with tempfile.TemporaryDirectory() as tmp:
        ws_path = Path(tmp) / "bench.vsm"
        save_workspace(Workspace(), ws_path)
        t0 = time.perf_counter()
        table = read_events(csv_path)
        t_read = time.perf_counter()
        import_id = import_events(ws_path, table, format="csv", source=str(csv_path))
        t_store = time.perf_counter()
        del table
        events = load_events(ws_path, [import_id])
        t_load = time.perf_counter()
        figures = compute_figures(events)
        t_fig = time.perf_counter()
    return {
        "events": len(events),
        "reader": READER[0],
        "read_s": t_read - t0,
        "store_s": t_store - t_read,
        "load_s": t_load - t_store,
        "figures_s": t_fig - t_load,
        "total_s": t_fig - t0,
        "peak_mb": peak_mb(),
        "figures": {
            s.name: {
                "service_mean": s.touch.mean,
                "service_median": s.touch.median,
                "waiting_mean": s.wait.mean,
            }
            for s in figures.stages
        },
    }


def part_figures_only(csv_path: Path) -> dict[str, Any]:
    """The figures alone on a table already in memory (the GUI's recompute)."""
    from vsm_desktop.measure.stats import compute_figures

    table = read_events(csv_path)
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        compute_figures(table)
        times.append(time.perf_counter() - t0)
    return {"figures_best_s": min(times), "peak_mb": peak_mb()}


# -- pm4py --------------------------------------------------------------------------------------
def part_pm4py(csv_path: Path) -> dict[str, Any]:
    import pandas as pd
    import pm4py
    from pm4py.objects.log.util import interval_lifecycle, sorting

    t0 = time.perf_counter()
    df = pd.read_csv(csv_path)
    df["start"] = pd.to_datetime(df["start"], utc=True, format="ISO8601")
    df["complete"] = pd.to_datetime(df["complete"], utc=True, format="ISO8601")
    df = pm4py.format_dataframe(
        df,
        case_id="item",
        activity_key="activity",
        timestamp_key="complete",
        start_timestamp_key="start",
    )
    t_load = time.perf_counter()
    service_mean = pm4py.get_service_time(
        df, aggregation_measure="mean", start_timestamp_key="start_timestamp"
    )
    service_median = pm4py.get_service_time(
        df, aggregation_measure="median", start_timestamp_key="start_timestamp"
    )
    t_service = time.perf_counter()
    log = pm4py.convert_to_event_log(df)
    # Interval traces in start order, as pm4py's own lifecycle -> interval conversion leaves
    # them; one business-hours slot over the whole week makes the waiting time elapsed time.
    log = sorting.sort_timestamp(log, "start_timestamp")
    log = interval_lifecycle.assign_lead_cycle_time(
        log,
        parameters={
            "start_timestamp_key": "start_timestamp",
            "business_hour_slots": [(0, 7 * 86400)],
        },
    )
    sums: dict[str, float] = {}
    counts: dict[str, int] = {}
    for trace in log:
        for event in trace:
            name = event["concept:name"]
            sums[name] = sums.get(name, 0.0) + event["@@approx_bh_this_wasted_time"]
            counts[name] = counts.get(name, 0) + 1
    t_wait = time.perf_counter()
    return {
        "load_s": t_load - t0,
        "service_s": t_service - t_load,
        "waiting_s": t_wait - t_service,
        "total_s": t_wait - t0,
        "peak_mb": peak_mb(),
        "figures": {
            name: {
                "service_mean": service_mean[name],
                "service_median": service_median[name],
                "waiting_mean": sums[name] / counts[name],
            }
            for name in service_mean
        },
    }


def part_calendar(_: Path) -> dict[str, Any]:
    """Working time on an 8 h x 5 d calendar from 09:00: ours vs pm4py's ``BusinessHours``
    with slots Monday-Friday 09:00-17:00, on 20,000 seeded random pairs of timestamps."""
    from datetime import UTC, datetime

    import numpy as np
    from pm4py.util.business_hours import BusinessHours

    from vsm_desktop.measure.calendar_time import working_seconds
    from vsm_desktop.model import WORKING

    rng = np.random.default_rng(3)
    a = 1_735_689_600.0 + np.round(rng.uniform(0, 365 * 86400, 20_000))
    b = a + np.round(rng.exponential(3 * 86400, a.size))
    slots = [((d * 24 + 9) * 3600, (d * 24 + 17) * 3600) for d in range(5)]
    t0 = time.perf_counter()
    ours = working_seconds(a, b, WORKING)
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    theirs = np.array(
        [
            BusinessHours(
                datetime.fromtimestamp(x, UTC),
                datetime.fromtimestamp(y, UTC),
                business_hour_slots=slots,
            ).get_seconds()
            for x, y in zip(a.tolist(), b.tolist(), strict=True)
        ]
    )
    t_theirs = time.perf_counter() - t0
    return {
        "pairs": int(a.size),
        "max_abs_diff_s": float(np.max(np.abs(ours - theirs))),
        "ours_s": t_ours,
        "pm4py_s": t_theirs,
    }


PARTS = {
    "ours": part_ours,
    "figures": part_figures_only,
    "pm4py": part_pm4py,
    "calendar": part_calendar,
}


def run_part(name: str, csv_path: Path) -> dict[str, Any]:
    """Run one part in a fresh interpreter so its peak memory is its own."""
    out = subprocess.run(
        [sys.executable, __file__, "--part", name, "--csv", str(csv_path)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def compare(ours: dict[str, Any], theirs: dict[str, Any], rel: float = 1e-3) -> list[str]:
    """Lines of disagreements above ``rel`` (or 1 s for figures near zero)."""
    bad = []
    for activity, want in theirs.items():
        got = ours.get(activity)
        if got is None:
            bad.append(f"{activity}: missing in ours")
            continue
        for key, value in want.items():
            if abs(got[key] - value) > max(rel * abs(value), 1.0):
                bad.append(f"{activity} {key}: ours {got[key]:.1f} s, pm4py {value:.1f} s")
    return bad


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--no-pm4py", action="store_true")
    parser.add_argument(
        "--rework", action="store_true", help="use this script's log with rework loops"
    )
    parser.add_argument("--csv", type=Path, help="use this log instead of generating one")
    parser.add_argument("--part", choices=sorted(PARTS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:
        print(json.dumps(PARTS[args.part](args.csv)))
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        csv_path = args.csv or Path(tmp) / "log.csv"
        if args.csv is None:
            t0 = time.perf_counter()
            source = make_log(csv_path, args.events, args.rework)
            size = csv_path.stat().st_size / 1e6
            print(f"log: {source}, {size:.0f} MB, {time.perf_counter() - t0:.1f} s to write")
        ours = run_part("ours", csv_path)
        print(
            f"ours : {ours['events']:,} events ({ours['reader']}); read {ours['read_s']:.2f} s, "
            f"store "
            f"{ours['store_s']:.2f} s, load {ours['load_s']:.2f} s, figures "
            f"{ours['figures_s']:.2f} s; total {ours['total_s']:.2f} s, "
            f"peak {ours['peak_mb']:.0f} MB  (target < 6 s, < 1024 MB)"
        )
        fig = run_part("figures", csv_path)
        best = fig["figures_best_s"]
        print(f"ours : figures alone on the in-memory table: {best:.2f} s (best of 3)")
        if args.no_pm4py:
            return 0
        theirs = run_part("pm4py", csv_path)
        print(
            f"pm4py: load {theirs['load_s']:.2f} s, service {theirs['service_s']:.2f} s, "
            f"waiting {theirs['waiting_s']:.2f} s; total {theirs['total_s']:.2f} s, "
            f"peak {theirs['peak_mb']:.0f} MB"
        )
        print(f"speed-up: {theirs['total_s'] / ours['total_s']:.1f}x (target >= 2.5x)")
        bad = compare(ours["figures"], theirs["figures"])
        for activity, want in sorted(theirs["figures"].items()):
            got = {k: float("nan") for k in want} | ours["figures"].get(activity, {})
            print(
                f"  {activity:<16} service mean {got['service_mean']:9.1f} / "
                f"{want['service_mean']:9.1f} s, median {got['service_median']:8.1f}"
                f" / {want['service_median']:8.1f} s, waiting mean "
                f"{got['waiting_mean']:9.1f} / {want['waiting_mean']:9.1f} s  (ours / pm4py)"
            )
        print("agreement within 0.1 %: " + ("yes" if not bad else "NO\n  " + "\n  ".join(bad)))
        cal = run_part("calendar", csv_path)
        print(
            f"calendar 8 h x 5 d vs pm4py BusinessHours on {cal['pairs']:,} pairs: max difference "
            f"{cal['max_abs_diff_s']:.3f} s (ours {cal['ours_s'] * 1000:.1f} ms, "
            f"pm4py {cal['pm4py_s']:.2f} s)"
        )
        return 0 if not bad and cal["max_abs_diff_s"] < 1e-3 else 1


if __name__ == "__main__":
    sys.exit(main())
