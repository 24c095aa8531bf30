"""Work that runs off the UI thread: imports and figure computations, as QThreadPool runnables.

A runnable talks back only through the signals of a QObject made on the UI thread, so every
slot runs on the UI thread (queued connections) and the UI thread never waits on a job.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from vsm_desktop.measure.importers import ParseResult
from vsm_desktop.measure.problems import (
    ImportCancelled,
    ImportFileError,
    ImportProblems,
    check_cancel,
)
from vsm_desktop.model import Calendar, ValueMap

from .import_state import ImportRequest

__all__ = ["CallJob", "DraftSpec", "ImportJob", "ImportOutcome", "start"]


def start(job: QRunnable, pool: QThreadPool | None = None) -> None:
    (pool or QThreadPool.globalInstance()).start(job)


@dataclass(frozen=True)
class DraftSpec:
    """A draft map to discover from the imported events."""

    name: str
    calendar: Calendar
    settings: dict[str, str]


@dataclass(frozen=True)
class ImportOutcome:
    """A finished import: what was stored, and the draft map when one was asked for."""

    summary: Any  # ImportSummary
    draft: ValueMap | None = None


class ImportSignals(QObject):
    progressed = Signal(float)
    finished = Signal(object)  # ImportOutcome
    problems = Signal(object)  # ParseResult with its problems: nothing was stored
    failed = Signal(str)
    cancelled = Signal()


class ImportJob(QRunnable):
    """Read a file (or take an already read one) and store it in the workspace file.

    With ``on_error="abort"`` a file with bad rows stores nothing and reports them through
    ``problems``; the dialog then offers to skip them, which starts a new job with ``parsed``
    so the file is not read twice.
    """

    def __init__(
        self,
        workspace: Path,
        request: ImportRequest,
        *,
        map_id: str | None = None,
        draft: DraftSpec | None = None,
        parsed: ParseResult[Any] | None = None,
        on_error: str | None = None,
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.workspace = workspace
        self.request = request
        self.map_id = map_id
        self.draft = draft
        self.parsed = parsed
        self.on_error = on_error or request.on_error
        self.cancel = threading.Event()
        self.signals = ImportSignals()
        self._last = -1

    def _progress(self, share: float) -> None:
        percent = int(share * 100)
        if percent != self._last:  # a signal per percent, not per batch
            self._last = percent
            self.signals.progressed.emit(share)

    def _scaled(self, lo: float, hi: float) -> Callable[[float], None]:
        return lambda share: self._progress(lo + (hi - lo) * min(max(share, 0.0), 1.0))

    def run(self) -> None:
        try:
            outcome = self._run()
        except ImportCancelled:
            self.signals.cancelled.emit()
        except ImportProblems as exc:
            self.signals.failed.emit(str(exc))
        except (ImportFileError, OSError, ValueError) as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # a bug must reach the user, not die in a worker thread
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            if outcome is not None:
                self.signals.finished.emit(outcome)

    def _run(self) -> ImportOutcome | None:
        from vsm_desktop.measure.importers.run import store_parsed

        parsed = self.parsed if self.parsed is not None else self._read()
        if parsed.problems and self.on_error == "abort":
            self.signals.problems.emit(parsed)
            return None
        summary = store_parsed(
            self.workspace,
            parsed,
            kind=self.request.kind,
            map_id=self.map_id,
            on_error="skip",
            progress=self._scaled(0.6, 0.95 if self.draft else 1.0),
            cancel=self.cancel,
        )
        try:
            draft = self._discover(summary.import_id) if self.draft is not None else None
            # A Cancel pressed while the rows were committed or the map discovered still counts.
            check_cancel(self.cancel)
        except BaseException:
            # The rows are in the file already: take them out again, so that a cancelled or
            # failed import leaves nothing behind (as the CLI does when saving its map fails).
            from vsm_desktop.store.measurements import remove_import

            remove_import(self.workspace, summary.import_id)
            raise
        self._progress(1.0)
        return ImportOutcome(summary, draft)

    def _read(self) -> ParseResult[Any]:
        from vsm_desktop.measure.importers import read_events
        from vsm_desktop.measure.importers.outcomes import read_outcomes

        r = self.request
        if r.kind == "events":
            return read_events(
                r.path,
                r.format,
                sheet=r.sheet,
                columns=r.columns or None,
                tz=r.tz,
                date_order=r.date_order,
                progress=self._scaled(0.0, 0.6),
                cancel=self.cancel,
            )
        return read_outcomes(
            r.path,
            r.kind,
            r.format,
            sheet=r.sheet,
            columns=r.columns or None,
            tz=r.tz,
            date_order=r.date_order,
            progress=self._scaled(0.0, 0.6),
            cancel=self.cancel,
        )

    def _discover(self, import_id: int) -> ValueMap:
        from vsm_desktop.measure.calendar_time import clock_from_settings
        from vsm_desktop.measure.discover import discover_map
        from vsm_desktop.store.measurements import load_events

        assert self.draft is not None
        events = load_events(self.workspace, [import_id])
        clock = clock_from_settings(self.draft.calendar, self.draft.settings)
        return discover_map(
            events,
            self.draft.name,
            self.draft.calendar,
            clock=clock,
            source=f"import {import_id}",
        )


class CallSignals(QObject):
    done = Signal(object)
    failed = Signal(str)


class CallJob(QRunnable):
    """Run ``fn()`` in the pool; ``signals.done(result)`` or ``signals.failed(message)``."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.fn = fn
        self.signals = CallSignals()

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported on the UI thread, never lost in the worker
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.signals.done.emit(result)
