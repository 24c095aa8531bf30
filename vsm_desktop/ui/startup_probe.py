"""Start-up probe: with ``VSM_STARTUP_PROBE`` set, print the time to the first paint and quit.

``bench/bench_startup.py`` sets the variable to its own ``time.perf_counter()`` reading taken just
before it launches the app. ``perf_counter`` is a system-wide monotonic clock on Linux, macOS and
Windows, so the difference measured here is the whole launch: interpreter start, imports, window
construction and the first paint. Set to ``1`` (no launch time known) the probe measures from
the moment this module was imported instead, and says so.

The probe prints ``startup-probe first-paint <seconds> <measured from>`` and
``startup-probe heavy-modules <names>`` (which of :data:`HEAVY` were imported by then, ``-`` for
none), then quits the event loop so the benchmark can launch the next run.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

ENV = "VSM_STARTUP_PROBE"
#: Libraries that cost start-up time and that the first paint should do without where it can.
HEAVY = ("networkx", "numpy", "pyqtgraph", "openpyxl", "sqlite_utils", "pandas", "PIL")
_IMPORTED_AT = time.perf_counter()


def launch_time() -> tuple[float, str]:
    """The launcher's ``perf_counter`` reading from the environment, and what it measures from."""
    raw = os.environ.get(ENV, "")
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    # A real reading is the uptime-scale value of a monotonic clock; "1" is just "switch on".
    if value > 1.0:
        return value, "launch"
    return _IMPORTED_AT, "probe-import"


class _FirstPaint(QObject):
    """An application-wide event filter that fires once, on the first paint inside ``window``."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self._done
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self._window
        ):
            self._done = True
            elapsed = time.perf_counter() - launch_time()[0]
            print(f"startup-probe first-paint {elapsed:.4f} {launch_time()[1]}", flush=True)
            loaded = [name for name in HEAVY if name in sys.modules]
            print(f"startup-probe heavy-modules {','.join(loaded) or '-'}", flush=True)
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
                # Let this paint finish before the loop ends.
                QTimer.singleShot(0, app.quit)
        return False


def install_if_requested(window: QWidget) -> None:
    """Arm the probe on ``window`` when ``VSM_STARTUP_PROBE`` is set; otherwise do nothing."""
    if not os.environ.get(ENV):
        return
    app = QApplication.instance()
    if app is None:
        print("startup-probe: no QApplication", file=sys.stderr)
        return
    app.installEventFilter(_FirstPaint(window))
