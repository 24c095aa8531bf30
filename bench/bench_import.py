"""Import speed and memory: a seeded 1,000,000-event CSV into a workspace file.

    .venv/bin/python bench/bench_import.py [--log PATH] [--items 100000] [--repeat 3]

The log comes from ``bench/gen_log.py`` (made once and kept at ``--log``). Each repeat runs in
its own process, so peak memory (max RSS) is that of one import. Printed per phase: wall time
and CPU time of this process (the machine is shared; CPU time is the steadier figure), best of
the repeats:

- read: :func:`vsm_desktop.measure.importers.read_events` (decode, split, timestamps, checks)
- store: :func:`vsm_desktop.store.measurements.import_events` (one transaction)
- import: read + store, the figure the target is about (import + per-stage figures < 6 s,
  < 1 GB; the import alone should take 3-4 s)
- load: :func:`vsm_desktop.store.measurements.load_events` of the stored rows
"""

from __future__ import annotations

import argparse
import json
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

PHASES = ("read", "store", "import", "load")


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def one_run(log: Path) -> dict[str, Any]:
    """Import ``log`` into a fresh workspace; phase times and peak memory."""
    from vsm_desktop.measure.importers import read_events
    from vsm_desktop.model import Workspace
    from vsm_desktop.store import save_workspace
    from vsm_desktop.store.measurements import import_events, load_events

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "bench.vsm"
        save_workspace(Workspace(), ws)
        a = _clock()
        parsed = read_events(log)
        b = _clock()
        ident = import_events(
            ws, parsed.table, format=parsed.format, source=str(log), options=parsed.options
        )
        c = _clock()
        rows = len(parsed.table)
        del parsed
        events = load_events(ws, [ident])
        d = _clock()
        assert len(events) == rows, (len(events), rows)
        out["rows"] = rows
        out["db_mb"] = ws.stat().st_size / 1e6
    for name, (x, y) in {"read": (a, b), "store": (b, c), "import": (a, c), "load": (c, d)}.items():
        out[name] = {"wall": y[0] - x[0], "cpu": y[1] - x[1]}
    # ru_maxrss is in KiB on Linux.
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", type=Path, default=Path(tempfile.gettempdir()) / "vsm_log_1m.csv")
    parser.add_argument("--items", type=int, default=100_000, help="items of a new log (x10)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # a child run
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_run(args.log)))
        return 0
    if not args.log.exists():
        import gen_log

        began = time.perf_counter()
        rows = gen_log.generate(args.log, items=args.items)
        print(f"generated {rows:,} rows into {args.log} in {time.perf_counter() - began:.1f} s")
    size = args.log.stat().st_size / 1e6
    runs = []
    for _ in range(args.repeat):
        done = subprocess.run(
            [sys.executable, __file__, "--one", "--log", str(args.log)],
            check=True,
            capture_output=True,
            text=True,
        )
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"log: {args.log} ({runs[0]['rows']:,} rows, {size:.1f} MB); workspace "
          f"{runs[0]['db_mb']:.0f} MB; best of {len(runs)} runs")  # fmt: skip
    for phase in PHASES:
        wall = min(r[phase]["wall"] for r in runs)
        cpu = min(r[phase]["cpu"] for r in runs)
        print(f"  {phase:<7} wall {wall:6.2f} s   cpu {cpu:6.2f} s")
    peak = min(r["peak_mb"] for r in runs)
    print(f"  peak memory (max RSS of one import + load): {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
