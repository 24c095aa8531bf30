"""Start the real app offscreen on the demo workspace and save screenshots to docs/screenshots.

    .venv/bin/python scripts/screenshots.py [--out DIR]

Runs on a virtual 1920 x 1080 screen (Qt's offscreen platform) with throw-away settings, so it
needs no display and never touches the user's settings or recovery files.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREEN = {"width": 1920, "height": 1080}


def _offscreen_platform(workdir: Path) -> None:
    """Qt's offscreen platform with a 1920 x 1080 screen (its default is 800 x 800)."""
    config = workdir / "screen.json"
    screen = {"name": "shot", "x": 0, "y": 0, **SCREEN, "logicalDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="vsm-shots-"))
    _offscreen_platform(workdir)

    from PySide6.QtWidgets import QApplication, QWidget

    from vsm_desktop.ui.app import create_window, make_application
    from vsm_desktop.ui.compare import open_compare
    from vsm_desktop.ui.settings import AppSettings

    app = make_application()
    window = create_window(
        None, settings=AppSettings.at(workdir / "settings.ini"), recovery_dir=workdir / "rec"
    )
    window.resize(1600, 1000)
    window.show()

    def settle() -> None:
        for _ in range(3):
            app.processEvents()

    def shot(name: str, widget: QWidget | None = None, before: Callable[[], None] | None = None):
        if before is not None:
            before()
        settle()
        path = out / f"{name}.png"
        (widget or window).grab().save(str(path))
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    settle()
    window.map_view().zoom_to_fit()
    shot("main-light")

    value_map = window.document.current_map
    test = value_map.stage_named("Test") if value_map is not None else None
    if test is not None:
        window.select_stage(test.id)
    shot("main-stage-selected", before=lambda: window.map_view().zoom_to_fit())

    window.set_theme("dark", remember=False)
    shot("main-dark")
    window.set_theme("light", remember=False)
    window.view.scene().clearSelection()  # nothing selected: the map's own properties

    window.presentation.enter()
    settle()
    window.map_view().zoom_to_fit()
    shot("presentation")
    window.presentation.leave()

    compare = open_compare(window)
    shot("compare-view", compare)
    compare.set_layout("overlay")
    shot("compare-overlay", compare.canvases)
    compare.set_layout("stacked")

    from vsm_desktop.ui.measure.screenshots import measure_screenshots

    measure_screenshots(window, shot, workdir)

    window.document.undo_stack.setClean()
    window.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
