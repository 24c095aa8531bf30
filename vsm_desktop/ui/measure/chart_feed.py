"""The chart data of each map, computed from its measured figures: on the spot for a small log,
in the thread pool for a large one (as :class:`~.data.MeasureData` does with the figures).

Cached per map for one (measured figures, map state) pair. The measured figures are compared
by identity: :class:`~.data.MeasureData` makes a new object whenever anything they depend on
changes, and keeps the same one for edits that do not matter to them (touch and wait).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from vsm_desktop.model import ValueMap

from . import chart_data
from .data import Measured, MeasureData, map_key
from .jobs import CallJob, start

__all__ = ["ChartFeed"]


@dataclass(frozen=True, eq=False)
class _Key:
    measured: Measured
    map_state: tuple[Any, ...]

    def matches(self, other: _Key | None) -> bool:
        return (
            other is not None
            and self.measured is other.measured
            and self.map_state == other.map_state
        )


class ChartFeed(QObject):
    """Signals:
    * ``ready(str)`` — the chart data of a map computed in the pool is ready;
    * ``failed(str)`` — computing it failed (message for the user).
    """

    ready = Signal(str)
    failed = Signal(str)

    def __init__(self, data: MeasureData, gantt_items: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.gantt_items = gantt_items
        self._cache: dict[str, tuple[_Key, chart_data.ChartData]] = {}
        self._pending: dict[str, _Key] = {}
        self._jobs: list[CallJob] = []
        # The cache holds the measured figures (and their events) of the data it came from:
        # let them go with that data.
        data.imports_changed.connect(self.clear)
        data.selection_changed.connect(self.clear)

    def clear(self) -> None:
        self._cache.clear()
        self._pending.clear()

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def forget(self, map_id: str) -> None:
        """The map is being measured again: a job still running for it is out of date."""
        self._pending.pop(map_id, None)

    def charts(self, value_map: ValueMap, measured: Measured) -> chart_data.ChartData | None:
        """The chart data of ``value_map``: cached, computed now (small logs) or started in
        the pool (large logs: ``None`` now, ``ready(map_id)`` later)."""
        key = _Key(measured, map_key(value_map, dict(self.data.document.workspace.settings)))
        cached = self._cache.get(value_map.id)
        if cached is not None and key.matches(cached[0]):
            return cached[1]
        if not self.data.large:
            result = chart_data.compute_charts(measured, value_map, self.gantt_items)
            self._cache[value_map.id] = (key, result)
            return result
        if not key.matches(self._pending.get(value_map.id)):
            self._pending[value_map.id] = key
            self._start(value_map, key)
        return None

    def _start(self, value_map: ValueMap, key: _Key) -> None:
        map_id = value_map.id
        # The worker gets its own copy: the user may edit the map while it runs.
        snapshot = copy.deepcopy(value_map)
        gantt_items = self.gantt_items

        def work() -> chart_data.ChartData:
            # Looked up when called, so a test can watch which thread runs it.
            return chart_data.compute_charts(key.measured, snapshot, gantt_items)

        job = CallJob(work)
        self._jobs.append(job)

        def done(result: chart_data.ChartData) -> None:
            self._jobs.remove(job)
            if self._pending.get(map_id) is not key:
                return  # an edit or another import came in meanwhile; a newer job follows
            del self._pending[map_id]
            self._cache[map_id] = (key, result)
            self.ready.emit(map_id)

        def failed(message: str) -> None:
            self._jobs.remove(job)
            if self._pending.get(map_id) is key:
                del self._pending[map_id]
                self.failed.emit(message)

        job.signals.done.connect(done)
        job.signals.failed.connect(failed)
        start(job)
