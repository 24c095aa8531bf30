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
from collections.abc import Callable

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
    """An application-wide event filter that calls ``then`` once, on the first paint of any
    widget inside ``window`` (offscreen, the main window itself may never get a paint event)."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._then = then
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self._done
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self._window
        ):
            self._done = True
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            self._then()
        return False


def on_first_paint(window: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` at the first paint inside ``window`` (it runs inside that paint event: to
    quit or do long work, let it schedule a ``QTimer.singleShot(0, ...)``)."""
    app = QApplication.instance()
    if app is None:
        raise RuntimeError("on_first_paint needs a QApplication")
    app.installEventFilter(_FirstPaint(window, then))


def _report_and_quit() -> None:
    elapsed = time.perf_counter() - launch_time()[0]
    print(f"startup-probe first-paint {elapsed:.4f} {launch_time()[1]}", flush=True)
    loaded = [name for name in HEAVY if name in sys.modules]
    print(f"startup-probe heavy-modules {','.join(loaded) or '-'}", flush=True)
    app = QApplication.instance()
    if app is not None:
        QTimer.singleShot(0, app.quit)  # let this paint finish before the loop ends


def install_if_requested(window: QWidget) -> None:
    """Arm the probe on ``window`` when ``VSM_STARTUP_PROBE`` is set; otherwise do nothing."""
    if os.environ.get(ENV):
        on_first_paint(window, _report_and_quit)
