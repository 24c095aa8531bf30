"""Dates written ``a/b/c``: day or month first, year first, month names, two-digit years.

Used by :mod:`vsm_desktop.measure.timestamps`. Two ways in: :func:`normalise_chunk` and
:func:`chunk_seconds` read a whole chunk of plain ``D/M/YYYY[ H:MM[:SS]]`` text as a byte
matrix and compute the times from its digit columns (as fast as ISO input);
:func:`read_match` reads one value matched by :data:`SLASHED` for everything else (AM/PM,
month names, zones, two-digit years) and says why a value is not a date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Literal

import numpy as np
import numpy.typing as npt

__all__ = [
    "SLASHED",
    "DateOrder",
    "OrderEvidence",
    "chunk_seconds",
    "decide_order",
    "evidence",
    "normalise_chunk",
    "order_evidence",
    "read_match",
]

DateOrder = Literal["dmy", "mdy"]

SLASHED = re.compile(
    r"""^(?P<a>\d{1,4})[/.\-\ ](?P<b>\d{1,2}|[A-Za-z]{3,9})\.?[/.\-\ ](?P<c>\d{1,4}),?
        (?:[ T]+(?P<H>\d{1,2})[:.](?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d{1,9}))?)?
           \s*(?P<ampm>[AaPp][Mm])?)?
        \s*(?P<tz>Z|[+\-]\d{2}:?\d{2})?$""",
    re.VERBOSE,
)

_MONTHS = {
    name: k
    for k, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}

AMBIGUOUS_NOTE = (
    "no date tells whether day or month comes first; read as DD/MM/YYYY "
    "(set the date order option for MM/DD/YYYY)"
)


def decide_order(
    date_order: DateOrder | None, day_first: int, month_first: int, notes: list[str]
) -> tuple[DateOrder, bool]:
    """``(order, from_evidence)`` given how many values showed a day above 12 in the first
    field (``day_first``) or in the second (``month_first``); the option wins when given."""
    if date_order is not None:
        return date_order, False
    if day_first and not month_first:
        return "dmy", True
    if month_first and not day_first:
        return "mdy", True
    if day_first and month_first:
        # Mixed orders in one column: go with the majority; the rest fail as bad months.
        order: DateOrder = "dmy" if day_first >= month_first else "mdy"
        notes.append(f"dates in both day-first and month-first order; read as {order}")
        return order, True
    notes.append(AMBIGUOUS_NOTE)
    return "dmy", False


@dataclass(frozen=True)
class OrderEvidence:
    """What a few values say about the day/month order of their ``a/b/yyyy`` dates, by index.

    For the import dialog, which shows the user how the dates will be read before importing;
    the importer itself counts the same evidence over the whole file (:func:`decide_order`).
    """

    #: Values with day and month as numbers (not year first, no month name).
    dates: list[int] = field(default_factory=list)
    #: Those whose first field is above 12 (only day first fits) ...
    day_first: list[int] = field(default_factory=list)
    #: ... and those whose second field is above 12 (only month first fits).
    month_first: list[int] = field(default_factory=list)
    #: Those where both orders give a real date that differs (03/04: the order matters).
    ambiguous: list[int] = field(default_factory=list)

    def order(self, date_order: DateOrder | None = None) -> tuple[DateOrder, bool]:
        """The order the importer would use on these values; see :func:`decide_order`."""
        return decide_order(date_order, len(self.day_first), len(self.month_first), [])


def order_evidence(values: Sequence[object]) -> OrderEvidence:
    """Sort ``values`` (text cells; anything else is ignored) by what their fields show."""
    out = OrderEvidence()
    for k, value in enumerate(values):
        if not isinstance(value, str):
            continue
        match = SLASHED.match(value.strip())
        fields = numeric_fields(match) if match is not None else None
        if fields is None:
            continue
        a, b = fields
        out.dates.append(k)
        if a > 12:
            out.day_first.append(k)
        if b > 12:
            out.month_first.append(k)
        if 1 <= a <= 12 and 1 <= b <= 12 and a != b:
            out.ambiguous.append(k)
    return out


# -- whole chunks -----------------------------------------------------------------------------
_PAD_FIRST = re.compile(r"(?m)^(\d)(?=[/.\-])")
_PAD_SECOND = re.compile(r"(?m)^(\d\d[/.\-])(\d)(?=[/.\-])")
_PAD_HOUR = re.compile(r"(?m)^(\S+ )(\d)(?=:)")
_DATE_DIGITS = (0, 1, 3, 4, 6, 7, 8, 9)
#: Digit columns per width: date only, with HH:MM, with HH:MM:SS.
_DIGITS: dict[int, tuple[int, ...]] = {
    10: _DATE_DIGITS,
    16: (*_DATE_DIGITS, 11, 12, 14, 15),
    19: (*_DATE_DIGITS, 11, 12, 14, 15, 17, 18),
}
_SEPARATORS = np.frombuffer(b"/.-", dtype=np.uint8)


def _fixed_width(joined: str, count: int) -> npt.NDArray[np.uint8] | None:
    """The values as an ``(count, width)`` byte matrix if all are ASCII of one width."""
    total = len(joined) + 1
    if total % count:
        return None
    width = total // count - 1
    if width not in _DIGITS:
        return None
    try:
        cells = np.array(joined.split("\n"), dtype=f"S{width + 1}")
    except UnicodeEncodeError:
        return None
    m = cells.view(np.uint8).reshape(count, width + 1)
    if m[:, width].any() or not m[:, width - 1].all():
        return None  # some value is longer or shorter than the rest
    return np.ascontiguousarray(m[:, :width])


def normalise_chunk(joined: str, count: int) -> npt.NDArray[np.uint8] | None:
    """``count`` values (one per line) of plain ``D/M/YYYY[ H:MM[:SS]]`` as a byte matrix with
    day, month and hour padded to two digits; None if any value is not of that form."""
    m = _fixed_width(joined, count)
    if m is None:
        padded = _PAD_FIRST.sub(r"0\1", joined)
        padded = _PAD_SECOND.sub(r"\g<1>0\2", padded)
        padded = _PAD_HOUR.sub(r"\g<1>0\2", padded)
        m = _fixed_width(padded, count)
        if m is None:
            return None
    width = m.shape[1]
    digits = m[:, _DIGITS[width]]
    ok = bool(((digits >= 48) & (digits <= 57)).all())
    ok = ok and bool(np.isin(m[:, 2], _SEPARATORS).all()) and bool((m[:, 5] == m[:, 2]).all())
    if width >= 16:
        ok = (
            ok
            and bool(((m[:, 10] == 32) | (m[:, 10] == 84)).all())
            and bool((m[:, 13] == 58).all())
        )
    if width == 19:
        ok = ok and bool((m[:, 16] == 58).all())
    return m if ok else None


def _two_digits(m: npt.NDArray[np.uint8], col: int) -> npt.NDArray[np.int64]:
    """The number in two digit columns of the byte matrix."""
    return (m[:, col].astype(np.int64) - 48) * 10 + (m[:, col + 1].astype(np.int64) - 48)


def evidence(m: npt.NDArray[np.uint8]) -> tuple[int, int]:
    """How many values show day first (first field > 12) and month first (second > 12)."""
    return int((_two_digits(m, 0) > 12).sum()), int((_two_digits(m, 3) > 12).sum())


_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def chunk_seconds(m: npt.NDArray[np.uint8], order: DateOrder) -> npt.NDArray[np.float64] | None:
    """Epoch seconds (as if UTC) of a normalised chunk, or None if some value is no real date
    (31/02, month 13, 25:00): those are then read one by one to say why.

    Computed from the digits (days from the civil date, H. Hinnant's algorithm) rather than by
    a numpy string cast, which crashes numpy 2.4 on a bad date in a large bytes array.
    """
    width = m.shape[1]
    first, second = _two_digits(m, 0), _two_digits(m, 3)
    day, month = (first, second) if order == "dmy" else (second, first)
    year = _two_digits(m, 6) * 100 + _two_digits(m, 8)
    hour = _two_digits(m, 11) if width >= 16 else 0
    minute = _two_digits(m, 14) if width >= 16 else 0
    second_ = _two_digits(m, 17) if width == 19 else 0
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_ok = (month >= 1) & (month <= 12)
    last_day = _MONTH_DAYS[np.where(month_ok, month, 0)] + (leap & (month == 2))
    valid = month_ok & (day >= 1) & (day <= last_day)
    valid &= (np.asarray(hour) < 24) & (np.asarray(minute) < 60) & (np.asarray(second_) < 60)
    if not valid.all():
        return None
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    days = era * 146097 + doe - 719468
    return (days * 86400 + hour * 3600 + minute * 60 + second_).astype(np.float64)


# -- one value --------------------------------------------------------------------------------
def numeric_fields(match: re.Match[str]) -> tuple[int, int] | None:
    """The first two fields of a day/month-ambiguous value (not year first, no month name)."""
    if len(match["a"]) <= 2 and match["b"].isdigit():
        return int(match["a"]), int(match["b"])
    return None


def read_match(match: re.Match[str], order: DateOrder) -> datetime | str:
    """The value as a datetime (aware when it had a zone), or the reason it is not one."""
    text = match.string
    ga, gb, gc, gh, gm, gs, frac, ampm, zone = match.groups(default="")
    if not gb.isdigit():
        month_no = _MONTHS.get(gb[:3].casefold(), 0)
        if not month_no or len(ga) > 2:
            return f"cannot read {text!r} as a date and time"
        day, month, year = int(ga), month_no, int(gc)
    elif len(ga) >= 3:
        year, month, day = int(ga), int(gb), int(gc)
    elif order == "dmy":
        day, month, year = int(ga), int(gb), int(gc)
    else:
        month, day, year = int(ga), int(gb), int(gc)
    if len(gc) == 2 and len(ga) <= 2:  # two-digit years: 00-69 are 2000s, 70-99 1900s
        year += 2000 if year < 70 else 1900
    hour = int(gh or 0)
    ampm = ampm.lower()
    if ampm:
        if not 1 <= hour <= 12:
            return f"{text!r}: hour {hour} with {ampm.upper()}"
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    try:
        dt = datetime(year, month, day, hour, int(gm or 0), int(gs or 0), int((frac + "0" * 6)[:6]))
    except ValueError as exc:
        return f"cannot read {text!r} as a date ({exc}; read as {order})"
    if zone:
        dt = dt.replace(tzinfo=offset(zone))
    return dt


def offset(text: str) -> tzinfo:
    """``Z``, ``+01:00`` or ``-0500`` as a fixed zone."""
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
