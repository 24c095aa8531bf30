"""Screenshots of the measurement views on the demo workspace (called by scripts/screenshots.py).

A seeded, made-up delivery log for the demo map's stages (with rework from Test back to Build,
a Security review for a third of the items and some Blocked time) is imported into a saved
copy of the demo workspace, with deploys, incidents and feature bets for the outcomes.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

from vsm_desktop.ui.main_window import MainWindow

from . import MeasureController

Shot = Callable[..., None]
_START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def _stamp(t: datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M")


def _working(t: datetime) -> datetime:
    """Move into the next working window (Mon-Fri 09:00-17:00)."""
    while True:
        if t.weekday() >= 5:
            t = (t + timedelta(days=7 - t.weekday())).replace(hour=9, minute=0)
        elif t.hour < 9:
            t = t.replace(hour=9, minute=0)
        elif t.hour >= 17:
            t = (t + timedelta(days=1)).replace(hour=9, minute=0)
        else:
            return t


def write_demo_log(path: Path, stages: list[str], items: int = 140, seed: int = 7) -> None:
    rng = random.Random(seed)
    main = [s for s in stages if s != "Security review"]
    rows = ["Issue,Status,Start,End,Assignee"]
    people = ["ana", "ben", "chen", "dara", "eli", "fay"]
    for n in range(items):
        t = _working(_START + timedelta(hours=n * 26 + rng.uniform(0, 20)))
        key = f"FEAT-{100 + n}"
        path_ = list(main)
        if n % 3 == 0:
            path_.insert(path_.index("Release"), "Security review")
        if rng.random() < 0.25:  # rework: back from Test to Build once
            k = path_.index("Test")
            path_[k + 1 : k + 1] = ["Build", "Code review", "Test"]
        for stage in path_:
            t = _working(t + timedelta(hours=rng.lognormvariate(2.4, 0.8)))
            if stage in ("Build", "Test") and rng.random() < 0.15:
                blocked = t + timedelta(hours=rng.uniform(4, 30))
                rows.append(f"{key},Blocked,{_stamp(t)},{_stamp(blocked)},")
                t = _working(blocked)
            touch = timedelta(hours=rng.lognormvariate(1.2, 0.7))
            end = _working(t + touch)
            rows.append(f"{key},{stage},{_stamp(t)},{_stamp(end)},{rng.choice(people)}")
            t = end
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def write_demo_outcomes(folder: Path, seed: int = 11) -> dict[str, Path]:
    rng = random.Random(seed)
    weeks = 22
    deploys = ["deployed at,result"]
    incidents = ["id,opened,resolved,severity"]
    features = ["feature,shipped,paid off"]
    for w in range(weeks):
        monday = _START + timedelta(weeks=w)
        for _ in range(rng.randint(1, 3 + w // 6)):
            at = monday + timedelta(days=rng.randint(0, 4), hours=rng.randint(0, 7))
            failed = rng.random() < max(0.08, 0.35 - w * 0.012)
            deploys.append(f"{_stamp(at)},{'failed' if failed else 'ok'}")
        for k in range(rng.randint(0, 2)):
            opened = monday + timedelta(days=rng.randint(0, 6), hours=rng.randint(0, 23))
            resolved = opened + timedelta(hours=rng.lognormvariate(2.2 - w * 0.03, 0.6))
            incidents.append(
                f"INC-{w}-{k},{_stamp(opened)},{_stamp(resolved)},S{rng.randint(1, 3)}"
            )
        if w % 2 == 0:
            shipped = monday + timedelta(days=rng.randint(0, 4))
            hit = "yes" if rng.random() < 0.45 else "no"
            features.append(f"Bet {w // 2 + 1},{_stamp(shipped)},{hit}")
    out = {}
    for name, lines in (("deploys", deploys), ("incidents", incidents), ("features", features)):
        out[name] = folder / f"{name}.csv"
        out[name].write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def measure_screenshots(window: MainWindow, shot: Shot, workdir: Path) -> None:
    """Import the demo data and save ``measure-*.png`` through ``shot(name, widget)``."""
    from vsm_desktop.measure.importers.run import import_file

    controller = window.findChild(MeasureController, "measure_controller")
    assert controller is not None
    document = window.document
    path = document.save(workdir / "measured-demo.vsm")
    value_map = document.current_map
    assert value_map is not None
    log = workdir / "jira-history.csv"
    write_demo_log(log, [s.name for s in value_map.stages.values()])
    import_file(path, log, map_id=value_map.id)
    for kind, file in write_demo_outcomes(workdir).items():
        import_file(path, file, kind=kind)
    controller.data.reload()

    dialog = controller.open_import_dialog(log)
    assert dialog is not None
    dialog.resize(1100, 700)
    shot("measure-import-dialog", dialog)
    dialog.reject()

    # The same log with two rows gone bad: the dialog lists them with their line numbers.
    lines = log.read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace("2026-", "26-", 1).replace(":", "h", 1)
    lines[9] = ",".join(lines[9].split(",")[:2]) + ",,,"
    bad = workdir / "jira-history-edited.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dialog = controller.open_import_dialog(bad)
    assert dialog is not None
    dialog.resize(1100, 760)
    dialog.start_import()
    deadline = time.monotonic() + 30
    while dialog.job is not None and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)
    shot("measure-import-problems", dialog)
    dialog.reject()

    window.map_view().zoom_to_fit()
    controller.show_dock(controller.measurements_dock)
    shot("measure-panel")
    controller.show_dock(controller.hooks_dock)
    build = value_map.stage_named("Build")
    if build is not None:
        controller.hooks.select_stage(build.id)
    shot("measure-hooks")
    controller.show_dock(controller.measurements_dock)

    imports = controller.show_imports()
    shot("measure-imports", imports)
    imports.hide()

    charts = controller.show_charts()
    charts.resize(1300, 760)
    names = ("lead-time", "distribution", "cumulative-flow", "gantt", "wait-touch", "outcomes")
    for k, name in enumerate(names):
        charts.tabs.setCurrentIndex(k)
        shot(f"measure-chart-{name}", charts)
    window.set_theme("dark", remember=False)
    charts.tabs.setCurrentIndex(2)
    shot("measure-chart-dark", charts)
    window.set_theme("light", remember=False)
    charts.hide()
    QApplication.processEvents()


__all__ = ["measure_screenshots", "write_demo_log", "write_demo_outcomes"]
