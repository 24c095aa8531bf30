"""Reading whole columns of timestamps into epoch seconds (UTC), vectorised where possible.

Rules (documented for users in docs/measurements-import.md):

- ISO 8601 (``2024-03-05T14:30:00``, ``2024-03-05 14:30``, a date alone, fractions of a second,
  ``Z`` or ``+01:00``): a value with a zone is exact; a value without one is UTC unless a zone
  is given (``tz="Europe/Berlin"``).
- ``DD/MM/YYYY [HH:MM[:SS]]`` and ``MM/DD/YYYY ...`` (also with ``.`` or ``-``, optional AM/PM):
  the order is decided per column. A first field above 12 means day first, a second field above
  12 means month first; when no value tells (every field ≤ 12) ``date_order`` decides, default
  day first, and a note says so. ``YYYY/MM/DD`` is read as year, month, day.
- Numbers: Excel serial days (below 1,000,000: 45000.5 is 2023-03-15 12:00), epoch seconds
  (10^8 to 10^11) or epoch milliseconds (10^11 to 10^14); ``numeric`` forces one reading.
- ``datetime``/``date`` objects (from Excel cells) are taken as they are (naive ones as above).

Blank cells are not errors here (the caller knows whether a column is required); any other
value that cannot be read is marked bad with a reason.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import numpy.typing as npt

from .problems import CancelFlag, ImportFileError, check_cancel
from .slashed_dates import (
    SLASHED,
    DateOrder,
    chunk_seconds,
    decide_order,
    evidence,
    normalise_chunk,
    numeric_fields,
    read_match,
)

__all__ = [
    "DateOrder",
    "NumericKind",
    "ParsedTimes",
    "parse_timestamps",
    "resolve_zone",
]

NumericKind = Literal["auto", "excel", "epoch", "epoch_ms"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: 1899-12-30, day 0 of Excel's 1900 date system (it counts the non-existent 29 Feb 1900, so
#: day 0 is the 30th and serials from 61 on map right).
_EXCEL_EPOCH_DAYS = -25569.0
_CHUNK = 65_536
_NAIVE_EPOCH = datetime(1970, 1, 1)


@dataclass
class ParsedTimes:
    """Epoch seconds per value (NaN for blank or bad), and which values were blank or bad."""

    seconds: FloatArray
    blank: BoolArray
    bad: BoolArray
    #: Why a value is bad, by index (only for bad values).
    reasons: dict[int, str] = field(default_factory=dict)
    #: Decisions worth telling the user once, e.g. how ambiguous dates were read.
    notes: list[str] = field(default_factory=list)
    #: The day/month order used for ``a/b/yyyy`` dates (None: there were none), and whether
    #: the values themselves showed it (a field above 12) rather than the option or default.
    order_used: DateOrder | None = None
    order_evidence: bool = False


def resolve_zone(tz: str | tzinfo | None) -> tzinfo | None:
    """A zone from an IANA name (``Europe/Berlin``), ``UTC``, or a tzinfo; None stays None."""
    if tz is None or isinstance(tz, tzinfo):
        return tz
    name = tz.strip()
    if name.upper() in {"UTC", "Z", "GMT"}:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: a region alone ("Europe") is a folder of the zone database, and a very long
        # name is too long a file name; both are names the user got wrong, not a crash.
        raise ImportFileError(
            f"unknown time zone {tz!r}; use an IANA name such as 'Europe/Berlin' or 'UTC'"
        ) from None


def parse_timestamps(
    values: Sequence[object] | np.ndarray,
    *,
    tz: str | tzinfo | None = None,
    date_order: DateOrder | None = None,
    numeric: NumericKind = "auto",
    cancel: CancelFlag | None = None,
) -> ParsedTimes:
    """Read a column of timestamps; see the module docstring for the rules."""
    zone = resolve_zone(tz)
    col = np.empty(len(values), dtype=object)
    col[:] = values if isinstance(values, np.ndarray) else list(values)
    n = len(col)
    out = ParsedTimes(
        seconds=np.full(n, np.nan),
        blank=np.zeros(n, dtype=bool),
        bad=np.zeros(n, dtype=bool),
    )
    # naive[i]: the value carried no zone, so the zone option applies to it.
    naive = np.zeros(n, dtype=bool)
    if n == 0:
        return out

    # Fast path: chunks of ISO text go through numpy in one call each, chunks of plain
    # DD/MM/YYYY text are rewritten to ISO first; what is left (blanks, numbers, zones, other
    # forms) is classified and parsed per value.
    rest: list[int] = []
    # (lo, hi, byte matrix) of chunks of plain a/b/yyyy text
    slashed: list[tuple[int, int, npt.NDArray[np.uint8]]] = []
    for lo in range(0, n, _CHUNK):
        check_cancel(cancel)
        hi = min(lo + _CHUNK, n)
        chunk = col[lo:hi].tolist()
        try:
            joined = "\n".join(chunk)  # raises TypeError unless every value is text
        except TypeError:
            rest.extend(range(lo, hi))
            continue
        secs = _numpy_iso(chunk)
        if secs is None and joined.endswith("Z") and joined.count("Z\n") == len(chunk) - 1:
            # Every value ends in Z (UTC), as many exports write them: drop it and let numpy
            # read the rest; the zone option does not apply to these.
            utc_secs = _numpy_iso(joined.replace("Z\n", "\n")[:-1].split("\n"))
            if utc_secs is not None and not np.isnan(utc_secs).any():
                out.seconds[lo:hi] = utc_secs
                continue
        if secs is None:
            padded = normalise_chunk(joined, len(chunk)) if _looks_slashed(chunk[0]) else None
            if padded is not None:
                slashed.append((lo, hi, padded))
            else:
                rest.extend(range(lo, hi))
            continue
        out.seconds[lo:hi] = secs
        naive[lo:hi] = True
        # numpy reads blanks as NaT and bare integers as nanoseconds: redo those per value.
        redo = np.isnan(secs)
        # Every ISO date numpy reads has exactly two '-' (YYYY-MM-DD); fewer in total means
        # some values were bare numbers.
        if joined.count("-") != 2 * (len(chunk) - int(redo.sum())):
            redo |= np.array([_NUMBER_TEXT.match(v.strip()) is not None for v in chunk])
        rest.extend((lo + np.flatnonzero(redo)).tolist())
    pending: list[tuple[int, re.Match[str]]] = []
    if rest:
        pending = _parse_slow(col, np.asarray(rest, dtype=np.intp), numeric, out, naive)
    if slashed or pending:
        _parse_slashed(col, slashed, pending, date_order, out, naive)
    if zone is not None and zone is not UTC and naive.any():
        _apply_zone(out.seconds, naive, zone)
    return out


def _looks_slashed(text: str) -> bool:
    return text[1:2] in ("/", ".", "-") or text[2:3] in ("/", ".", "-")


def _parse_slow(
    col: np.ndarray,
    idx: npt.NDArray[np.intp],
    numeric: NumericKind,
    out: ParsedTimes,
    naive: BoolArray,
) -> list[tuple[int, re.Match[str]]]:
    """Parse values one by one; ``a/b/c`` dates are returned matched but not yet read (their
    day/month order is decided over the whole column)."""
    out.seconds[idx] = np.nan
    naive[idx] = False
    sub = col[idx]
    kinds = _classify(sub)
    col[idx] = sub  # stripped text
    out.blank[idx] = kinds == _BLANK
    numbers = idx[kinds == _NUM]
    objects = idx[kinds == _OBJ]
    strings = idx[kinds == _STR]
    if len(numbers):
        _parse_numbers(col, numbers, numeric, out)
    if len(objects):
        _parse_objects(col, objects, out, naive)
    return _parse_strings(col, strings, out, naive) if len(strings) else []


# -- classification ---------------------------------------------------------------------------
_BLANK, _STR, _NUM, _OBJ = 0, 1, 2, 3
_NUMBER_TEXT = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def _classify(col: np.ndarray) -> npt.NDArray[np.int8]:
    """Blank, text, number or date object per value; numeric text counts as a number.
    Text is stripped in place."""
    kinds = np.full(len(col), _STR, dtype=np.int8)
    for i, v in enumerate(col.tolist()):
        if v is None:
            kinds[i] = _BLANK
        elif isinstance(v, str):
            s = v.strip()
            if not s:
                kinds[i] = _BLANK
            elif s[0].isdigit() and len(s) < 20 and _NUMBER_TEXT.match(s):
                kinds[i] = _NUM
            else:
                col[i] = s
        elif isinstance(v, bool):
            kinds[i] = _STR  # never a time; reported bad by the string path
            col[i] = str(v)
        elif isinstance(v, (int, float, np.integer, np.floating)):
            kinds[i] = _BLANK if v != v else _NUM  # NaN (an empty Excel cell) is blank
        elif isinstance(v, (datetime, date)):
            kinds[i] = _OBJ
        else:
            col[i] = str(v).strip()
    return kinds


# -- numbers ----------------------------------------------------------------------------------
def _parse_numbers(
    col: np.ndarray, idx: npt.NDArray[np.intp], numeric: NumericKind, out: ParsedTimes
) -> None:
    nums = np.array([float(v) for v in col[idx].tolist()], dtype=np.float64)
    kind = numeric
    if kind == "auto":
        top = float(np.nanmax(np.abs(nums))) if len(nums) else 0.0
        if top < 1e6:
            kind = "excel"
        elif 1e8 <= top < 1e11:
            kind = "epoch"
        elif 1e11 <= top < 1e14:
            kind = "epoch_ms"
        else:
            for i in idx:
                out.bad[i] = True
                out.reasons[int(i)] = (
                    f"the number {col[i]!r} is neither an Excel date (below 1,000,000) nor "
                    "epoch seconds (10^8 to 10^11) or milliseconds"
                )
            return
        label = {"excel": "Excel serial dates", "epoch": "epoch seconds", "epoch_ms": "epoch ms"}
        out.notes.append(f"numbers read as {label[kind]}")
    if kind == "excel":
        secs = (nums + _EXCEL_EPOCH_DAYS) * 86400.0
    elif kind == "epoch":
        secs = nums
    else:
        secs = nums / 1000.0
    out.seconds[idx] = secs


# -- date objects -----------------------------------------------------------------------------
def _parse_objects(
    col: np.ndarray, idx: npt.NDArray[np.intp], out: ParsedTimes, naive: BoolArray
) -> None:
    for i in idx.tolist():
        v = col[i]
        if not isinstance(v, datetime):
            v = datetime(v.year, v.month, v.day)
        if v.tzinfo is None:
            naive[i] = True
            out.seconds[i] = (v - _NAIVE_EPOCH).total_seconds()
        else:
            out.seconds[i] = v.timestamp()


# -- strings ----------------------------------------------------------------------------------
def _numpy_iso(chunk: list[str]) -> FloatArray | None:
    """Epoch seconds of zone-less ISO strings via numpy, or None if any value is not one."""
    try:
        with warnings.catch_warnings():
            # numpy warns and guesses on zone suffixes; we parse those exactly per row instead.
            warnings.simplefilter("error")
            parsed = np.array(chunk, dtype="datetime64[us]")
    except (ValueError, TypeError, UserWarning, DeprecationWarning, OverflowError):
        return None
    # NaT (from blanks or the text "NaT") becomes NaN and is redone per value by the caller.
    secs = parsed.astype(np.int64).astype(np.float64) / 1e6
    secs[np.isnat(parsed)] = np.nan
    return secs


def _parse_strings(
    col: np.ndarray, idx: npt.NDArray[np.intp], out: ParsedTimes, naive: BoolArray
) -> list[tuple[int, re.Match[str]]]:
    pending: list[tuple[int, re.Match[str]]] = []
    for i in idx.tolist():
        text = col[i]
        try:
            if "/" in text[1:3] or "." in text[1:3]:
                raise ValueError  # DD/MM/... : straight to the pattern, skip a sure failure
            dt = datetime.fromisoformat(text)
        except ValueError:
            m = SLASHED.match(text)
            if m is None:
                out.bad[i] = True
                out.reasons[i] = f"cannot read {text!r} as a date and time"
            else:
                pending.append((i, m))
            continue
        _store(out, naive, i, dt)
    return pending


def _store(out: ParsedTimes, naive: BoolArray, i: int, dt: datetime) -> None:
    if dt.tzinfo is None:
        naive[i] = True
        out.seconds[i] = (dt - _NAIVE_EPOCH).total_seconds()
    else:
        out.seconds[i] = dt.timestamp()


def _parse_slashed(
    col: np.ndarray,
    chunks: list[tuple[int, int, npt.NDArray[np.uint8]]],
    pending: list[tuple[int, re.Match[str]]],
    date_order: DateOrder | None,
    out: ParsedTimes,
    naive: BoolArray,
) -> None:
    """``a/b/c`` dates, whole chunks and single values, read in one day/month order decided
    over all of them (see :func:`slashed_dates.decide_order`)."""
    day_first = month_first = 0
    numeric = bool(chunks)
    for lo_hi_text in chunks:
        d, m = evidence(lo_hi_text[2])
        day_first, month_first = day_first + d, month_first + m
    for _, match in pending:
        fields = numeric_fields(match)
        if fields is not None:
            numeric = True
            day_first += fields[0] > 12
            month_first += fields[1] > 12
    order: DateOrder = date_order or "dmy"
    if numeric:
        order, out.order_evidence = decide_order(date_order, day_first, month_first, out.notes)
        out.order_used = order
    for lo, hi, text in chunks:
        secs = chunk_seconds(text, order)
        if secs is not None:
            out.seconds[lo:hi] = secs
            naive[lo:hi] = True
            continue
        # Some value is no real date (31/02, month 13): read them one by one for the reasons.
        for i in range(lo, hi):
            found = SLASHED.match(col[i].strip())
            if found is not None:
                pending.append((i, found))
    for i, match in pending:
        got = read_match(match, order)
        if isinstance(got, str):
            out.bad[i] = True
            out.reasons[i] = got
        else:
            _store(out, naive, i, got)


# -- zones ------------------------------------------------------------------------------------
def _apply_zone(seconds: FloatArray, naive: BoolArray, zone: tzinfo) -> None:
    """Turn naive local wall times (parsed as if UTC) into true UTC.

    The offset changes only at DST transitions, so it is looked up once per distinct local
    hour rather than once per row.
    """
    where = np.flatnonzero(naive & ~np.isnan(seconds))
    if not len(where):
        return
    local = seconds[where]
    hours = np.floor(local / 3600.0)
    unique, inverse = np.unique(hours, return_inverse=True)
    offsets = np.empty(len(unique))
    for k, h in enumerate(unique.tolist()):
        wall = _NAIVE_EPOCH + timedelta(hours=h)
        off = wall.replace(tzinfo=zone).utcoffset()
        offsets[k] = off.total_seconds() if off is not None else 0.0
    seconds[where] = local - offsets[inverse]
