"""XES event logs (IEEE 1849), streamed.

Each trace's ``concept:name`` is the item; each event's ``concept:name`` the activity,
``time:timestamp`` its time, ``org:resource`` its resource. ``lifecycle:transition`` ``start``
and ``complete`` events of the same activity in a trace are paired in order (by
``concept:instance`` when events carry one) into one row with a start and an end; a complete
without a start, or an event without a transition, is a point in time (end NaN); a start never
completed keeps an open end. Other transitions (schedule, assign, suspend, ...) are ignored.

The parser is defusedxml's iterparse: entity declarations and external references are refused,
never expanded (no XXE, no billion laughs). Rows are numbered by event (1-based, in file order).
"""

from __future__ import annotations

import dataclasses
import gzip
from collections import deque
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from ..events import EventTable
from ..problems import CancelFlag, ImportFileError, Progress, check_cancel
from . import ParseResult
from .builder import EventBuilder, TimeOptions

__all__ = ["read_xes"]

_CHECK_EVERY = 20_000  # events between cancel checks and progress reports


_LOCAL: dict[str, str] = {}


def _local(tag: str) -> str:
    """The tag without its namespace (cached: a log has a handful of distinct tags)."""
    name = _LOCAL.get(tag)
    if name is None:
        name = _LOCAL[tag] = tag.rsplit("}", 1)[-1]
    return name


_PROLOG_BYTES = 64 * 1024


def _plain_prolog(file: Path) -> bool:
    """True when the file's prolog surely has no DOCTYPE: then no entity can be declared and
    the C parser of the standard library is safe (undeclared entities are errors there).

    Anything unclear (a DOCTYPE, a prolog longer than the first 64 KB, UTF-16 text) sends the
    file to defusedxml's parser, which refuses entities (and is about 3x slower).
    """
    with _open(file) as fh:
        head = fh.read(_PROLOG_BYTES)
    if b"\x00" in head:
        return False
    pos = 0
    while True:
        lt = head.find(b"<", pos)
        if lt < 0 or lt + 1 >= len(head):
            return False
        nxt = head[lt + 1 : lt + 2]
        if nxt == b"?":
            pos = head.find(b"?>", lt)
        elif head.startswith(b"<!--", lt):
            pos = head.find(b"-->", lt)
        else:
            # A declaration such as <!DOCTYPE ...>, or else the root element: prolog over.
            return nxt != b"!"
        if pos < 0:
            return False


