"""Jira-style status histories, in three shapes, as one row per status an item was in.

(a) a table of issue key, status, time entered; (b) a changelog table of key, field, from, to,
timestamp (rows whose field is not ``status`` are ignored); (c) the JSON of a Jira search with
``expand=changelog``. Each status becomes a row from the time it was entered to the next
change of the same item (the end is NaN for the status an item is in now).

The status before an item's first change has a known start only in (c) (the issue's
``created``) or when a changelog table has a ``created`` column; otherwise it is left out.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ..columns import guess_mapping, resolve_mapping
from ..events import EventTable
from ..problems import CancelFlag, ImportFileError, Progress, RowProblem, check_cancel
from ..timestamps import parse_timestamps
from . import ParseResult
from .builder import EventBuilder, TimeOptions
from .tabular import TabularFile

__all__ = ["close_statuses", "read_jira_json", "read_status_table"]


def close_statuses(table: EventTable) -> EventTable:
    """Sort by item and time; each row ends where the item's next row starts (NaN at the
    last)."""
    t = table.sorted_by_item_time()
    end = np.full(len(t), np.nan)
    if len(t) > 1:
        same = t.item_codes[1:] == t.item_codes[:-1]
        end[:-1] = np.where(same, t.start[1:], np.nan)
    return dataclasses.replace(t, end=end)


def read_status_table(
    table: TabularFile,
    explicit: Mapping[str, str] | None,
    times: TimeOptions,
    *,
    limit: int | None = None,
) -> ParseResult[EventTable]:
    """Shapes (a) and (b) from an opened CSV or XLSX table."""
    headers = table.headers
    source = str(table.path)
    roles = ("item", "activity", "start", "resource", "field", "from", "created")
    guessed = guess_mapping(headers, roles).columns
    given = dict(explicit or {})
    no_time = "start" not in guessed and "timestamp" not in given and "start" not in given
    if no_time and "created" in guessed:
        # A changelog whose change time is called "Created": that is the time of the change.
        given["start"] = guessed["created"]
    columns = resolve_mapping(headers, given, roles=roles, source=source)
    changelog = "field" in columns
    if changelog and "from" not in columns:
        raise ImportFileError(f"{source}: a changelog needs a 'from' column besides 'field'")
    builder = EventBuilder(headers, columns, times)
    first_status: dict[int, tuple[str, Any]] = {}  # row -> (from status, created cell)
    ignored = 0
    for n_batch, batch in enumerate(table.batches):
        if limit and n_batch:
            break
        builder.problems.extend(batch.problems)
        cols, rows = batch.columns, batch.rows
        if changelog:
            field_col = cols[columns["field"]]
            keep = [
                k for k, f in enumerate(field_col) if str(f or "").strip().casefold() == "status"
            ]
            ignored += len(rows) - len(keep)
            cols = [[c[k] for k in keep] for c in cols]
            rows = [rows[k] for k in keep]
            from_col = cols[columns["from"]]
            created_col = cols[columns["created"]] if "created" in columns else [None] * len(rows)
            for r, f, c in zip(rows, from_col, created_col, strict=True):
                first_status[r] = (str(f or "").strip(), c)
        builder.add(cols, rows)
    events, problems = builder.finish()
    notes = list(builder.notes)
    if ignored:
        notes.append(f"{ignored} changelog row(s) about fields other than status ignored")
    if changelog:
        events = _with_first_status(events, first_status, "created" in columns, times, notes)
    from .eventlog import read_options

    options = read_options(table, columns, times)
    options["shape"] = "changelog" if changelog else "status-entered"
    return ParseResult(
        table=close_statuses(events),
        problems=problems,
        format="jira",
        source=source,
        options=options,
        notes=notes,
    )


def _with_first_status(
    events: EventTable,
    first_status: dict[int, tuple[str, Any]],
    has_created: bool,
    times: TimeOptions,
    notes: list[str],
) -> EventTable:
    """Add each item's status before its first change, from ``created`` to that change."""
    if not has_created:
        notes.append(
            "the status before each item's first change is left out: the changelog has no "
            "'created' column to say when it began"
        )
        return events
    if not len(events):
        return events
    t = events.sorted_by_item_time()
    assert t.rows is not None
    firsts = np.flatnonzero(np.concatenate(([True], t.item_codes[1:] != t.item_codes[:-1])))
    picked = [first_status[int(t.rows[k])] for k in firsts.tolist()]
    created = parse_timestamps(
        [c for _, c in picked], tz=times.tz, date_order=times.date_order, numeric=times.numeric
    )
    keep = [
        k
        for k, (status, _) in enumerate(picked)
        if status and not np.isnan(created.seconds[k]) and created.seconds[k] <= t.start[firsts[k]]
    ]
    if not keep:
        return events
    idx = firsts[keep]
    extra = EventTable.from_columns(
        t.items[idx],
        [picked[k][0] for k in keep],
        created.seconds[keep],
        rows=t.rows[idx],
    )
    return EventTable.concat([events, extra])


