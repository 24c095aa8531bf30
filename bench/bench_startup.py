"""Start-up time: launch to the first painted main window, from source and from the bundle.

Usage::

    .venv/bin/python bench/bench_startup.py [--runs 7] [--no-bundle] [--display offscreen]

Each run launches ``python -m vsm_desktop.ui.app --demo`` (and ``dist/vsm-desktop/vsm-desktop
--demo`` when the bundle is built) in a fresh process with ``VSM_STARTUP_PROBE`` set to this
script's ``time.perf_counter()`` reading just before the launch. The app prints the time of its
first paint against that reading (see ``vsm_desktop/ui/startup_probe.py``) and quits. Target:
median under 1.5 s on the 2-core development machine. One warm-up run per variant is not
counted, so the OS file cache is warm as it is for any second launch.

Settings go to a throw-away HOME, so the user's window layout and recent files play no part.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "vsm-desktop" / ("vsm-desktop.exe" if os.name == "nt" else "vsm-desktop")
TARGET_S = 1.5
MARK = "startup-probe first-paint"
MODULES = "startup-probe heavy-modules"


def one_run(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Seconds to the first paint, and the heavy modules imported by then."""
    launch_env = dict(env)
    launch_env["VSM_STARTUP_PROBE"] = repr(time.perf_counter())
    result = subprocess.run(
        command, env=launch_env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    seconds: float | None = None
    modules = "?"
    for line in result.stdout.splitlines():
        if line.startswith(MARK):
            seconds = float(line.split()[2])
        elif line.startswith(MODULES):
            modules = line.split()[2]
    if seconds is not None:
        return seconds, modules
    raise RuntimeError(
        f"{' '.join(command)} printed no first-paint time (exit {result.returncode}):\n"
        f"{result.stdout}\n{result.stderr}"
    )


def measure(name: str, command: list[str], env: dict[str, str], runs: int) -> list[float]:
    one_run(command, env)  # warm-up: fills the OS file cache, compiles .pyc files
    results = [one_run(command, env) for _ in range(runs)]
    times = [seconds for seconds, _modules in results]
    median = statistics.median(times)
    verdict = "ok" if median < TARGET_S else f"OVER the {TARGET_S} s target"
    print(
        f"{name:<8} first paint: min {min(times):.3f} s  median {median:.3f} s  "
        f"max {max(times):.3f} s  ({runs} runs)  {verdict}"
    )
    print(f"{'':<8} heavy modules loaded by then: {results[-1][1].replace(',', ', ')}")
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-bundle", action="store_true", help="skip the bundle even if built")
    parser.add_argument(
        "--display",
        default=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        help="Qt platform plugin (offscreen by default; xcb under a real or virtual X server)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vsm-bench-home-") as home:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": args.display,
            "HOME": home,
            "XDG_CONFIG_HOME": str(Path(home) / ".config"),
            "XDG_DATA_HOME": str(Path(home) / ".local" / "share"),
        }
        print(f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}, platform {args.display}")
        measure("source", [sys.executable, "-m", "vsm_desktop.ui.app", "--demo"], env, args.runs)
        if not args.no_bundle:
            if BUNDLE.is_file():
                measure("bundle", [str(BUNDLE), "--demo"], env, args.runs)
            else:
                print(f"bundle   not built ({BUNDLE}); ./scripts/build_bundle makes it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