def _attrs(elem: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for child in elem:
        key = child.get("key")
        if key is not None and _local(child.tag) != "list":
            out[key] = child.get("value", "")
    return out


class _Rows:
    """The flat rows the events of a log become, as columns."""

    def __init__(self) -> None:
        self.item: list[str] = []
        self.activity: list[str] = []
        self.start: list[str] = []
        self.end: list[str] = []
        self.resource: list[str] = []
        self.row: list[int] = []

    def add(self, item: str, activity: str, start: str, end: str, res: str, row: int) -> None:
        self.item.append(item)
        self.activity.append(activity)
        self.start.append(start)
        self.end.append(end)
        self.resource.append(res)
        self.row.append(row)


def _pair_trace(item: str, events: list[tuple[int, dict[str, str]]], out: _Rows) -> None:
    """Pair start/complete events of one trace (FIFO per activity and instance); rows come
    out in the file order of their first event."""
    open_starts: dict[tuple[str, str], deque[tuple[int, dict[str, str]]]] = {}
    rows: list[tuple[int, str, str, str, str]] = []  # (ordinal, activity, start, end, resource)
    for ordinal, ev in events:
        activity = ev.get("concept:name", "")
        transition = ev.get("lifecycle:transition", "complete").strip().lower()
        key = (activity, ev.get("concept:instance", ""))
        time = ev.get("time:timestamp", "")
        res = ev.get("org:resource", "")
        if transition == "start":
            open_starts.setdefault(key, deque()).append((ordinal, ev))
        elif transition == "complete":
            pending = open_starts.get(key)
            if pending:
                s_ord, s_ev = pending.popleft()
                start = s_ev.get("time:timestamp", "")
                rows.append((s_ord, activity, start, time, s_ev.get("org:resource", "") or res))
            else:
                rows.append((ordinal, activity, time, "", res))
    for pending in open_starts.values():
        for s_ord, s_ev in pending:
            rows.append(
                (
                    s_ord,
                    s_ev.get("concept:name", ""),
                    s_ev.get("time:timestamp", ""),
                    "",
                    s_ev.get("org:resource", ""),
                )
            )
    rows.sort(key=lambda r: r[0])
    for ordinal, activity, start, end, res in rows:
        out.add(item, activity, start, end, res, ordinal)


def _open(file: Path) -> IO[bytes]:
    with file.open("rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(file, "rb")  # type: ignore[return-value]
    return file.open("rb")


class _Collector:
    """What both parsers report, turned into rows trace by trace (memory stays flat)."""

    def __init__(self, limit: int | None) -> None:
        self.rows = _Rows()
        self.limit = limit
        self.ordinal = 0
        self.saw_log = False
        self.in_trace = False
        self.trace_name = ""
        self.events: list[tuple[int, dict[str, str]]] = []

    def start_trace(self) -> None:
        self.in_trace, self.trace_name, self.events = True, "", []

    def event(self, attrs: dict[str, str]) -> bool:
        """Record an event; True when the limit is reached."""
        self.ordinal += 1
        if self.in_trace:
            self.events.append((self.ordinal, attrs))
        return bool(self.limit) and self.ordinal >= (self.limit or 0)

    def end_trace(self) -> None:
        if self.in_trace:
            _pair_trace(self.trace_name.strip(), self.events, self.rows)
        self.in_trace, self.events = False, []


class _Stop(Exception):
    """Raised from a parser callback when the row limit (a preview) is reached."""


_ATTRIBUTE_TAGS = frozenset({"string", "date", "int", "float", "boolean", "id", "list"})
_FEED_BYTES = 1 << 20


def _drive_expat(
    fh: IO[bytes], size: int, raw: Any, got: _Collector, cancel: CancelFlag | None,
    progress: Progress | None,
) -> None:  # fmt: skip
    """The C expat parser with callbacks: no element objects at all (about 2x faster than
    iterparse). Only for files whose prolog has no DOCTYPE, so no entity can be declared;
    a reference to an undeclared one is a syntax error."""
    parser = expat.ParserCreate()
    current: dict[str, str] | None = None
    depth = 0  # attribute nesting: only direct children of an event or trace count

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal current, depth
        tag = name.rpartition(":")[2]
        if tag in _ATTRIBUTE_TAGS:
            depth += 1
            if depth == 1 and tag != "list":
                key = attrs.get("key")
                if key is not None:
                    if current is not None:
                        current[key] = attrs.get("value", "")
                    elif got.in_trace and key == "concept:name":
                        got.trace_name = attrs.get("value", "")
        elif tag == "event":
            current, depth = {}, 0
        elif tag == "trace":
            got.start_trace()
        elif tag == "log":
            got.saw_log = True

    def end(name: str) -> None:
        nonlocal current, depth
        tag = name.rpartition(":")[2]
        if tag in _ATTRIBUTE_TAGS:
            depth -= 1
        elif tag == "event" and current is not None:
            done = got.event(current)
            current = None
            if got.ordinal % _CHECK_EVERY == 0:
                check_cancel(cancel)
            if done:
                raise _Stop
        elif tag == "trace":
            got.end_trace()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    while chunk := fh.read(_FEED_BYTES):
        parser.Parse(chunk, False)
        check_cancel(cancel)
        if progress is not None:
            progress(min(raw.tell() / size, 1.0))
    parser.Parse(b"", True)


def _drive_defused(
    fh: IO[bytes], size: int, raw: Any, got: _Collector, cancel: CancelFlag | None,
    progress: Progress | None,
) -> None:  # fmt: skip
    """defusedxml's iterparse, for files with a DOCTYPE: entity declarations are refused."""
    depth_event = 0
    for action, elem in iterparse(fh, events=("start", "end")):
        tag = _local(elem.tag)
        if action == "start":
            if tag == "log":
                got.saw_log = True
            elif tag == "trace":
                got.start_trace()
            elif tag == "event":
                depth_event += 1
            continue
        if tag == "event":
            depth_event -= 1
            done = got.event(_attrs(elem))
            elem.clear()
            if got.ordinal % _CHECK_EVERY == 0:
                check_cancel(cancel)
                if progress is not None:
                    progress(min(raw.tell() / size, 1.0))
            if done:
                raise _Stop
        elif tag in ("string", "id") and got.in_trace and depth_event == 0:
            if elem.get("key") == "concept:name":
                got.trace_name = elem.get("value", "")
        elif tag == "trace":
            got.end_trace()
            elem.clear()


def read_xes(
    file: Path,
    *,
    times: TimeOptions,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
    limit: int | None = None,
) -> ParseResult[EventTable]:
    if not file.exists():
        raise ImportFileError(f"{file}: no such file")
    size = max(file.stat().st_size, 1)
    if size <= 1 and not file.read_bytes().strip():
        raise ImportFileError(f"{file}: the file is empty")
    got = _Collector(limit)
    drive = _drive_expat if _plain_prolog(file) else _drive_defused
    fh = _open(file)
    raw = fh.fileobj if isinstance(fh, gzip.GzipFile) else fh  # type: ignore[attr-defined]
    try:
        drive(fh, size, raw, got, cancel, progress)
    except _Stop:
        got.end_trace()  # the trace the limit cut short
    except DefusedXmlException as exc:
        raise ImportFileError(
            f"{file}: refused: the XML declares entities or external references ({exc}); "
            "XES logs need neither"
        ) from None
    except (SyntaxError, expat.ExpatError) as exc:  # SyntaxError: ElementTree's ParseError
        raise ImportFileError(f"{file}: not a well-formed XES file ({exc})") from None
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise ImportFileError(f"{file}: cannot read the file ({exc})") from None
    finally:
        fh.close()
    if not got.saw_log:
        raise ImportFileError(f"{file}: not an XES event log (no <log> element)")
    check_cancel(cancel)
    rows = got.rows
    builder = EventBuilder(
        ["trace concept:name", "concept:name", "time:timestamp", "time:timestamp", "org:resource"],
        {"item": 0, "activity": 1, "start": 2, "end": 3, "resource": 4},
        times,
    )
    builder.add([rows.item, rows.activity, rows.start, rows.end, rows.resource], rows.row)
    table, problems = builder.finish()
    if table.resource is not None and not any(r is not None for r in table.resource.tolist()):
        table = dataclasses.replace(table, resource=None)
    if progress is not None:
        progress(1.0)
    opts: dict[str, Any] = {}
    if times.tz:
        opts["tz"] = times.tz
    return ParseResult(table, problems, "xes", str(file), opts, builder.notes)
