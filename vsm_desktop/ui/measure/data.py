"""The measured data of the open workspace, loaded from its file and cached for the panels.

Events live in the ``.vsm`` file, not in the model, so :class:`MeasureData` reads them from
the document's path: the list of imports, the events of every event import, and the figures
of a map, cached per (import set, map state). Small logs are measured on the spot; large ones
in the thread pool, with ``measured(map_id)`` announcing the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from vsm_desktop.model import ValueMap

from .jobs import CallJob, start

if TYPE_CHECKING:
    from vsm_desktop.measure.events import EventTable
    from vsm_desktop.measure.flow import CumulativeFlow, WeekSeries
    from vsm_desktop.measure.outcomes import Outcomes
    from vsm_desktop.measure.stats import Figures
    from vsm_desktop.store.measurements import ImportRecord
    from vsm_desktop.ui.document import Document

__all__ = ["ASYNC_ROWS", "MeasureData", "Measured"]

#: Logs with more rows than this are measured in the thread pool.
ASYNC_ROWS = 200_000


@dataclass(frozen=True, eq=False)
class Measured:
    """Everything the panels and charts show for one map, computed together."""

    map_id: str
    figures: Figures
    flow: CumulativeFlow
    throughput: WeekSeries
    lead_per_week: WeekSeries
    events: EventTable


def map_key(value_map: ValueMap, settings: dict[str, str]) -> tuple[Any, ...]:
    """What the figures of a map depend on: stages in order, their names and hooks, the
    calendar and the measurement settings. Touch and wait do not enter."""
    stages = tuple(
        (s.id, s.name, tuple(sorted((k, tuple(v)) for k, v in s.hooks.items())))
        for s in value_map.stages.values()
    )
    measure = tuple(sorted((k, v) for k, v in settings.items() if k.startswith("measure.")))
    return (value_map.id, stages, repr(value_map.calendar), measure)


def measure_map(events: EventTable, value_map: ValueMap, settings: dict[str, str], source: str):  # type: ignore[no-untyped-def]
    """All figures of one map (Qt-free work; runs in a worker for large logs)."""
    from vsm_desktop.measure.calendar_time import clock_from_settings
    from vsm_desktop.measure.flow import lead_time_per_week, throughput_per_week, work_in_progress
    from vsm_desktop.measure.stats import compute_figures

    clock = clock_from_settings(value_map.calendar, settings)
    figures = compute_figures(events, value_map, clock, source=source)
    return Measured(
        value_map.id,
        figures,
        work_in_progress(events, value_map),
        throughput_per_week(figures),
        lead_time_per_week(figures),
        events,
    )


class MeasureData(QObject):
    """Signals:
    * ``imports_changed()`` — an import was added or removed (or the document replaced);
    * ``selection_changed()`` — the user chose other imports to measure;
    * ``measured(str)`` — figures of a map computed in the pool are ready;
    * ``failed(str)`` — measuring failed (message for the status bar).
    """

    imports_changed = Signal()
    selection_changed = Signal()
    measured = Signal(str)
    failed = Signal(str)

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._imports: list[ImportRecord] | None = None
        self._events: tuple[tuple[int, ...], EventTable] | None = None
        self._measured: dict[str, tuple[tuple[Any, ...], Measured]] = {}
        self._pending: dict[str, tuple[Any, ...]] = {}
        self._jobs: list[CallJob] = []
        self._outcomes: Outcomes | None = None
        self.selected: int | None = None

    # -- document ------------------------------------------------------------------------------
    def set_document(self, document: Document) -> None:
        self.document = document
        self.selected = None
        self.reload()

    @property
    def path(self) -> Path | None:
        path = self.document.path
        return path if path is not None and path.exists() else None

    def reload(self) -> None:
        """Forget everything read from the file (after an import, a removal or a new file)."""
        self._imports = None
        self._events = None
        self._measured.clear()
        self._pending.clear()
        self._outcomes = None
        self.imports_changed.emit()

    # -- what is in the file -------------------------------------------------------------------
    def imports(self, kind: str | None = None) -> list[ImportRecord]:
        if self._imports is None:
            path = self.path
            if path is None:  # unsaved: nothing imported, and no need to load the store yet
                self._imports = []
            else:
                from vsm_desktop.store.measurements import list_imports

                self._imports = list_imports(path)
        return [r for r in self._imports if kind is None or r.kind == kind]

    def event_import_ids(self) -> tuple[int, ...]:
        """The event imports measured: the chosen one, or all of them."""
        ids = tuple(r.id for r in self.imports("events"))
        if self.selected is not None and self.selected in ids:
            return (self.selected,)
        return ids

    def select_import(self, import_id: int | None) -> None:
        """Measure one event import only (``None``: all of them)."""
        if import_id != self.selected:
            self.selected = import_id
            self.selection_changed.emit()

    def source_text(self) -> str:
        ids = self.event_import_ids()
        return ("import " if len(ids) == 1 else "imports ") + ", ".join(map(str, ids))

    def row_count(self) -> int:
        """Rows of the event imports measured (from the import records, nothing loaded)."""
        ids = set(self.event_import_ids())
        return sum(r.rows for r in self.imports("events") if r.id in ids)

    @property
    def large(self) -> bool:
        """Too many rows to load and measure on the UI thread."""
        return self.row_count() > ASYNC_ROWS

    def events(self, *, wait: bool = True) -> EventTable | None:
        """The rows of the event imports measured (``None`` when there are none).

        A large log is loaded by the measuring job; with ``wait=False`` it is returned only
        once that has happened, so a panel never blocks the UI thread on it.
        """
        ids = self.event_import_ids()
        if not ids or self.path is None:
            return None
        if self._events is not None and self._events[0] == ids:
            return self._events[1]
        if not wait and self.large:
            return None
        from vsm_desktop.store.measurements import load_events

        self._events = (ids, load_events(self.path, list(ids)))
        return self._events[1]

    def outcomes(self) -> Outcomes | None:
        """Incidents, deploys and feature bets of the workspace (``None`` when none)."""
        if self._outcomes is None:
            kinds = {r.kind for r in self.imports()} - {"events"}
            if not kinds or self.path is None:
                return None
            from vsm_desktop.measure.outcomes import compute_outcomes
            from vsm_desktop.store import measurements as store

            path = self.path
            self._outcomes = compute_outcomes(
                store.load_incidents(path) if "incidents" in kinds else None,
                store.load_deploys(path) if "deploys" in kinds else None,
                store.load_features(path) if "features" in kinds else None,
            )
        return self._outcomes

    # -- figures -------------------------------------------------------------------------------
    def measure(self, map_id: str | None) -> Measured | None:
        """The figures of a map: cached, computed now (small logs) or started in the pool
        (large logs: ``None`` now, ``measured(map_id)`` later)."""
        value_map = self.document.workspace.maps.get(map_id or "")
        ids = self.event_import_ids()
        if value_map is None or not ids or self.path is None:
            return None
        settings = dict(self.document.workspace.settings)
        key = (ids, map_key(value_map, settings))
        cached = self._measured.get(value_map.id)
        if cached is not None and cached[0] == key:
            return cached[1]
        source = self.source_text()
        if not self.large:
            events = self.events()
            if events is None or len(events) == 0:
                return None
            result = measure_map(events, value_map, settings, source)
            self._measured[value_map.id] = (key, result)
            return result
        if self._pending.get(value_map.id) != key:
            self._pending[value_map.id] = key
            self._start(value_map, settings, source, key)
        return None

    def _start(
        self, value_map: ValueMap, settings: dict[str, str], source: str, key: tuple[Any, ...]
    ) -> None:
        import copy

        from vsm_desktop.store.measurements import load_events

        ids: tuple[int, ...] = key[0]
        path = self.path
        loaded = self._events[1] if self._events is not None and self._events[0] == ids else None
        # The worker gets its own copy: the user may edit the map while it runs.
        snapshot = copy.deepcopy(value_map)

        def work() -> Measured:
            events = loaded if loaded is not None else load_events(path, list(ids))
            return measure_map(events, snapshot, settings, source)

        job = CallJob(work)
        self._jobs.append(job)

        def done(result: Measured) -> None:
            self._jobs.remove(job)
            if self._pending.get(result.map_id) != key:
                return  # the map or the data changed while this ran; a newer job follows
            del self._pending[result.map_id]
            if self.event_import_ids() == ids:
                self._events = (ids, result.events)
            self._measured[result.map_id] = (key, result)
            self.measured.emit(result.map_id)

        def failed(message: str) -> None:
            self._jobs.remove(job)
            self._pending.pop(value_map.id, None)
            self.failed.emit(message)

        job.signals.done.connect(done)
        job.signals.failed.connect(failed)
        start(job)

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def measuring(self, map_id: str) -> bool:
        """A job measuring the map's current state is running."""
        return map_id in self._pending