# -- (c) the JSON of a Jira search ------------------------------------------------------------
def read_jira_json(
    file: Path,
    *,
    times: TimeOptions,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
    limit: int | None = None,
) -> ParseResult[EventTable]:
    """Issues of a search with ``expand=changelog``; rows are numbered by issue (1-based)."""
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"{file}: cannot read the file: {exc.strerror or exc}") from None
    if not raw.strip():
        raise ImportFileError(f"{file}: the file is empty")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ImportFileError(f"{file}: not a JSON file ({exc})") from None
    issues = data.get("issues") if isinstance(data, dict) else data
    if not isinstance(issues, list):
        raise ImportFileError(
            f"{file}: expected the JSON of a Jira search (an object with an 'issues' list)"
        )
    if limit:
        issues = issues[:limit]
    check_cancel(cancel)
    problems: list[RowProblem] = []
    # Pass 1: every status change, to order each issue's changes by true time.
    change_issue: list[int] = []
    change_time: list[Any] = []
    change_from: list[str] = []
    change_to: list[str] = []
    keys: list[str] = []
    created: list[Any] = []
    current: list[str] = []
    invalid: set[int] = set()
    for pos, issue in enumerate(issues):
        if not isinstance(issue, dict):
            problems.append(RowProblem(pos + 1, "an issue is not a JSON object"))
            invalid.add(pos)
            keys.append("")
            created.append(None)
            current.append("")
            continue
        fields: dict[str, Any] = issue["fields"] if isinstance(issue.get("fields"), dict) else {}
        keys.append(str(issue.get("key") or "").strip())
        created.append(fields.get("created"))
        status = fields.get("status")
        current.append(str(status.get("name") or "") if isinstance(status, dict) else "")
        changelog: dict[str, Any] = (
            issue["changelog"] if isinstance(issue.get("changelog"), dict) else {}
        )
        for history in changelog.get("histories") or []:
            if not isinstance(history, dict):
                continue
            for item in history.get("items") or []:
                if not isinstance(item, dict):
                    continue
                if str(item.get("field") or item.get("fieldId") or "").casefold() != "status":
                    continue
                change_issue.append(pos)
                change_time.append(history.get("created"))
                change_from.append(str(item.get("fromString") or "").strip())
                change_to.append(str(item.get("toString") or "").strip())
        if progress is not None and pos % 1000 == 0:
            progress(0.5 * pos / max(len(issues), 1))
    check_cancel(cancel)
    parsed = parse_timestamps(change_time, tz=times.tz, date_order=times.date_order)
    by_issue: dict[int, list[int]] = {}
    for k, pos in enumerate(change_issue):
        if parsed.bad[k] or parsed.blank[k]:
            why = parsed.reasons.get(k, "missing time of a status change")
            problems.append(RowProblem(pos + 1, f"issue {keys[pos] or '?'}: {why}", "created"))
            continue
        by_issue.setdefault(pos, []).append(k)
    # Pass 2: rows of (key, status, time entered) per issue.
    items: list[str] = []
    acts: list[str] = []
    starts: list[Any] = []
    rows: list[int] = []
    for pos, key in enumerate(keys):
        if pos in invalid:
            continue
        changes = sorted(by_issue.get(pos, []), key=lambda k: parsed.seconds[k])
        first = change_from[changes[0]] if changes else current[pos]
        items.append(key)
        acts.append(first)
        starts.append(created[pos])
        rows.append(pos + 1)
        for k in changes:
            items.append(key)
            acts.append(change_to[k])
            starts.append(change_time[k])
            rows.append(pos + 1)
    builder = EventBuilder(
        ["key", "status", "created"], {"item": 0, "activity": 1, "start": 2}, times
    )
    builder.add([items, acts, starts], rows)
    events, more = builder.finish()
    key_of = {pos + 1: key for pos, key in enumerate(keys)}
    for p in more:
        problems.append(
            RowProblem(p.row, f"issue {key_of.get(p.row) or '?'}: {p.reason}", p.column)
        )
    problems.sort(key=lambda p: p.row)
    if progress is not None:
        progress(1.0)
    return ParseResult(
        table=close_statuses(events),
        problems=problems,
        format="jira",
        source=str(file),
        options={"shape": "search-json", **({"tz": times.tz} if times.tz else {})},
        notes=builder.notes,
    )
