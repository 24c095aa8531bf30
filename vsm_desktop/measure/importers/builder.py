"""Turning batches of raw cells into an :class:`EventTable`, collecting every bad row.

Checks per row: an item id and an activity are present, the start reads as a time (and the end,
when given), the end is not before the start. Over the whole table: exact duplicate rows (same
item, activity, start, end and resource) after the first are reported as duplicates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from ..events import EventTable
from ..problems import RowProblem
from ..timestamps import DateOrder, NumericKind, ParsedTimes, parse_timestamps

__all__ = ["EventBuilder", "TimeOptions", "find_duplicates"]


@dataclass(frozen=True)
class TimeOptions:
    """How timestamps are read: see :mod:`vsm_desktop.measure.timestamps`."""

    tz: str | None = None
    date_order: DateOrder | None = None
    numeric: NumericKind = "auto"


class DateOrderChanged(Exception):
    """A later batch showed the other day/month order than the one earlier batches assumed."""

    def __init__(self, order: DateOrder) -> None:
        super().__init__(order)
        self.order = order


_SPACES = (" ", "\t", "\r", "\n", "\xa0")
_COMMON_SPACES = (" ", "\t")


def _edge_space(joined: str) -> bool:
    """Whether any NUL-separated cell starts or ends with whitespace (substring searches in C;
    a regex with alternation is 20x slower on a million cells)."""
    if joined[:1] in _SPACES or joined[-1:] in _SPACES:
        return True
    if any(f"\x00{c}" in joined or f"{c}\x00" in joined for c in _COMMON_SPACES):
        return True
    # Rarer whitespace can only be at a cell's edge if it is in the text at all.
    return any(c in joined and (f"\x00{c}" in joined or f"{c}\x00" in joined) for c in _SPACES[2:])


def _text(values: Sequence[Any]) -> list[str]:
    """Cells as stripped text; None and NaN become ''; 12.0 from Excel becomes '12'."""
    if isinstance(values, list):
        try:
            joined = "\x00".join(values)
        except TypeError:
            pass  # not all text (Excel numbers, None): the per-cell path below
        else:
            # One C-level scan tells whether any cell needs stripping at all.
            if not _edge_space(joined):
                return values
            return [v.strip() for v in values]
    out: list[str] = []
    for v in values:
        if type(v) is str:
            out.append(v.strip())
        elif v is None or (isinstance(v, float) and v != v):
            out.append("")
        elif isinstance(v, float) and v.is_integer():
            out.append(str(int(v)))
        else:
            out.append(str(v).strip())
    return out


def _blank(values: list[str]) -> npt.NDArray[np.bool_]:
    if "" not in values:  # a C-level scan; the mask is built only when needed
        return np.zeros(len(values), dtype=bool)
    return np.array([not v for v in values], dtype=bool)


@dataclass
class EventBuilder:
    """Feed batches with :meth:`add`; :meth:`finish` returns the good rows and the problems."""

    headers: Sequence[str]
    columns: dict[str, int]  # role -> column index
    times: TimeOptions = TimeOptions()
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    _items: list[np.ndarray] = field(default_factory=list)
    _acts: list[np.ndarray] = field(default_factory=list)
    _start: list[np.ndarray] = field(default_factory=list)
    _end: list[np.ndarray] = field(default_factory=list)
    _res: list[np.ndarray] = field(default_factory=list)
    _rows: list[np.ndarray] = field(default_factory=list)
    _item_index: dict[str, int] = field(default_factory=dict)
    _act_index: dict[str, int] = field(default_factory=dict)
    _res_index: dict[str, int] = field(default_factory=dict)
    _order_guessed: bool = False
    _order_decided: DateOrder | None = None

    def _col(self, role: str) -> str:
        return self.headers[self.columns[role]]

    def _times(self, role: str, cells: Sequence[Any]) -> ParsedTimes:
        parsed = parse_timestamps(
            cells,
            tz=self.times.tz,
            date_order=self.times.date_order or self._order_decided,
            numeric=self.times.numeric,
        )
        for note in parsed.notes:
            text = f"{self._col(role)}: {note}"
            if text not in self.notes:
                self.notes.append(text)
        if parsed.order_used is not None and self.times.date_order is None:
            if parsed.order_evidence:
                if self._order_guessed and parsed.order_used != "dmy":
                    raise DateOrderChanged(parsed.order_used)
                self._order_decided = parsed.order_used
            else:
                if self._order_decided is None:
                    self._order_guessed = True
        return parsed

    def add(self, columns: Sequence[Sequence[Any]], rows: Sequence[int]) -> None:
        """Check and convert one batch; bad rows become problems, good rows are kept."""
        n = len(rows)
        if n == 0:
            return
        numbers = np.asarray(rows, dtype=np.int64)
        ok = np.ones(n, dtype=bool)
        problems: list[tuple[int, RowProblem]] = []

        def report(mask: npt.NDArray[np.bool_], role: str, reason: str) -> None:
            for k in np.flatnonzero(mask & ok).tolist():
                problems.append((k, RowProblem(int(numbers[k]), reason, self._col(role))))
            ok[mask] = False

        items = _text(columns[self.columns["item"]])
        acts = _text(columns[self.columns["activity"]])
        report(_blank(items), "item", "missing item id")
        report(_blank(acts), "activity", "missing activity")
        start = self._times("start", columns[self.columns["start"]])
        report(start.blank, "start", "missing timestamp")
        for k, why in start.reasons.items():
            if ok[k]:
                problems.append((k, RowProblem(int(numbers[k]), why, self._col("start"))))
                ok[k] = False
        if "end" in self.columns:
            end = self._times("end", columns[self.columns["end"]])
            for k, why in end.reasons.items():
                if ok[k]:
                    problems.append((k, RowProblem(int(numbers[k]), why, self._col("end"))))
                    ok[k] = False
            end_s = end.seconds
            with np.errstate(invalid="ignore"):
                before = end_s < start.seconds
            for k in np.flatnonzero(before & ok).tolist():
                problems.append(
                    (
                        k,
                        RowProblem(
                            int(numbers[k]),
                            f"end {columns[self.columns['end']][k]!r} is before start "
                            f"{columns[self.columns['start']][k]!r}",
                            self._col("end"),
                        ),
                    )
                )
            ok[before] = False
        else:
            end_s = np.full(n, np.nan)
        problems.sort(key=lambda p: p[0])
        self.problems.extend(p for _, p in problems)
        keep = np.flatnonzero(ok)
        all_good = len(keep) == n
        self._items.append(_codes(items, keep, all_good, self._item_index))
        self._acts.append(_codes(acts, keep, all_good, self._act_index))
        self._start.append(start.seconds[keep])
        self._end.append(end_s[keep])
        if "resource" in self.columns:
            res = _text(columns[self.columns["resource"]])
            self._res.append(_codes(res, keep, all_good, self._res_index))
        self._rows.append(numbers[keep])

    def finish(self) -> tuple[EventTable, list[RowProblem]]:
        """The table of good rows (duplicates removed) and all problems, sorted by row."""
        table = EventTable(
            item_codes=_cat(self._items, np.int32),
            item_labels=_labels(self._item_index),
            activity_codes=_cat(self._acts, np.int32),
            activity_labels=_labels(self._act_index),
            start=_cat(self._start, np.float64),
            end=_cat(self._end, np.float64),
            resource=_labels_with_blank(self._res_index)[_cat(self._res, np.int32)]
            if "resource" in self.columns
            else None,
            rows=_cat(self._rows, np.int64),
        )
        dup, first = find_duplicates(table)
        if len(dup):
            assert table.rows is not None
            for d, f in zip(dup.tolist(), first.tolist(), strict=True):
                self.problems.append(
                    RowProblem(int(table.rows[d]), f"duplicate of row {int(table.rows[f])}")
                )
            keep = np.ones(len(table), dtype=bool)
            keep[dup] = False
            table = table.take(keep)
        self.problems.sort(key=lambda p: p.row)
        return table, self.problems


def _codes(values: list[str], keep: np.ndarray, all_good: bool, index: dict[str, int]) -> Any:
    """Encode ``values[keep]`` against a dictionary shared by all batches."""
    chosen = values if all_good else [values[k] for k in keep.tolist()]
    # New labels first (dict.fromkeys runs in C), then one C-level lookup per value.
    for label in dict.fromkeys(chosen):
        if label not in index:
            index[label] = len(index)
    return np.fromiter(map(index.__getitem__, chosen), dtype=np.int32, count=len(chosen))


def _cat(parts: list[np.ndarray], dtype: type) -> Any:
    return np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype)


def _labels(index: dict[str, int]) -> Any:
    out = np.empty(len(index), dtype=object)
    out[:] = list(index)
    return out


def _labels_with_blank(index: dict[str, int]) -> Any:
    out = _labels(index)
    out[out == ""] = None
    return out


def find_duplicates(table: EventTable) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Rows that exactly repeat an earlier row, and the earlier row each repeats.

    A 64-bit hash of each row finds candidates with one sort of integers; only rows whose
    hash repeats are compared field by field.
    """
    n = len(table)
    empty = np.zeros(0, dtype=np.intp)
    if n < 2:
        return empty, empty
    end = np.where(np.isnan(table.end), -np.inf, table.end)
    res = None
    if table.resource is not None:
        _, res = np.unique(table.resource.astype(str), return_inverse=True)
    with np.errstate(over="ignore"):
        h = table.item_codes.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        h ^= table.activity_codes.astype(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F)
        h ^= table.start.view(np.uint64) * np.uint64(0x165667B19E3779F9)
        h ^= end.view(np.uint64) * np.uint64(0x27D4EB2F165667C5)
        if res is not None:
            h ^= res.astype(np.uint64) * np.uint64(0xFF51AFD7ED558CCD)
    order = np.argsort(h, kind="stable")
    hs = h[order]
    repeated = np.flatnonzero(hs[1:] == hs[:-1])
    if not len(repeated):
        return empty, empty
    candidates = np.unique(np.concatenate((order[repeated], order[repeated + 1])))
    keys: list[np.ndarray] = [candidates, end[candidates], table.start[candidates]]
    keys.append(table.activity_codes[candidates])
    if res is not None:
        keys.append(res[candidates])
    keys.append(table.item_codes[candidates])
    sort = np.lexsort(keys)  # the last key sorts first; the row index keeps the first first
    same = np.ones(len(candidates) - 1, dtype=bool)
    for key in keys[1:]:
        k = key[sort]
        same &= k[1:] == k[:-1]
    starts = np.concatenate(([True], ~same))
    run_start = np.maximum.accumulate(np.where(starts, np.arange(len(candidates)), 0))
    dup_pos = np.flatnonzero(~starts)
    rows = candidates[sort]
    return rows[dup_pos], rows[run_start[dup_pos]]
