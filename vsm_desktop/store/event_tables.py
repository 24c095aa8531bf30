"""In-memory columnar tables of imported measurements.

:class:`EventTable` is what importers produce, what :mod:`.measurements` stores and loads, and
what the per-stage figures consume. It is defined here, in the store layer, because loading
returns it and layers only depend downwards; :mod:`vsm_desktop.measure.events` re-exports it
and is the name the rest of the code uses. Columns are numpy arrays of equal length; the
item and activity columns are dictionary-encoded (``int32`` codes into a label array) because
a log of a million events has only thousands of items and tens of activities, and grouping by
an integer code is what the figures do most.

Times are ``float64`` epoch seconds UTC. A missing end (an event that is a single point in time,
or a status that is still current) is ``NaN``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "DeployTable",
    "EventTable",
    "FeatureTable",
    "IncidentTable",
    "encode_into",
    "encode_labels",
    "labels_of",
]

FloatArray = npt.NDArray[np.float64]
CodeArray = npt.NDArray[np.int32]
ObjectArray = npt.NDArray[np.object_]


def encode_labels(values: Iterable[object] | np.ndarray) -> tuple[CodeArray, ObjectArray]:
    """Dictionary-encode values: ``(codes, labels)`` with ``labels[codes] == values``.

    Labels keep the order of first appearance. See :func:`encode_into`.
    """
    index: dict[object, int] = {}
    codes = encode_into(values, index)
    return codes, labels_of(index)


def encode_into(values: Iterable[object] | np.ndarray, index: dict[object, int]) -> CodeArray:
    """Codes of ``values`` in ``index`` (label -> code), adding new labels to it; for encoding a
    column that arrives in batches.

    Runs of equal neighbours are found first with one vectorised comparison, so a column
    grouped by item (as stored) hashes one value per run instead of one per row; a dict beats
    ``np.unique`` on object arrays either way (no sort of a million Python strings).
    """
    arr = values if isinstance(values, np.ndarray) and values.dtype == object else None
    if arr is None:
        arr = _object_array(values if isinstance(values, (Sequence, np.ndarray)) else list(values))
    n = len(arr)
    if n == 0:
        return np.zeros(0, dtype=np.int32)
    changed = np.empty(n, dtype=bool)
    changed[0] = True
    np.not_equal(arr[1:], arr[:-1], out=changed[1:])
    starts = np.flatnonzero(changed)
    run_values = arr[starts].tolist()
    for label in dict.fromkeys(run_values):
        if label not in index:
            index[label] = len(index)
    run_codes = np.fromiter(map(index.__getitem__, run_values), dtype=np.int32, count=len(starts))
    if len(starts) == n:
        return run_codes
    return np.repeat(run_codes, np.diff(np.append(starts, n)))


def labels_of(index: dict[object, int]) -> ObjectArray:
    """The label array of an ``index`` built by :func:`encode_into` (codes are positions)."""
    labels = np.empty(len(index), dtype=object)
    labels[:] = list(index)
    return labels


def _object_array(values: Sequence[object] | np.ndarray) -> ObjectArray:
    out = np.empty(len(values), dtype=object)
    # Slice assignment from a list keeps tuples or lists inside values from being unpacked.
    out[:] = values if isinstance(values, np.ndarray) else list(values)
    return out


def _float_array(values: Sequence[float | None] | np.ndarray | None, n: int) -> FloatArray:
    if values is None:
        return np.full(n, np.nan)
    # None becomes NaN under a float dtype, which is how SQLite NULLs come back.
    return np.asarray(values, dtype=np.float64)


@dataclass(frozen=True, eq=False)
class EventTable:
    """Events of work items: one row per (item, activity or status, start[, end]).

    ``item_codes[i]`` indexes ``item_labels`` (same for activities). ``resource`` is ``None``
    when the source had no resource column, else an object array with ``None`` for blanks.
    ``rows`` holds each row's line number in the source file (1-based, as a spreadsheet shows
    it) when the table came from a file; it is not stored.
    """

    item_codes: CodeArray
    item_labels: ObjectArray
    activity_codes: CodeArray
    activity_labels: ObjectArray
    start: FloatArray
    end: FloatArray
    resource: ObjectArray | None = None
    rows: npt.NDArray[np.int64] | None = None

    def __post_init__(self) -> None:
        n = len(self.item_codes)
        lengths = {
            "activity_codes": len(self.activity_codes),
            "start": len(self.start),
            "end": len(self.end),
        }
        if self.resource is not None:
            lengths["resource"] = len(self.resource)
        if self.rows is not None:
            lengths["rows"] = len(self.rows)
        bad = {k: v for k, v in lengths.items() if v != n}
        if bad:
            raise ValueError(f"EventTable columns differ in length: item_codes={n}, {bad}")

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def from_columns(
        cls,
        item: Sequence[object] | np.ndarray,
        activity: Sequence[object] | np.ndarray,
        start: Sequence[float] | np.ndarray,
        end: Sequence[float | None] | np.ndarray | None = None,
        resource: Sequence[object] | np.ndarray | None = None,
        rows: Sequence[int] | np.ndarray | None = None,
    ) -> EventTable:
        """Build a table from plain columns (labels are encoded here)."""
        item_codes, item_labels = encode_labels(item)
        activity_codes, activity_labels = encode_labels(activity)
        n = len(item_codes)
        return cls(
            item_codes=item_codes,
            item_labels=item_labels,
            activity_codes=activity_codes,
            activity_labels=activity_labels,
            start=_float_array(start, n),
            end=_float_array(end, n),
            resource=None if resource is None else _object_array(resource),
            rows=None if rows is None else np.asarray(rows, dtype=np.int64),
        )

    @classmethod
    def empty(cls) -> EventTable:
        return cls.from_columns([], [], [])

    @classmethod
    def concat(cls, tables: Sequence[EventTable]) -> EventTable:
        """One table of all rows of ``tables`` in order (labels merged)."""
        if not tables:
            return cls.empty()
        if len(tables) == 1:
            return tables[0]
        has_resource = any(t.resource is not None for t in tables)
        has_rows = all(t.rows is not None for t in tables)
        return cls.from_columns(
            np.concatenate([t.items for t in tables]),
            np.concatenate([t.activities for t in tables]),
            np.concatenate([t.start for t in tables]),
            np.concatenate([t.end for t in tables]),
            np.concatenate(
                [
                    t.resource if t.resource is not None else np.full(len(t), None, dtype=object)
                    for t in tables
                ]
            )
            if has_resource
            else None,
            np.concatenate([t.rows for t in tables if t.rows is not None]) if has_rows else None,
        )

    # -- access ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.item_codes)

    @property
    def items(self) -> ObjectArray:
        """The item id of every row (decoded)."""
        return self.item_labels[self.item_codes]

    @property
    def activities(self) -> ObjectArray:
        """The activity or status of every row (decoded)."""
        return self.activity_labels[self.activity_codes]

    @property
    def duration(self) -> FloatArray:
        """``end - start`` in seconds; NaN where there is no end."""
        return self.end - self.start

    def take(self, index: npt.ArrayLike) -> EventTable:
        """The rows selected by an index array or boolean mask, keeping the label arrays."""
        idx = np.asarray(index)
        return EventTable(
            item_codes=self.item_codes[idx],
            item_labels=self.item_labels,
            activity_codes=self.activity_codes[idx],
            activity_labels=self.activity_labels,
            start=self.start[idx],
            end=self.end[idx],
            resource=None if self.resource is None else self.resource[idx],
            rows=None if self.rows is None else self.rows[idx],
        )

    def order_by_item_time(self) -> npt.NDArray[np.intp]:
        """A stable permutation sorting rows by item code, then start, then end."""
        return np.lexsort((self.end, self.start, self.item_codes))

    def sorted_by_item_time(self) -> EventTable:
        return self.take(self.order_by_item_time())

    def to_records(self) -> list[tuple[str, str, float, float | None, str | None]]:
        """Plain rows ``(item, activity, start, end_or_None, resource_or_None)``; for tests
        and small exports, not for a million rows."""
        ends = [None if np.isnan(e) else float(e) for e in self.end]
        res = self.resource if self.resource is not None else [None] * len(self)
        return list(
            zip(
                self.items.tolist(),
                self.activities.tolist(),
                self.start.tolist(),
                ends,
                list(res),
                strict=True,
            )
        )


@dataclass(frozen=True, eq=False)
class IncidentTable:
    """Incidents: ``resolved`` is NaN while open; ``severity`` may hold ``None``."""

    ident: ObjectArray
    opened: FloatArray
    resolved: FloatArray
    severity: ObjectArray

    def __len__(self) -> int:
        return len(self.opened)

    @classmethod
    def from_columns(
        cls,
        ident: Sequence[object] | np.ndarray,
        opened: Sequence[float] | np.ndarray,
        resolved: Sequence[float | None] | np.ndarray | None = None,
        severity: Sequence[object] | np.ndarray | None = None,
    ) -> IncidentTable:
        n = len(opened)
        return cls(
            ident=_object_array(ident),
            opened=_float_array(opened, n),
            resolved=_float_array(resolved, n),
            severity=_object_array(severity if severity is not None else [None] * n),
        )


@dataclass(frozen=True, eq=False)
class DeployTable:
    """Deploys: when, and whether the change failed in production."""

    at: FloatArray
    failed: npt.NDArray[np.bool_]

    def __len__(self) -> int:
        return len(self.at)

    @classmethod
    def from_columns(
        cls, at: Sequence[float] | np.ndarray, failed: Sequence[bool] | np.ndarray
    ) -> DeployTable:
        return cls(at=_float_array(at, len(at)), failed=np.asarray(failed, dtype=bool))


@dataclass(frozen=True, eq=False)
class FeatureTable:
    """Feature bets: ``shipped`` is NaN when not shipped yet; ``paid_off`` is 1.0, 0.0, or NaN
    while not yet known."""

    ident: ObjectArray
    shipped: FloatArray
    paid_off: FloatArray

    def __len__(self) -> int:
        return len(self.ident)

    @classmethod
    def from_columns(
        cls,
        ident: Sequence[object] | np.ndarray,
        shipped: Sequence[float | None] | np.ndarray,
        paid_off: Sequence[float | bool | None] | np.ndarray,
    ) -> FeatureTable:
        n = len(ident)
        return cls(
            ident=_object_array(ident),
            shipped=_float_array(shipped, n),
            paid_off=_float_array(paid_off, n),
        )
